from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "cms.security"
    label = "security"
    verbose_name = "Security"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
