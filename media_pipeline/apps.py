from django.apps import AppConfig


class MediaPipelineConfig(AppConfig):
    name = "media_pipeline"
    verbose_name = "Media pipeline"

    def ready(self):
        from media_pipeline import checks  # noqa: F401  registers the system checks
        from media_pipeline.processing import allocator_return_large_buffers
        from media_pipeline.signal_handlers import register_signal_handlers

        register_signal_handlers()
        # Once per process, before any rendering: see the function's docstring.
        allocator_return_large_buffers()
