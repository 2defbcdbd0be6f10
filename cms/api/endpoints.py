"""The delivery API's endpoints. Each resolves the site, asks cms.api.pages or
cms.api.representation for the JSON, and returns it; nothing else lives here."""

from typing import Annotated, Literal

from django.db.models import Count, Window
from ninja import Field, Query, Router
from pydantic import WithJsonSchema
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page, Site, get_page_models

from cms.content.models import TeamMember, Testimonial
from cms.security.client_ip import client_address
from sites.models import SiteSettings

from . import schemas
from .errors import ApiError
from .forms import form_definition, form_submission_create
from .http import (
    Id,
    Language,
    SiteQuery,
    Text,
    base_url,
    json_object,
    json_response,
    resolve_site,
    responses,
    text,
)
from .locales import site_locales
from .page_fields import PAGE_TYPES, PageDetail, PageList
from .pages import (
    filter_by_tag,
    image_is_on_site,
    listing_json,
    page_alternates,
    page_at_path,
    page_by_id,
    page_detail_json,
    site_pages,
    site_pages_anywhere,
)
from .representation import SiteUrls, represent
from .snippets import site_snippets, snippet_translations

router = Router()

ORDERS = {
    "path": ("path",),
    "title": ("title",),
    "-title": ("-title",),
    "first_published_at": ("first_published_at",),
    "-first_published_at": ("-first_published_at",),
    "last_published_at": ("last_published_at",),
    "-last_published_at": ("-last_published_at",),
}


class ListingQuery(SiteQuery):
    # Documented as the labels pages carry in `type`; the class name, in any
    # case, is taken too, as it always was.
    type: Annotated[Text, WithJsonSchema({"type": "string", "enum": list(PAGE_TYPES)})] | None = (
        None
    )
    child_of: Id | None = None
    descendant_of: Id | None = None
    tag: Text | None = None
    locale: Language | None = None
    search: text(200) | None = None
    order: Literal[tuple(ORDERS)] | None = None  # type: ignore[valid-type]
    limit: Annotated[int, Field(ge=1, le=100)] = 20
    offset: Annotated[int, Field(ge=0, le=100_000)] = 0


def _page_type(name: str):
    """A page model by its label ("content.ProjectPage") or class name, any case."""
    wanted = name.lower()
    for model in get_page_models():
        if wanted in (model._meta.label.lower(), model.__name__.lower()):
            return model
    raise ApiError(400, "invalid_parameter", f"Unknown page type {name!r}.", parameter="type")


@router.get("/pages/", response=responses(PageList), summary="List published pages")
def list_pages(request, query: Query[ListingQuery]):
    site = resolve_site(query.site)
    pages = site_pages(site, searchable=bool(query.search))
    if query.type:
        pages = pages.type(_page_type(query.type))
    if query.child_of:
        pages = pages.child_of(page_by_id(site, query.child_of))
    if query.descendant_of:
        pages = pages.descendant_of(page_by_id(site, query.descendant_of))
    if query.tag:
        pages = filter_by_tag(pages, query.tag)
    if query.locale:
        locales = site_locales(site)
        language = locales.check(query.locale)
        home = locales.roots.get(language)
        # By id: search can filter on the locale field, not across it.
        pages = pages.filter(locale_id=home.locale_id) if home else pages.none()
    if query.search:
        if query.order:
            pages = pages.order_by(*ORDERS[query.order])
        # SQLite's full-text search fails on an unbalanced double quote; the
        # API offers plain word search, so quotes carry no meaning anyway.
        terms = query.search.replace('"', " ").strip()
        results = pages.search(terms, order_by_relevance=not query.order) if terms else pages.none()
        total = results.count()
        window = _specific_in_order(list(results[query.offset : query.offset + query.limit]))
    else:
        total, window = _counted_window(
            pages.order_by(*ORDERS[query.order or "path"]), query.offset, query.limit
        )
    return json_response(
        {
            "count": total,
            "limit": query.limit,
            "offset": query.offset,
            "items": listing_json(window, site=site, base_url=base_url(request)),
        }
    )


def _counted_window(pages, offset: int, limit: int) -> tuple[int, list[Page]]:
    """The total and one window of the pages as their specific types, the total
    counted in the same query as the window (a query per page type follows)."""
    window = list(
        pages.annotate(total=Window(Count("pk")))[offset : offset + limit]
        .specific()
        .defer_streamfields()
    )
    # A window past the end has no row to carry the total.
    return (window[0].total if window else pages.count()), window


def _specific_in_order(pages: list[Page]) -> list[Page]:
    by_id = {page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in pages]).specific()}
    return [by_id[page.pk] for page in pages if page.pk in by_id]


