"""Turns Wagtail's signals into recorded changes and webhook deliveries.

Each handler notes what it needs from the signal (a deleted page is gone by
commit time) and does the rest in transaction.on_commit: nothing is
recorded for a publish that is rolled back, and the editor's request only
writes a few rows and enqueues; the POST happens in the worker.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from sites.models import SiteSettings

from . import changes, events
from .webhooks import webhooks_schedule


def _after_commit(record, **kwargs) -> None:
    transaction.on_commit(lambda: webhooks_schedule(changes=record(**kwargs)))


def on_page_published(sender, instance, revision=None, **kwargs) -> None:
    if instance.go_live_at or instance.expire_at:
        from .scheduling import scheduler_ensure

        transaction.on_commit(scheduler_ensure)
    if not instance.live:  # Wagtail sends the signal for a go-live in the future too
        return
    # Only `publish_scheduled` publishes a revision that carries an approved go-live time.
    scheduled = revision is not None and revision.approved_go_live_at is not None
    event = events.PAGE_SCHEDULED_PUBLISHED if scheduled else events.PAGE_PUBLISHED
    _after_commit(changes.page_change_record, event=event, page=changes.PageState.of(instance))


def on_page_unpublished(sender, instance, **kwargs) -> None:
    event = events.PAGE_EXPIRED if instance.expired else events.PAGE_UNPUBLISHED
    state = changes.PageState.of(instance)

    def record():
        # Wagtail unpublishes a page it is about to delete; "deleted" says it all then.
        if not Page.objects.filter(pk=state.id).exists():
            return []
        return changes.page_change_record(event=event, page=state)

    _after_commit(record)


def on_page_deleting(sender, instance, **kwargs) -> None:
    # Deleting a page also deletes the rows of its specific model; the base
    # Page row is the one to record, once. The database says whether it was
    # live: Wagtail's own pre_delete handler unpublishes the instance in memory.
    if type(instance) is not Page or not Page.objects.filter(pk=instance.pk, live=True).exists():
        return
    state = changes.PageState.of(instance)
    _after_commit(changes.page_change_record, event=events.PAGE_DELETED, page=state)


def on_page_moved(sender, instance, url_path_before, **kwargs) -> None:
    if instance.live:
        _after_commit(
            changes.page_relocation_record,
            event=events.PAGE_MOVED,
            page=instance,
            previous_url_path=url_path_before,
        )


def on_page_slug_changed(sender, instance, instance_before, **kwargs) -> None:
    # Wagtail sends this after the commit already.
    if instance.live:
        webhooks_schedule(
            changes=changes.page_relocation_record(
                event=events.PAGE_RENAMED, page=instance, previous_url_path=instance_before.url_path
            )
        )


def on_image_saved(sender, instance, **kwargs) -> None:
    transaction.on_commit(
        lambda: webhooks_schedule(
            changes=changes.image_change_record(
                image_id=instance.pk, page_ids=changes.pages_showing(instance)
            )
        )
    )


def on_image_deleting(sender, instance, **kwargs) -> None:
    # The references are gone after the delete; read them before.
    _after_commit(
        changes.image_change_record, image_id=instance.pk, page_ids=changes.pages_showing(instance)
    )


def on_redirect_changed(sender, instance, **kwargs) -> None:
    _after_commit(
        changes.redirect_change_record,
        site_id=instance.site_id,
        old_path=instance.old_path,
        target_page_id=instance.redirect_page_id,
    )


def on_site_settings_changed(sender, instance, **kwargs) -> None:
    _after_commit(
        changes.site_change_record, event=events.SETTINGS_CHANGED, site_id=instance.site_id
    )


def on_migrated(sender, **kwargs) -> None:
    """Every deployment migrates: a good moment to make sure scheduled publishing runs."""
    from .scheduling import scheduler_ensure

    scheduler_ensure()


def register_signal_handlers(app_config) -> None:
    uid = "publishing_"
    page_published.connect(on_page_published, dispatch_uid=f"{uid}published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid=f"{uid}unpublished")
    pre_delete.connect(on_page_deleting, dispatch_uid=f"{uid}page_deleted")
    post_page_move.connect(on_page_moved, dispatch_uid=f"{uid}moved")
    page_slug_changed.connect(on_page_slug_changed, dispatch_uid=f"{uid}renamed")
    image = get_image_model()
    post_save.connect(on_image_saved, sender=image, dispatch_uid=f"{uid}image_saved")
    pre_delete.connect(on_image_deleting, sender=image, dispatch_uid=f"{uid}image_deleted")
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(on_redirect_changed, sender=Redirect, dispatch_uid=f"{uid}redirect_{name}")
        signal.connect(
            on_site_settings_changed, sender=SiteSettings, dispatch_uid=f"{uid}settings_{name}"
        )
    post_migrate.connect(on_migrated, sender=app_config, dispatch_uid=f"{uid}migrated")
