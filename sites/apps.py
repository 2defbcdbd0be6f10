from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "sites"
    # "sites" would collide with django.contrib.sites.
    label = "multisite"
    verbose_name = "Sites"