class PathQuery(SiteQuery):
    path: text(1000, min_length=1)


@router.get("/pages/by-path/", response=responses(PageDetail), summary="A page by its path")
def page_by_path(request, query: Query[PathQuery]):
    site = resolve_site(query.site)
    page = page_at_path(site, query.path)
    return json_response(page_detail_json(page, site=site, base_url=base_url(request)))


@router.get("/pages/{page_id}/", response=responses(PageDetail), summary="A page by its id")
def page_detail(request, page_id: Id, query: Query[SiteQuery]):
    site = resolve_site(query.site)
    page = page_by_id(site, page_id)
    return json_response(page_detail_json(page, site=site, base_url=base_url(request)))


class LocaleQuery(SiteQuery):
    locale: Language | None = None


@router.get("/navigation/", response=responses(schemas.Navigation), summary="The site's menu")
def navigation(request, query: Query[LocaleQuery]):
    """The menu of one language (`locale=`, the site's default if left out): its
    labels are the page titles, translated with the pages."""
    site = resolve_site(query.site)
    locales = site_locales(site)
    root = locales.root(locales.check(query.locale or locales.default))
    pages = list(
        site_pages(site)
        .filter(
            show_in_menus=True,
            path__startswith=root.path,
            depth__gt=root.depth,
            depth__lte=root.depth + 3,
        )
        .order_by("path")
    )
    urls = SiteUrls.for_site(site)
    alternates = page_alternates(pages, urls)
    items_by_path: dict[str, dict] = {}
    tree: list[dict] = []
    for page in pages:
        path, url = urls.locate(page.url_path)
        item = {
            "id": page.pk,
            "title": page.title,
            "path": path,
            "url": url,
            "alternates": alternates.get(page.translation_key, []),
            "children": [],
        }
        items_by_path[page.path] = item
        parent = items_by_path.get(page.path[: -Page.steplen])
        if page.depth == root.depth + 1:
            tree.append(item)
        elif parent is not None:
            parent["children"].append(item)
    return json_response({"locale": root.locale.language_code, "items": tree})


@router.get("/settings/", response=responses(schemas.SiteSettings), summary="The site's settings")
def site_settings(request, query: Query[SiteQuery]):
    site = resolve_site(query.site)
    stored = SiteSettings.objects.filter(site=site).first() or SiteSettings(site=site)
    locales = site_locales(site)

    def build(api):
        return {
            "site_name": site.site_name,
            "hostname": site.hostname,
            "root_url": site.root_url,
            "frontend_base_url": stored.frontend_base_url,
            "home_page_id": site.root_page_id,
            "locale": locales.default,
            "languages": locales.served,
            "business_name": stored.business_name or site.site_name,
            "legal_name": stored.legal_name,
            "address": stored.address,
            "phone": stored.phone,
            "email": stored.email,
            "logo": api.image(stored.logo_id),
            "opening_hours": [block["value"] for block in api.stream(stored.opening_hours)],
            "social_links": [block["value"] for block in api.stream(stored.social_links)],
        }

    return json_response(represent(build, urls=SiteUrls.for_site(site), base_url=base_url(request)))


@router.get("/redirects/", response=responses(schemas.RedirectList), summary="The site's redirects")
def redirects(request, query: Query[SiteQuery]):
    site = resolve_site(query.site)
    urls = SiteUrls.for_site(site)
    site_redirects = list(
        Redirect.get_for_site(site).select_related("redirect_page").order_by("old_path")
    )
    # A redirect to an unpublished or private page would leak it; leave it out.
    visible = set(
        site_pages_anywhere(site)
        .filter(pk__in=[r.redirect_page_id for r in site_redirects if r.redirect_page_id])
        .values_list("pk", flat=True)
    )
    items = []
    for redirect in site_redirects:
        if redirect.redirect_page_id:
            if redirect.redirect_page_id not in visible:
                continue
            located = urls.locate(redirect.redirect_page.url_path)
            if located is None:  # a page of no site at all, e.g. a removed client's
                continue
            target = located[0] if urls.is_on_site(redirect.redirect_page.url_path) else located[1]
        else:
            target = redirect.redirect_link
        items.append(
            {"old_path": redirect.old_path, "new_path": target, "permanent": redirect.is_permanent}
        )
    return json_response({"items": items})


