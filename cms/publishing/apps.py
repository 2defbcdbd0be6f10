from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "cms.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers(self)
