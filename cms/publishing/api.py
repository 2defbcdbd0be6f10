"""Delivery API endpoints of cms.publishing, draft preview and export; cms.urls
mounts them beside the API's own."""

import re
from typing import Annotated, Literal

from django.http import StreamingHttpResponse
from ninja import Field, Query, Router, Schema
from pydantic import AwareDatetime, BeforeValidator
from typing_extensions import TypeAliasType

from cms.api.errors import ApiError, error_codes_add
from cms.api.http import SiteQuery, base_url, json_response, resolve_site, responses, text
from cms.api.page_fields import PageDetail
from cms.api.pages import page_detail_json
from cms.content.preview import PreviewTokenError, preview_page, preview_revision_get

from .export import InvalidSince, export_lines, since_from

router = Router()
MAX_CURSOR = 2**63 - 1

error_codes_add(
    {
        "preview_token_expired": "the preview link expired; open a new one from the admin",
        "preview_token_invalid": "not a valid preview token",
        "preview_wrong_site": "the preview is for another site",
        "preview_not_found": "the previewed page or draft is gone",
        "cursor_unknown": "the export cursor was never given out here: export everything again",
    }
)


class Tombstone(Schema):
    """A page that is gone from the site since the cursor: delete it."""

    deleted: Literal[True]
    id: int
    path: str


class ExportEnd(Schema):
    """The last line: the cursor to pass as `since` next time, and the counts."""

    cursor: str
    pages: int
    deleted: int


ExportLine = TypeAliasType("ExportLine", PageDetail | Tombstone | ExportEnd)


class PreviewQuery(SiteQuery):
    token: text(1000, min_length=1)


@router.get(
    "/preview/",
    response=responses(PageDetail, 401, 403, cached=False),
    summary="A draft, for the preview link from the admin",
    description="The page as it will look when published, for a signed preview token. "
    "401 for an expired or altered token, 403 for another site's. Never cached.",
)
def preview(request, query: Query[PreviewQuery]):
    site = resolve_site(query.site)
    try:
        revision = preview_revision_get(token=query.token, site=site)
    except PreviewTokenError as error:
        raise ApiError(error.status, error.code, error.message) from error
    page = preview_page(revision)
    return json_response(page_detail_json(page, site=site, base_url=base_url(request)))


def _written_as_a_date(value):
    # pydantic would also read a bare number as seconds since 1970; a number
    # here is a cursor, and one that is not valid must not become a time.
    if isinstance(value, str) and not re.match(r"\d{4}-", value):
        raise ValueError("Input should be an ISO 8601 time, such as 2026-03-01T12:00:00Z")
    return value


class ExportQuery(SiteQuery):
    since: (
        Annotated[int, Field(ge=0, le=MAX_CURSOR)]
        | Annotated[AwareDatetime, BeforeValidator(_written_as_a_date)]
        | None
    ) = Field(
        None, description="The cursor of an earlier export's last line, or a time with its zone."
    )


@router.get(
    "/export/",
    response=responses(ExportLine, 409, cached=False),
    # One line per object, so the 200 answer is NDJSON, not a JSON document.
    openapi_extra={
        "responses": {
            200: {
                "description": "One ExportLine per line.",
                "content": {
                    "application/x-ndjson": {"schema": {"$ref": "#/components/schemas/ExportLine"}}
                },
            }
        }
    },
    summary="Every published page as NDJSON, or what changed since a cursor",
    description="One JSON object per line: pages in the page-detail shape, tombstones "
    '`{"deleted": true, "id", "path"}` (with `since` only, before the pages), and a last '
    'line `{"cursor", "pages", "deleted"}`. Pass the cursor as `since` next time; '
    "`since` also takes an ISO 8601 time.",
)
def export(request, query: Query[ExportQuery]):
    site = resolve_site(query.site)
    since = since_from(query.since) if query.since is not None else None
    try:
        lines = export_lines(site=site, base_url=base_url(request), since=since)
    except InvalidSince as error:
        # A cursor of another installation, or of this one before a restore: the
        # frontend cannot know what it missed, so it starts again from a full export.
        raise ApiError(409, "cursor_unknown", str(error), parameter="since") from error
    return StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")
