from django.db.models.signals import post_save
from wagtail.models import get_page_models

from .permissions import translated_home_rights_grant


def grant_rights_on_translated_home(sender, instance, created, raw=False, **kwargs):
    # wagtail-localize creates a home page's translation as a new page under
    # the tree root, where a client's editors have no rights of their own.
    if created and not raw and instance.depth == 2:
        translated_home_rights_grant(home=instance)


def register_signal_handlers() -> None:
    for model in get_page_models():
        post_save.connect(
            grant_rights_on_translated_home, sender=model, dispatch_uid=f"home-rights-{model}"
        )