@router.get(
    "/sitemap/",
    response=responses(schemas.Sitemap),
    summary="Every published page, for sitemap.xml",
)
def sitemap(request, query: Query[LocaleQuery]):
    """Every language's pages, or one language's with `locale=`; each with its
    language versions as hreflang alternates."""
    site = resolve_site(query.site)
    urls = SiteUrls.for_site(site)
    pages = site_pages(site).order_by("path")
    if query.locale:
        pages = pages.filter(locale__language_code=site_locales(site).check(query.locale))
    pages = list(pages.only("id", "url_path", "last_published_at", "translation_key", "locale"))
    alternates = page_alternates(pages, urls)
    locale_codes = dict(Locale.objects.values_list("pk", "language_code"))
    items = []
    for page in pages:
        path, url = urls.locate(page.url_path)
        items.append(
            {
                "id": page.pk,
                "path": path,
                "url": url,
                "locale": locale_codes[page.locale_id],
                "lastmod": page.last_published_at,
                "alternates": alternates.get(page.translation_key, []),
            }
        )
    return json_response({"items": items})


@router.get(
    "/testimonials/", response=responses(schemas.TestimonialList), summary="The site's testimonials"
)
def testimonials(request, query: Query[LocaleQuery]):
    """The testimonials of one language (`locale=`, the site's default if left
    out), each with its `translations`."""
    site = resolve_site(query.site)
    locales = site_locales(site)
    language = locales.check(query.locale or locales.default)
    items = list(site_snippets(Testimonial, site=site, language=language).order_by("pk"))
    translations = snippet_translations(items, site=site, locales=locales)
    return json_response(
        {
            "items": [
                {
                    "id": t.pk,
                    "quote": t.quote,
                    "author": t.author,
                    "role": t.role,
                    "translations": translations.get(t.translation_key, []),
                }
                for t in items
            ]
        }
    )


@router.get("/team/", response=responses(schemas.TeamList), summary="The site's team members")
def team(request, query: Query[LocaleQuery]):
    """The team members of one language (`locale=`, the site's default if left
    out), each with its `translations`."""
    site = resolve_site(query.site)
    locales = site_locales(site)
    language = locales.check(query.locale or locales.default)
    members = list(site_snippets(TeamMember, site=site, language=language))
    translations = snippet_translations(members, site=site, locales=locales)

    def build(api):
        return {
            "items": [
                {
                    "id": member.pk,
                    "name": member.name,
                    "role": member.role,
                    "photo": api.image(member.photo_id, crop="square"),
                    "translations": translations.get(member.translation_key, []),
                }
                for member in members
            ]
        }

    return json_response(represent(build, urls=SiteUrls.for_site(site), base_url=base_url(request)))


class ImageQuery(SiteQuery):
    crop: Annotated[str, Field(pattern="^(hero|card|square)$")] | None = None


@router.get(
    "/images/{image_id}/", response=responses(schemas.Image), summary="An image with its renditions"
)
def image_detail(request, image_id: Id, query: Query[ImageQuery]):
    site = resolve_site(query.site)
    if not image_is_on_site(image_id, site):
        raise ApiError(404, "image_not_found", f"No image with id {image_id} on this site.")
    data = represent(
        lambda api: api.image(image_id, crop=query.crop),
        urls=SiteUrls.for_site(site),
        base_url=base_url(request),
    )
    return json_response(data)


@router.get(
    "/forms/{page_id}/", response=responses(schemas.FormDefinition), summary="A form's fields"
)
def form_detail(request, page_id: Id, query: Query[SiteQuery]):
    page = _form_page(resolve_site(query.site), page_id)
    return json_response({"id": page.pk, "title": page.title, **form_definition(page)})


@router.post(
    "/forms/{page_id}/submissions/",
    response=responses(schemas.SubmissionReceived, 413, 422, 429, status=201, cached=False),
    summary="Send a form submission",
    description="The body holds a value per field `name` of the form (GET /forms/{page_id}/): "
    "text, a number, true or false for a checkbox, a list for multiple choices.",
    # Read by hand (see json_object), so its errors keep their codes.
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "additionalProperties": {
                            "anyOf": [
                                {"type": "string"},
                                {"type": "number"},
                                {"type": "boolean"},
                                {"type": "array", "items": {"type": "string"}},
                                {"type": "null"},
                            ]
                        },
                    }
                }
            },
        }
    },
)
def form_submit(request, page_id: Id, query: Query[SiteQuery]):
    page = _form_page(resolve_site(query.site), page_id)
    form_submission_create(page=page, data=json_object(request), client=client_address(request))
    return json_response(
        {"status": "received", "message": getattr(page, "thank_you_text", "")}, status=201
    )


def _form_page(site: Site, page_id: int):
    page = page_by_id(site, page_id)
    if not hasattr(page, "process_form_submission"):
        raise ApiError(404, "form_not_found", f"Page {page_id} has no form.")
    return page
