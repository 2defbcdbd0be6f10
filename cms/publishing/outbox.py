"""What happens after a change is committed: the cache purge and the webhooks.

The change log (cms.publishing.changes) is written inside the transaction
of the change. After the commit two independent steps run, each in its own
robust on_commit callback, so one failing never skips the other and never
fails the editor's publish:

- the purge of the API responses of the sites that can show the change;
- the scheduling of the webhook deliveries of the change.

Each marks its change done (`purged_at`, `dispatched_at`). What a dead
process or a Redis outage left undone, the worker's periodic `outbox_relay`
finds and does; each step is idempotent, and the dispatch marks a change in
the same transaction that schedules it, so a change is dispatched once.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from cms.api.cache import sites_purge
from cms.api.pages import pages_showing_any
from sites.frontend import FrontendUrls

from . import events
from .models import ChangedPage, ChangeEvent
from .webhooks import webhooks_schedule

logger = logging.getLogger(__name__)

# The relay leaves the newest changes to their own on_commit callbacks.
RELAY_GRACE = timedelta(seconds=5)
RELAY_BATCH = 500


def changes_announce(changes: list[ChangeEvent]) -> None:
    """Plans the after-commit steps of changes just written in this transaction."""
    change_ids = [change.pk for change in changes]
    if not change_ids:
        return

    # Named functions, not partials: Django names a failed callback in its log.
    def purge_changes():
        changes_purge(change_ids=change_ids)

    def dispatch_changes():
        changes_dispatch(change_ids=change_ids)

    transaction.on_commit(purge_changes, robust=True)
    transaction.on_commit(dispatch_changes, robust=True)


def changes_purge(*, change_ids: list[int]) -> None:
    """Purges the cached responses that can show these changes; raises if the cache is down."""
    changes = list(ChangeEvent.objects.filter(pk__in=change_ids, purged_at=None))
    if not changes:
        return
    sites_purge(hostnames=purge_hostnames(changes))
    ChangeEvent.objects.filter(pk__in=[c.pk for c in changes]).update(purged_at=timezone.now())


def purge_hostnames(changes: list[ChangeEvent]) -> list[str] | None:
    """The sites whose responses can show these changes, or None for every site: the
    changed sites, and the sites with pages that link to a changed page."""
    changes = [change for change in changes if change.event not in events.SHOP]
    if any(change.event in events.EVERY_SITE for change in changes):
        return None
    site_ids = {change.site_id for change in changes}
    page_ids = set(ChangedPage.objects.filter(change__in=changes).values_list("page_id", flat=True))
    if page_ids:
        urls = FrontendUrls.load()
        linking = Page.objects.filter(pk__in=pages_showing_any(Page, page_ids))
        for url_path in linking.values_list("url_path", flat=True):
            if location := urls.locate(url_path):
                site_ids.add(location.site_id)
    return list(Site.objects.filter(pk__in=site_ids).values_list("hostname", flat=True))


def changes_dispatch(*, change_ids: list[int]) -> None:
    """Schedules the webhooks of each change not dispatched yet, exactly once."""
    for change in ChangeEvent.objects.filter(pk__in=change_ids, dispatched_at=None):
        with transaction.atomic():
            # The conditional update is the claim: of two processes relaying the
            # same change, the second updates nothing once the first committed.
            claimed = ChangeEvent.objects.filter(pk=change.pk, dispatched_at=None).update(
                dispatched_at=timezone.now()
            )
            if claimed:
                webhooks_schedule(changes=[change])


def outbox_relay() -> dict[str, int]:
    """Does what the after-commit steps left undone; run by the worker periodically."""
    cutoff = timezone.now() - RELAY_GRACE
    unpurged = list(
        ChangeEvent.objects.filter(purged_at=None, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:RELAY_BATCH]
    )
    undispatched = list(
        ChangeEvent.objects.filter(dispatched_at=None, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:RELAY_BATCH]
    )
    if unpurged:
        try:
            changes_purge(change_ids=unpurged)
        except Exception:  # the cache is still down: the next run tries again
            logger.warning("Purging the API cache failed; trying again later.", exc_info=True)
    if undispatched:
        changes_dispatch(change_ids=undispatched)
    return {"purged": len(unpurged), "dispatched": len(undispatched)}
