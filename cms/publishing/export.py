"""The export: every published page of a site, or what changed since a cursor, as NDJSON.

One JSON object per line: page objects in the page-detail shape of the
delivery API, tombstones `{"deleted": true, "id", "path"}` for paths that
no longer show a page, and a last line `{"cursor": "…", …}` to pass as
`since` next time. With `since`, every tombstone comes before every page,
so a path freed by one page and taken by another ends up with the new page.

Pages and change rows are read in keyset-paginated chunks of
PUBLISHING_EXPORT_CHUNK_SIZE, so memory does not grow with the site.
"""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from wagtail.models import Page, Site

from cms.api.pages import page_detail_json, site_pages
from cms.api.representation import SiteUrls

from .models import ChangedPage, ChangeEvent


class InvalidSince(ValueError):
    pass


@dataclass(frozen=True)
class Since:
    cursor: int | None = None
    time: datetime | None = None


def since_from(value: int | datetime) -> Since:
    """A cursor from an earlier export, or a time (the API accepts only zoned ones)."""
    if not isinstance(value, datetime):
        return Since(cursor=value)
    # In UTC: PostgreSQL refuses offsets beyond 15:59, which ISO 8601 allows.
    try:
        return Since(time=value.astimezone(UTC))
    except OverflowError:  # within a day of year 1 or 9999: before or after everything
        return Since(time=(datetime.min if value.year == 1 else datetime.max).replace(tzinfo=UTC))


def latest_cursor() -> int:
    return ChangeEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def export_lines(*, site: Site, base_url: str, since: Since | None = None) -> Iterator[str]:
    # Taken before anything is read: a change made while the export streams
    # has a larger id and comes again next time, so none is missed.
    cursor = latest_cursor()
    if since and since.cursor is not None and since.cursor > cursor:
        raise InvalidSince("since is a cursor this server never gave out.")
    return _lines(site=site, base_url=base_url, since=since, cursor=cursor)


def _lines(*, site: Site, base_url: str, since: Since | None, cursor: int) -> Iterator[str]:
    counts = {"pages": 0, "deleted": 0}
    if since is None:
        pages: Iterable[Page] = _all_pages(site)
    else:
        changes = ChangeEvent.objects.filter(site=site, pk__lte=cursor)
        if since.cursor is not None:
            changes = changes.filter(pk__gt=since.cursor)
        else:
            changes = changes.filter(created_at__gt=since.time)
        rows = ChangedPage.objects.filter(change__in=changes)
        for tombstone in _tombstones(site, rows):
            counts["deleted"] += 1
            yield _line(tombstone)
        site_wide = changes.filter(scope=ChangeEvent.Scope.SITE).exists()
        pages = _all_pages(site) if site_wide else _changed_pages(site, rows)
    for page in pages:
        counts["pages"] += 1
        yield _line(page_detail_json(page, site=site, base_url=base_url))
    yield _line({"cursor": str(cursor), **counts})


def _line(data: dict) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False) + "\n"


def _chunk_size() -> int:
    return settings.PUBLISHING_EXPORT_CHUNK_SIZE


def _all_pages(site: Site) -> Iterator[Page]:
    last_path = ""
    while chunk := list(
        site_pages(site).filter(path__gt=last_path).order_by("path")[: _chunk_size()]
    ):
        yield from _specific(chunk)
        last_path = chunk[-1].path


def _specific(pages: list[Page]) -> list[Page]:
    by_id = {page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()}
    return [by_id[page.pk] for page in pages if page.pk in by_id]


def _page_id_chunks(rows: QuerySet) -> Iterator[list[int]]:
    last_id = 0
    ids = rows.order_by("page_id").values_list("page_id", flat=True).distinct()
    while chunk := list(ids.filter(page_id__gt=last_id)[: _chunk_size()]):
        yield chunk
        last_id = chunk[-1]


def _changed_pages(site: Site, rows: QuerySet) -> Iterator[Page]:
    for ids in _page_id_chunks(rows):
        yield from _specific(list(site_pages(site).filter(pk__in=ids).order_by("pk")))


def _tombstones(site: Site, rows: QuerySet) -> Iterator[dict]:
    """Every path a changed page had that no longer shows it: left, deleted or moved away."""
    urls = SiteUrls.for_site(site)
    for ids in _page_id_chunks(rows):
        current = {
            page.pk: located[0]
            for page in site_pages(site).filter(pk__in=ids).only("id", "url_path")
            if (located := urls.locate(page.url_path))
        }
        seen: dict[int, list[str]] = {page_id: [] for page_id in ids}
        for page_id, path, previous in (
            rows.filter(page_id__in=ids)
            .order_by("pk")
            .values_list("page_id", "path", "previous_path")
        ):
            seen[page_id] += [p for p in (previous, path) if p and p not in seen[page_id]]
        for page_id in ids:
            for path in seen[page_id]:
                if path != current.get(page_id):
                    yield {"deleted": True, "id": page_id, "path": path}
