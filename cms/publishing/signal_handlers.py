"""The registry of content changes: which model changes frontends hear about.

Everything that can change a delivery API response is connected here, and
nowhere else: pages, view restrictions, images, documents, snippets,
redirects, sites and site settings (their languages too). Each handler
writes the change log in the transaction of the change itself
(cms.publishing.changes) and hands it to cms.publishing.outbox, which
purges the response cache of the sites that can show it and schedules the
webhooks after the commit. A rolled-back change leaves no trace.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete, pre_save
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.api.cache import sites_purge
from cms.booking.models import Booking
from cms.content.models import TeamMember, Testimonial
from cms.shop.signals import order_changed
from sites.models import SiteSettings

from . import changes, events
from .outbox import changes_announce


def _record(record, **kwargs) -> None:
    changes_announce(record(**kwargs))


def on_booking_changed(sender, instance, **kwargs) -> None:
    _record(changes.availability_change_record, booking=instance)


def on_page_published(sender, instance, revision=None, **kwargs) -> None:
    if instance.go_live_at or instance.expire_at:
        from .scheduling import scheduler_ensure

        transaction.on_commit(scheduler_ensure, robust=True)
    if not instance.live:  # Wagtail sends the signal for a go-live in the future too
        return
    # Only `publish_scheduled` publishes a revision that carries an approved go-live time.
    scheduled = revision is not None and revision.approved_go_live_at is not None
    event = events.PAGE_SCHEDULED_PUBLISHED if scheduled else events.PAGE_PUBLISHED
    _record(changes.page_change_record, event=event, page=changes.PageState.of(instance))


def on_page_unpublished(sender, instance, **kwargs) -> None:
    # Wagtail unpublishes a page it is about to delete without saving it, so
    # the database still says live; "deleted" (on_page_deleting) says it all then.
    if Page.objects.filter(pk=instance.pk, live=True).exists():
        return
    event = events.PAGE_EXPIRED if instance.expired else events.PAGE_UNPUBLISHED
    _record(changes.page_change_record, event=event, page=changes.PageState.of(instance))


def on_page_deleting(sender, instance, **kwargs) -> None:
    # Deleting a page also deletes the rows of its specific model; the base
    # Page row is the one to record, once. The database says whether it was
    # live: Wagtail's own pre_delete handler unpublishes the instance in memory.
    if type(instance) is not Page or not Page.objects.filter(pk=instance.pk, live=True).exists():
        return
    _record(
        changes.page_change_record, event=events.PAGE_DELETED, page=changes.PageState.of(instance)
    )


def on_page_moved(sender, instance, url_path_before, **kwargs) -> None:
    if instance.live:
        _record(
            changes.page_relocation_record,
            event=events.PAGE_MOVED,
            page=instance,
            previous_url_path=url_path_before,
        )


def on_page_saving(sender, instance, **kwargs) -> None:
    """Notes a live page's stored slug and path: Wagtail reports a new slug only after
    the commit, too late for the change log to be part of the change."""
    if isinstance(instance, Page) and instance.pk and instance.live:
        instance._stored_slug_and_path = (
            Page.objects.filter(pk=instance.pk).values_list("slug", "url_path").first()
        )


def on_page_saved(sender, instance, **kwargs) -> None:
    stored = getattr(instance, "_stored_slug_and_path", None)
    if not stored:
        return
    del instance._stored_slug_and_path
    slug, url_path = stored
    # A move keeps the slug and is recorded by on_page_moved.
    if slug != instance.slug and url_path != instance.url_path:
        _record(
            changes.page_relocation_record,
            event=events.PAGE_RENAMED,
            page=instance,
            previous_url_path=url_path,
        )


def on_view_restriction_changed(sender, instance, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:  # deleted with its page, which records itself
        _record(changes.page_privacy_record, page=page)


def on_collection_restriction_changed(sender, instance, **kwargs) -> None:
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is None:  # deleted with its collection, and so are its documents
        return
    documents = get_document_model().objects.filter(collection__path__startswith=collection.path)
    _record(
        changes.document_change_record,
        document_ids=list(documents.values_list("pk", flat=True)),
    )


def on_image_changed(sender, instance, **kwargs) -> None:
    _record(
        changes.image_change_record,
        image_id=instance.pk,
        page_ids=changes.pages_showing(instance),
    )


def on_document_changed(sender, instance, **kwargs) -> None:
    _record(changes.document_change_record, document_ids=[instance.pk])


def on_snippet_changed(sender, instance, **kwargs) -> None:
    _record(changes.snippet_change_record, snippet=instance)


def on_order_changed(sender, order, **kwargs) -> None:
    _record(changes.order_change_record, order=order)


def on_redirect_changed(sender, instance, **kwargs) -> None:
    _record(
        changes.redirect_change_record,
        site_id=instance.site_id,
        old_path=instance.old_path,
        target_page_id=instance.redirect_page_id,
    )


def on_site_settings_saving(sender, instance, **kwargs) -> None:
    """Notes the pages of the languages the site is about to stop publishing, with
    their paths as they are before the save."""
    # No settings yet means every content language, as an empty field does.
    stored = SiteSettings.objects.filter(pk=instance.pk).values_list("languages", flat=True)
    before = (stored.first() if instance.pk else None) or ""
    if before.split() != instance.languages.split():
        instance._pages_leaving = changes.languages_leaving(
            site=instance.site, languages=instance.languages
        )


def on_site_settings_changed(sender, instance, **kwargs) -> None:
    _record(
        changes.site_change_record,
        event=events.SETTINGS_CHANGED,
        site_id=instance.site_id,
        leaving=instance.__dict__.pop("_pages_leaving", None),
    )


def on_site_saved(sender, instance, **kwargs) -> None:
    _record(changes.site_change_record, event=events.SITE_CHANGED, site_id=instance.pk)


def on_site_deleted(sender, instance, **kwargs) -> None:
    # The site's change log goes with it; other sites' links to it go stale.
    def purge_every_site():
        sites_purge(hostnames=None)

    transaction.on_commit(purge_every_site, robust=True)


def on_migrated(sender, **kwargs) -> None:
    """Every deployment migrates: a good moment to make sure the worker's upkeep runs."""
    from .scheduling import scheduler_ensure

    scheduler_ensure()


