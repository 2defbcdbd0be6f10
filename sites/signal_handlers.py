from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale, PageViewRestriction, Site, get_page_models
from wagtail.signals import post_page_move

from .frontend import frontend_urls_forget
from .models import SiteSettings
from .permissions import translated_home_rights_grant


def translated_home_created(sender, instance, created, raw=False, **kwargs):
    # wagtail-localize creates a home page's translation as a new page under
    # the tree root, where a client's editors have no rights of their own.
    if created and not raw and instance.depth == 2 and translated_home_rights_grant(home=instance):
        # It is also a new root path of the site (/en/), and Wagtail clears its
        # cache of root paths only when a Site row changes.
        Site.clear_site_root_paths_cache()


def site_changed(sender, instance, raw=False, **kwargs):
    """A site, its settings or a language: where pages live may have changed."""
    if not raw:
        frontend_urls_forget()


def home_changed(sender, instance, raw=False, **kwargs):
    """A page at the top of a tree is a site's home page in some language: its path
    and language are where that site's pages live."""
    if not raw and instance.depth is not None and instance.depth <= 2:
        frontend_urls_forget()


def restrictions_changed(sender, raw=False, **kwargs):
    """A view restriction added or lifted, or pages moved (a restricted page's
    subtree is known by its tree path): which pages visitors may see changed."""
    if not raw:
        frontend_urls_forget()


def register_signal_handlers() -> None:
    for model in get_page_models():
        post_save.connect(
            translated_home_created, sender=model, dispatch_uid=f"home-rights-{model}"
        )
        for signal in (post_save, post_delete):
            signal.connect(home_changed, sender=model, dispatch_uid=f"home-changed-{model}")
    for model in (Site, SiteSettings, Locale):
        for signal in (post_save, post_delete):
            signal.connect(site_changed, sender=model, dispatch_uid=f"site-changed-{model}")
    for signal in (post_save, post_delete):
        signal.connect(restrictions_changed, sender=PageViewRestriction, dispatch_uid="restricted")
    post_page_move.connect(restrictions_changed, dispatch_uid="restricted-moved")
