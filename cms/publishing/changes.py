"""Recording what changed on which site, in the frontend's paths.

Each function writes ChangeEvent rows (one per site involved) in the
caller's transaction and returns them: the change log is the outbox, so it
is written with the change itself or not at all. cms.publishing.outbox does
what follows after the commit. Paths come from sites.frontend, the rule the
delivery API uses too.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from cms.api.pages import pages_showing_any, sites_showing_image
from sites.frontend import FrontendUrls
from sites.models import site_language_codes

from . import events
from .models import ChangedPage, ChangeEvent

DESCENDANT_CHUNK = 500
# Any number unique to this purpose among the installation's advisory locks.
CHANGELOG_LOCK = 720_510


@dataclass(frozen=True)
class PageState:
    """What is known of a page at the moment of the change; the page may be gone later."""

    id: int
    type: str
    url_path: str

    @classmethod
    def of(cls, page: Page) -> "PageState":
        model = page.specific_class or Page
        return cls(page.pk, model._meta.label, page.url_path)


@dataclass
class _Pending:
    """Page rows collected per site before they are written."""

    rows: dict[int, list[ChangedPage]] = field(default_factory=lambda: defaultdict(list))
    urls: FrontendUrls = field(default_factory=FrontendUrls.load)

    def add(
        self, state: PageState, *, previous_url_path: str | None = None, leaving: bool = False
    ) -> None:
        """A page where it is now (and was before a move); `leaving`: where it was
        until now, on a site that is about to stop showing it."""
        now = self.urls.locate(state.url_path)
        before = self.urls.locate(previous_url_path) if previous_url_path else None
        if leaving:
            now, before = None, now
        if before and now and before.site_id == now.site_id:
            self.rows[now.site_id].append(
                self._row(state, now.language, path=now.path, previous_path=before.path)
            )
            return
        # Moved from one site to another: it leaves the old site and arrives on the new one.
        if before:
            self.rows[before.site_id].append(
                self._row(state, before.language, path="", previous_path=before.path)
            )
        if now:
            self.rows[now.site_id].append(self._row(state, now.language, path=now.path))

    @staticmethod
    def _row(state: PageState, language: str, **paths) -> ChangedPage:
        return ChangedPage(page_id=state.id, page_type=state.type, locale=language, **paths)

    def write(
        self,
        event: str,
        *,
        detail: dict | None = None,
        sites: set[int] = frozenset(),
        scope: str = ChangeEvent.Scope.PAGES,
    ) -> list[ChangeEvent]:
        """One change per site with rows, and one without rows for each of `sites`."""
        site_ids = set(self.rows) | set(sites)
        existing = set(Site.objects.filter(pk__in=site_ids).values_list("pk", flat=True))
        written = []
        with transaction.atomic():
            changelog_lock()
            for site_id in sorted(site_ids & existing):  # a site can go with its root page
                change = ChangeEvent.objects.create(
                    site_id=site_id, event=event, detail=detail or {}, scope=scope
                )
                rows = self.rows.get(site_id, [])
                for row in rows:
                    row.change = change
                ChangedPage.objects.bulk_create(rows, batch_size=DESCENDANT_CHUNK)
                written.append(change)
        return written


def changelog_lock() -> None:
    """Makes change ids commit in the order they are given out, until this transaction ends.

    The export hands out the highest id it saw as the cursor. On PostgreSQL
    two transactions could otherwise take ids 10 and 11 and commit 11 first;
    an export in between would say "up to 11" and id 10 would never be
    exported. SQLite lets one writer at a time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHANGELOG_LOCK])


def page_change_record(
    *, event: str, page: PageState, previous_url_path: str | None = None, detail: dict | None = None
) -> list[ChangeEvent]:
    """A change of one page: published, unpublished, deleted."""
    pending = _Pending()
    pending.add(page, previous_url_path=previous_url_path)
    return pending.write(event, detail=detail)


def _live_descendants(page: Page):
    """The live pages below a page, in chunks, so a large section stays in bounded memory."""
    descendants = page.get_descendants().live().order_by("path")
    last_path = ""
    while chunk := list(descendants.filter(path__gt=last_path)[:DESCENDANT_CHUNK]):
        yield from chunk
        last_path = chunk[-1].path


def page_relocation_record(*, event: str, page: Page, previous_url_path: str) -> list[ChangeEvent]:
    """A move or rename: the page and each live page below it get a new path.

    Descendants may still carry their old url_path (a rename is recorded
    while Wagtail saves, before it updates them) or the new one (a move);
    either way the part below the page is what they keep.
    """
    if previous_url_path == page.url_path:  # reordered among its siblings: no path changed
        return []
    pending = _Pending()
    pending.add(PageState.of(page), previous_url_path=previous_url_path)
    for descendant in _live_descendants(page):
        old = descendant.url_path.startswith(previous_url_path)
        below = descendant.url_path[len(previous_url_path if old else page.url_path) :]
        state = PageState.of(descendant)
        pending.add(
            PageState(state.id, state.type, page.url_path + below),
            previous_url_path=previous_url_path + below,
        )
    return pending.write(event)


