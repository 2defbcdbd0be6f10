"""Delivery API endpoints of cms.publishing, draft preview and export; cms.urls
mounts them beside the API's own."""

from django.http import StreamingHttpResponse
from ninja import Query, Router

from cms.api import schemas
from cms.api.errors import ApiError
from cms.api.http import SiteQuery, base_url, json_response, resolve_site, text
from cms.api.pages import page_detail_json
from cms.content.preview import PreviewTokenError, preview_page, preview_revision_get

from .export import InvalidSince, export_lines, since_parse

router = Router()


class PreviewQuery(SiteQuery):
    token: text(1000, min_length=1)


@router.get(
    "/preview/",
    response=schemas.PageDetail,
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


class ExportQuery(SiteQuery):
    since: text(40) | None = None


@router.get(
    "/export/",
    summary="Every published page as NDJSON, or what changed since a cursor",
    description="One JSON object per line: pages in the page-detail shape, tombstones "
    '`{"deleted": true, "id", "path"}` (with `since` only, before the pages), and a last '
    'line `{"cursor", "pages", "deleted"}`. Pass the cursor as `since` next time; '
    "`since` also takes an ISO 8601 time.",
)
def export(request, query: Query[ExportQuery]):
    site = resolve_site(query.site)
    try:
        since = since_parse(query.since) if query.since else None
        lines = export_lines(site=site, base_url=base_url(request), since=since)
    except InvalidSince as error:
        raise ApiError(400, "invalid_parameter", str(error), parameter="since") from error
    return StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")
