"""Purges the response cache when anything a response shows changes."""

from corsheaders.signals import check_request_enabled
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.content.models import TeamMember, Testimonial
from sites.models import SiteSettings

from .cache import content_changed
from .cors import allow_site_origin


def purge_after_commit(**kwargs) -> None:
    # After the commit, so no reader can render the old rows into a new entry;
    # still inside the request, so the editor's publish returns only once
    # readers get the new content.
    transaction.on_commit(content_changed)


def purge_after_page_delete(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        purge_after_commit()


def register_signal_handlers() -> None:
    check_request_enabled.connect(allow_site_origin, dispatch_uid="delivery_api_site_origins")
    page_published.connect(purge_after_commit, dispatch_uid="delivery_api_published")
    page_unpublished.connect(purge_after_commit, dispatch_uid="delivery_api_unpublished")
    post_page_move.connect(purge_after_commit, dispatch_uid="delivery_api_moved")
    post_delete.connect(purge_after_page_delete, dispatch_uid="delivery_api_page_deleted")
    # View restrictions decide which pages and documents are public.
    for model in (
        get_image_model(),
        get_document_model(),
        Redirect,
        Site,
        SiteSettings,
        PageViewRestriction,
        CollectionViewRestriction,
        Testimonial,
        TeamMember,
    ):
        uid = f"delivery_api_{model._meta.label_lower}"
        post_save.connect(purge_after_commit, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(purge_after_commit, sender=model, dispatch_uid=f"{uid}_deleted")