def page_privacy_record(*, page: Page) -> list[ChangeEvent]:
    """A view restriction added or removed: the page and the live pages below it
    leave or join what visitors (and the API) see."""
    pending = _Pending()
    for each in (page, *_live_descendants(page)):
        if each.live:
            pending.add(PageState.of(each))
    private = Page.objects.filter(pk=page.pk).not_public().exists()
    return pending.write(events.PAGE_PRIVACY_CHANGED, detail={"private": private})


def pages_showing(obj) -> list[int]:
    """Ids of pages that refer to an object (an image, a page), from Wagtail's reference index."""
    return pages_showing_any(type(obj), [obj.pk])


def _pages_record(event: str, *, page_ids: list[int], detail: dict, sites=frozenset()):
    pending = _Pending()
    for page in Page.objects.live().filter(pk__in=page_ids).order_by("path"):
        pending.add(PageState.of(page))
    return pending.write(event, detail=detail, sites=sites)


def image_change_record(*, image_id: int, page_ids: list[int]) -> list[ChangeEvent]:
    """An image changed: the live pages that show it have changed, and so has what
    the sites that hand it out (their logo or team) answer for it."""
    return _pages_record(
        events.IMAGE_CHANGED,
        page_ids=page_ids,
        detail={"image_id": image_id},
        sites=sites_showing_image(image_id),
    )


def document_change_record(*, document_ids: list[int]) -> list[ChangeEvent]:
    """Documents changed (or their collection's privacy did): the pages linking them."""
    return _pages_record(
        events.DOCUMENT_CHANGED,
        page_ids=pages_showing_any(get_document_model(), document_ids),
        detail={"document_ids": sorted(document_ids)},
    )


def snippet_change_record(*, snippet) -> list[ChangeEvent]:
    """A testimonial or team member of a site changed; frontends read them from the API."""
    detail = {
        "type": snippet._meta.label,
        "id": snippet.pk,
        "locale": snippet.locale.language_code if snippet.locale_id else "",
    }
    return _Pending().write(events.SNIPPET_CHANGED, detail=detail, sites={snippet.site_id})


def order_change_record(*, order) -> list[ChangeEvent]:
    """A shop order was placed or moved along its status flow: the shop's own
    systems (a delivery app, a till) follow it. No customer data goes out."""
    detail = {
        "type": order._meta.label,
        "id": order.pk,
        "status": order.status,
        "date": order.date.isoformat(),
        "pickup": order.pickup,
    }
    return _Pending().write(events.ORDER_CHANGED, detail=detail, sites={order.site_id})


def redirect_change_record(
    *, site_id: int | None, old_path: str, target_page_id: int | None
) -> list[ChangeEvent]:
    """A redirect changed on one site, or on every site for a redirect without one."""
    site_ids = {site_id} if site_id else set(Site.objects.values_list("pk", flat=True))
    pending = _Pending()
    target = Page.objects.live().filter(pk=target_page_id).first() if target_page_id else None
    if target is not None:
        pending.add(PageState.of(target))
    # The target's row belongs to the redirect's own sites only.
    pending.rows = defaultdict(list, {k: v for k, v in pending.rows.items() if k in site_ids})
    return pending.write(events.REDIRECT_CHANGED, detail={"old_path": old_path}, sites=site_ids)


def languages_leaving(*, site: Site, languages: str) -> "_Pending":
    """Before a site stops publishing some languages: their live pages, at the paths
    they have until then, as pages leaving the site (so the export sends tombstones)."""
    pending = _Pending()  # the locations as they are before the change
    keep = site_language_codes(default=site.root_page.locale.language_code, languages=languages)
    homes = Page.objects.live().filter(translation_key=site.root_page.translation_key)
    for home in homes.exclude(locale__language_code__in=keep):
        for page in (home, *_live_descendants(home)):
            pending.add(PageState.of(page), leaving=True)
    return pending


def site_change_record(
    *, event: str, site_id: int, leaving: "_Pending | None" = None
) -> list[ChangeEvent]:
    """A change every page of the site shows (its settings, its address), with the
    pages that leave it when it stops publishing a language."""
    pending = leaving or _Pending()
    pending.rows = defaultdict(list, {site_id: pending.rows.get(site_id, [])})
    return pending.write(event, sites={site_id}, scope=ChangeEvent.Scope.SITE)


def availability_change_record(*, booking) -> list[ChangeEvent]:
    """An appointment was held, booked, moved, approved or cancelled: a frontend that
    shows free slots fetches them again for that adviser and time."""
    detail = {
        "booking_id": booking.pk,
        "status": booking.status,
        "staff_id": booking.staff_id,
        "service_id": booking.service_id,
        "start": booking.start.isoformat(),
        "end": booking.end.isoformat(),
    }
    return _Pending().write(events.AVAILABILITY_CHANGED, detail=detail, sites={booking.site_id})