def register_signal_handlers(app_config) -> None:
    uid = "publishing_"
    page_published.connect(on_page_published, dispatch_uid=f"{uid}published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid=f"{uid}unpublished")
    pre_delete.connect(on_page_deleting, dispatch_uid=f"{uid}page_deleted")
    post_page_move.connect(on_page_moved, dispatch_uid=f"{uid}moved")
    pre_save.connect(on_page_saving, dispatch_uid=f"{uid}page_saving")
    post_save.connect(on_page_saved, dispatch_uid=f"{uid}page_saved")
    post_save.connect(on_site_saved, sender=Site, dispatch_uid=f"{uid}site_saved")
    post_delete.connect(on_site_deleted, sender=Site, dispatch_uid=f"{uid}site_deleted")
    # On a delete the references to an image or document are read before they go.
    for name, model, handler in (
        ("image", get_image_model(), on_image_changed),
        ("document", get_document_model(), on_document_changed),
    ):
        post_save.connect(handler, sender=model, dispatch_uid=f"{uid}{name}_saved")
        pre_delete.connect(handler, sender=model, dispatch_uid=f"{uid}{name}_deleted")
    registry = (
        ("view_restriction", PageViewRestriction, on_view_restriction_changed),
        ("collection_restriction", CollectionViewRestriction, on_collection_restriction_changed),
        ("testimonial", Testimonial, on_snippet_changed),
        ("team_member", TeamMember, on_snippet_changed),
        ("redirect", Redirect, on_redirect_changed),
        ("settings", SiteSettings, on_site_settings_changed),
        ("booking", Booking, on_booking_changed),
    )
    for name, model, handler in registry:
        post_save.connect(handler, sender=model, dispatch_uid=f"{uid}{name}_saved")
        post_delete.connect(handler, sender=model, dispatch_uid=f"{uid}{name}_deleted")
    pre_save.connect(
        on_site_settings_saving, sender=SiteSettings, dispatch_uid=f"{uid}settings_saving"
    )
    post_migrate.connect(on_migrated, sender=app_config, dispatch_uid=f"{uid}migrated")
    order_changed.connect(on_order_changed, dispatch_uid=f"{uid}order_changed")
