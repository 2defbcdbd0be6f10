from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def claim_lease_shorter_than_task_lease(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """A rendition task that a dead worker left running is handed out again after
    TASKS_RUNNING_LEASE; if its claims had not expired by then, the second run
    would find them held, render nothing and report success, and the set would
    stay unfinished for good."""
    if settings.MEDIA_PIPELINE_CLAIM_TIMEOUT < settings.TASKS_RUNNING_LEASE:
        return []
    return [
        checks.Error(
            "IMAGES_RENDER_CLAIM_SECONDS must be shorter than TASKS_RUNNING_LEASE "
            f"({settings.MEDIA_PIPELINE_CLAIM_TIMEOUT} >= {settings.TASKS_RUNNING_LEASE}).",
            hint="A task re-run after a dead worker must find the dead worker's claims expired.",
            id="media_pipeline.E001",
        )
    ]
