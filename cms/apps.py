from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The project package, installed so its project-wide commands are found."""

    name = "cms"
    verbose_name = "CMS"
