from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """What a deployment needs from the running code: health endpoints and logs."""

    name = "cms.operations"
    label = "operations"
    verbose_name = "Operations"
