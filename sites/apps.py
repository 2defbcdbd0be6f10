from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "sites"
    # "sites" would collide with django.contrib.sites.
    label = "multisite"
    verbose_name = "Sites"

    def ready(self):
        from wagtail.admin.views.pages.listing import PageFilterSet

        from .permissions import sites_for_user
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

        # The explorer's "site" filter lists every site and Wagtail has no hook
        # for its choices; django-filter accepts a queryset callable per request.
        PageFilterSet.base_filters["site"].queryset = lambda request: sites_for_user(request.user)
