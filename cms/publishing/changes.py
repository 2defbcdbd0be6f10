"""Recording what changed on which site, in the frontend's paths.

Each function writes ChangeEvent rows (one per site involved) and returns
them; cms.publishing.webhooks then hands them to the site's endpoints.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Locale, Page, ReferenceIndex, Site

from . import events
from .models import ChangedPage, ChangeEvent

DESCENDANT_CHUNK = 500


@dataclass(frozen=True)
class PageState:
    """What is known of a page at the moment of the change; the page may be gone later."""

    id: int
    type: str
    url_path: str
    locale_id: int

    @classmethod
    def of(cls, page: Page) -> "PageState":
        model = page.specific_class or Page
        return cls(page.pk, model._meta.label, page.url_path, page.locale_id)


@dataclass
class _Pending:
    """Page rows collected per site before they are written."""

    rows: dict[int, list[ChangedPage]] = field(default_factory=lambda: defaultdict(list))
    locales: dict[int, str] = field(default_factory=dict)

    def locale(self, locale_id: int) -> str:
        if not self.locales:
            self.locales.update(Locale.objects.values_list("pk", "language_code"))
        return self.locales.get(locale_id, "")

    def add(self, state: PageState, *, previous_url_path: str | None = None) -> None:
        now = site_path(state.url_path)
        before = site_path(previous_url_path) if previous_url_path else None
        common = {
            "page_id": state.id,
            "page_type": state.type,
            "locale": self.locale(state.locale_id),
        }
        if before and now and before[0] == now[0]:
            self.rows[now[0]].append(ChangedPage(path=now[1], previous_path=before[1], **common))
            return
        # Moved from one site to another: it leaves the old site and arrives on the new one.
        if before:
            self.rows[before[0]].append(ChangedPage(path="", previous_path=before[1], **common))
        if now:
            self.rows[now[0]].append(ChangedPage(path=now[1], **common))

    def write(self, event: str, *, detail: dict | None = None) -> list[ChangeEvent]:
        written = []
        existing = set(Site.objects.filter(pk__in=self.rows).values_list("pk", flat=True))
        with transaction.atomic():
            for site_id, rows in self.rows.items():
                if site_id not in existing:  # the site went with the page (its root)
                    continue
                change = ChangeEvent.objects.create(
                    site_id=site_id, event=event, detail=detail or {}
                )
                for row in rows:
                    row.change = change
                ChangedPage.objects.bulk_create(rows, batch_size=DESCENDANT_CHUNK)
                written.append(change)
        return written


def site_path(url_path: str) -> tuple[int, str] | None:
    """(site id, path on that site) for a Wagtail url_path, or None outside every site."""
    for root in Site.get_site_root_paths():  # most specific first
        if url_path.startswith(root.root_path):
            return root.site_id, "/" + url_path[len(root.root_path) :]
    return None


def page_change_record(
    *, event: str, page: PageState, previous_url_path: str | None = None, detail: dict | None = None
) -> list[ChangeEvent]:
    """A change of one page: published, unpublished, deleted."""
    pending = _Pending()
    pending.add(page, previous_url_path=previous_url_path)
    return pending.write(event, detail=detail)


def page_relocation_record(*, event: str, page: Page, previous_url_path: str) -> list[ChangeEvent]:
    """A move or rename: the page and each live page below it get a new path."""
    if previous_url_path == page.url_path:  # reordered among its siblings: no path changed
        return []
    pending = _Pending()
    pending.add(PageState.of(page), previous_url_path=previous_url_path)
    descendants = page.get_descendants().live().order_by("path")
    last_path = ""
    while chunk := list(descendants.filter(path__gt=last_path)[:DESCENDANT_CHUNK]):
        for descendant in chunk:
            before = previous_url_path + descendant.url_path[len(page.url_path) :]
            pending.add(PageState.of(descendant), previous_url_path=before)
        last_path = chunk[-1].path
    return pending.write(event)


def image_change_record(*, image_id: int, page_ids: list[int]) -> list[ChangeEvent]:
    """An image changed: the live pages that show it have changed too."""
    pending = _Pending()
    for page in Page.objects.live().filter(pk__in=page_ids).order_by("path"):
        pending.add(PageState.of(page))
    return pending.write(events.IMAGE_CHANGED, detail={"image_id": image_id})


def pages_showing(obj) -> list[int]:
    """Ids of pages that refer to an object (an image, a page), from Wagtail's reference index."""
    page_type = ContentType.objects.get_for_model(Page)
    ids = (
        ReferenceIndex.get_references_to(obj)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
        .distinct()
    )
    return [int(pk) for pk in ids]


def redirect_change_record(
    *, site_id: int | None, old_path: str, target_page_id: int | None
) -> list[ChangeEvent]:
    """A redirect changed on one site, or on every site for a redirect without one."""
    site_ids = [site_id] if site_id else list(Site.objects.values_list("pk", flat=True))
    target = Page.objects.live().filter(pk=target_page_id).first() if target_page_id else None
    written = []
    for each in Site.objects.filter(pk__in=site_ids):
        pending = _Pending()
        if target is not None:
            pending.add(PageState.of(target))
        rows = pending.rows.get(each.pk, [])
        change = ChangeEvent.objects.create(
            site=each, event=events.REDIRECT_CHANGED, detail={"old_path": old_path}
        )
        for row in rows:
            row.change = change
        ChangedPage.objects.bulk_create(rows)
        written.append(change)
    return written


def site_change_record(*, event: str, site_id: int) -> list[ChangeEvent]:
    """A change every page of the site shows (its settings, its frontend URL)."""
    if not Site.objects.filter(pk=site_id).exists():
        return []
    return [ChangeEvent.objects.create(site_id=site_id, event=event, scope=ChangeEvent.Scope.SITE)]
