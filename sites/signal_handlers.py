from django.db.models.signals import post_save
from wagtail.models import Site, get_page_models

from .permissions import translated_home_rights_grant


def translated_home_created(sender, instance, created, raw=False, **kwargs):
    # wagtail-localize creates a home page's translation as a new page under
    # the tree root, where a client's editors have no rights of their own.
    if created and not raw and instance.depth == 2 and translated_home_rights_grant(home=instance):
        # It is also a new root path of the site (/en/), and Wagtail clears its
        # cache of root paths only when a Site row changes.
        Site.clear_site_root_paths_cache()


def register_signal_handlers() -> None:
    for model in get_page_models():
        post_save.connect(
            translated_home_created, sender=model, dispatch_uid=f"home-rights-{model}"
        )
