from django.apps import AppConfig


class MediaPipelineConfig(AppConfig):
    name = "media_pipeline"
    verbose_name = "Media pipeline"

    def ready(self):
        from media_pipeline.signal_handlers import register_signal_handlers

        register_signal_handlers()
