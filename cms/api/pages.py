"""Finding published pages of one site and writing them as JSON."""

from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.query import prefetch_related_objects
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, ReferenceIndex, Site, get_page_models

from cms.content.snippets import TeamMember
from sites.models import SiteSettings

from . import sql
from .errors import ApiError
from .locales import in_trees, path_in_trees, site_frontend_urls, site_locales, split_language
from .page_fields import PAGE_FIELDS, page_summary
from .representation import Representer, SiteUrls, represent
from .visibility import is_public_row, public_pages


def site_pages(site: Site, *, searchable: bool = False) -> QuerySet:
    """What a visitor of the site may see: live, public pages of that site only,
    in every language it publishes (each language is a tree of its own)."""
    trees = in_trees(site_locales(site).roots.values())
    restricted = site_frontend_urls(site).restricted_paths
    return public_pages(restricted, searchable=searchable).filter(trees)


def page_type_is_served(model: type[Page] | None) -> bool:
    """Whether the API answers for pages of a type: one the API describes
    (PAGE_FIELDS). A fresh installation's bare welcome page is not."""
    return model in PAGE_FIELDS


def page_is_served(page: Page) -> bool:
    return page_type_is_served(page.specific_class)


def shows_row(site: Site, *, path: str, live: bool) -> bool:
    """site_pages() of a page row already read: in one of the site's language
    trees, live and public."""
    return path_in_trees(path, site_locales(site).roots.values()) and is_public_row(
        live=live, path=path, restricted_paths=site_frontend_urls(site).restricted_paths
    )


def served_page(site: Site, *, field: str, value) -> Page | None:
    """The first page of the site (site_pages) whose `field` has this value, as its
    specific type; None when there is none or the API does not serve its type.
    Its id and type come first as plain rows (cms.api.sql), then the specific row
    alone: a whole Page made into a model only to be fetched again as its type
    cost more than both queries."""
    query, column = sql.select(Page, ("id", "content_type", "path", "live"))
    query += f" WHERE {sql.name(Page, field)} = %s ORDER BY {column['path']}"
    rows = sql.rows(query, [sql.param(Page, field, value)])
    found = next((row for row in rows if shows_row(site, path=row[2], live=row[3])), None)
    if found is None:
        return None
    model = ContentType.objects.get_for_id(found[1]).model_class()
    if not page_type_is_served(model):
        return None
    # None when deleted in between.
    return next(iter(model._default_manager.raw(_specific_row_sql(model), [found[0]])), None)


_specific_row_sqls: dict = {}


def _specific_row_sql(model: type[Page]) -> str:
    """The ORM's own query of one row of a page type by id, compiled once per type
    and database: compiling its forty-odd columns took longer than reading them.
    raw() then converts the values as the ORM does (dates, StreamFields)."""
    key = (model, connection.vendor)
    if key not in _specific_row_sqls:
        query = model._default_manager.filter(pk=0).order_by().query
        _specific_row_sqls[key] = query.sql_with_params()[0]
    return _specific_row_sqls[key]


def page_at_path(site: Site, path: str) -> Page:
    """The page at a frontend path: `/en/projects/x/` in English, `/projects/x/` in
    the site's default language. Never a page of another language instead: a path
    that exists only in other languages is a 404 `translation_not_found`."""
    locales = site_locales(site)
    language, parts = split_language(locales, path)
    relative = "".join(part + "/" for part in parts)
    root = locales.root(language)
    page = served_page(site, field="url_path", value=root.url_path + relative)
    if page is None:
        others = {
            code: home.url_path + relative
            for code, home in locales.roots.items()
            if code != language
        }
        found = site_pages(site).filter(url_path__in=others.values()).select_related("locale")
        available = sorted(page.locale.language_code for page in found)
        if available:
            raise ApiError(
                404,
                "translation_not_found",
                f"The page at {path!r} is not published in {language!r}; "
                f"it is in: {', '.join(available)}.",
                available=[
                    {"locale": code, "path": locales.path(code, relative)} for code in available
                ],
            )
        raise ApiError(404, "page_not_found", f"No published page at {path!r} on this site.")
    return page


def page_by_id(site: Site, page_id: int) -> Page:
    page = served_page(site, field="id", value=page_id)
    if page is None:
        raise ApiError(404, "page_not_found", f"No published page with id {page_id} on this site.")
    return page


def page_detail_json(page: Page, *, site: Site, base_url: str) -> dict:
    """The whole page: common fields, SEO, breadcrumbs, translations and its own fields."""
    own = PAGE_FIELDS[type(page)]
    prefetch_related_objects([page], *own.prefetch)
    urls = SiteUrls.for_site(site)
    ancestors, translations = _ancestors_and_translations(page, site=site, urls=urls)

    def build(api: Representer) -> dict:
        return {
            **page_summary(page, api),
            "seo": {
                "title": page.seo_title or page.title,
                "description": page.search_description,
                "image": api.image(getattr(page, "main_image_id", None)),
            },
            "breadcrumbs": [
                {"id": a.id, "title": a.title, "path": api.urls.locate(a.url_path)[0]}
                for a in ancestors
            ],
            "translations": [
                {"locale": api.locale_code(t.locale), "path": loc[0], "url": loc[1]}
                for t in translations
                if (loc := api.urls.locate(t.url_path))
            ],
            **own.fields(page, api),
        }

    return represent(build, urls=urls, base_url=base_url, locale_id=page.locale_id)


class _Related(NamedTuple):
    """A breadcrumb or a translation, named by the Page fields it is read from
    (values as the database hands them over)."""

    id: int
    title: str
    url_path: str
    locale: int
    path: str
    live: bool
    translation_key: object


def _ancestors_and_translations(page: Page, *, site: Site, urls: SiteUrls) -> tuple[list, list]:
    """The page's ancestors from the site's home page down (its breadcrumbs), and
    its live, public versions in other languages, which may live on another site
    (as site_pages_anywhere): both in one query (cms.api.sql), in tree order."""
    step = Page.steplen
    depths = range(site.root_page.depth, page.depth)
    ancestor_paths = [page.path[: depth * step] for depth in depths]
    query, column = sql.select(Page, _Related._fields)
    query += f" WHERE {column['translation_key']} = %s"
    if ancestor_paths:
        query += f" OR {column['path']} IN ({sql.placeholders(ancestor_paths)})"
    query += f" ORDER BY {column['path']}"
    key = sql.param(Page, "translation_key", page.translation_key)
    ancestors, translations = [], []
    restricted = urls.frontend.restricted_paths
    for row in map(_Related._make, sql.rows(query, [key, *ancestor_paths])):
        if row.path in ancestor_paths:
            ancestors.append(row)
        if (
            row.translation_key == key
            and row.id != page.pk
            and is_public_row(live=row.live, path=row.path, restricted_paths=restricted)
        ):
            translations.append(row)
    return ancestors, translations


def site_pages_anywhere(site: Site) -> QuerySet:
    """Live, public pages of any site: translations may live on another site.
    (`site` is the requested one, whose request has read every site already.)"""
    return public_pages(site_frontend_urls(site).restricted_paths)


def page_alternates(pages: list[Page], urls: SiteUrls) -> dict:
    """Every published language version of the pages (themselves included), by
    translation key: what hreflang alternates need."""
    locale_codes = dict(Locale.objects.values_list("pk", "language_code"))
    alternates: dict = {}
    for page in (
        site_pages_anywhere(urls.site)
        .filter(translation_key__in={page.translation_key for page in pages})
        .only("url_path", "translation_key", "locale")
        .order_by("locale__language_code")
    ):
        if located := urls.locate(page.url_path):
            alternates.setdefault(page.translation_key, []).append(
                {"locale": locale_codes[page.locale_id], "path": located[0], "url": located[1]}
            )
    return alternates


def listing_json(pages: list[Page], *, site: Site, base_url: str) -> list[dict]:
    def build(api: Representer) -> list[dict]:
        return [page_summary(page, api) for page in pages]

    return represent(build, urls=SiteUrls.for_site(site), base_url=base_url)


def filter_by_tag(queryset: QuerySet, tag: str) -> QuerySet:
    """Pages of any tagged page type that carry the tag, matched by slug or name."""
    has_tag = Q(tagged_items__tag__slug=tag) | Q(tagged_items__tag__name__iexact=tag)
    tagged = Q(pk__in=[])
    for model in get_page_models():
        if any(field.name == "tagged_items" for field in model._meta.related_objects):
            tagged |= Q(pk__in=model.objects.filter(has_tag).values("pk"))
    return queryset.filter(tagged)


def image_is_on_site(image_id: int, site: Site) -> bool:
    """Whether a site may hand out an image: its logo, a team photo, or one that a
    published page of the site shows."""
    return site.pk in sites_showing_image(image_id, sites=[site])


def image_is_public(image_id: int) -> bool:
    """Whether any site may hand out the image; the media pipeline's on-demand
    rendition URLs serve nothing else (MEDIA_PIPELINE_IMAGE_IS_PUBLIC)."""
    return bool(sites_showing_image(image_id))


def sites_showing_image(image_id: int, *, sites=None) -> set[int]:
    """The ids of those `sites` (every site by default) that hand out the image:
    the rule the API and media pipeline serve by, and the sites a change of the
    image concerns."""
    sites = list(Site.objects.select_related("root_page") if sites is None else sites)
    showing = set(
        TeamMember.objects.filter(site__in=sites, photo_id=image_id).values_list(
            "site_id", flat=True
        )
    )
    # Sitting in a client's collection publishes nothing: an upload stays
    # private until a published page, the site's settings or its team shows it.
    showing |= set(
        SiteSettings.objects.filter(site__in=sites, logo_id=image_id).values_list(
            "site_id", flat=True
        )
    )
    referencing_pages = pages_showing_any(get_image_model(), [image_id])
    if referencing_pages:
        showing |= {
            site.pk
            for site in sites
            if site.pk not in showing and site_pages(site).filter(pk__in=referencing_pages).exists()
        }
    return showing


def pages_showing_any(model, object_ids) -> list[int]:
    """Ids of pages that refer to any of these objects of one model."""
    ids = (
        ReferenceIndex.objects.filter(
            to_content_type=ReferenceIndex._get_base_content_type(model),
            to_object_id__in=[str(pk) for pk in object_ids],
            base_content_type=ContentType.objects.get_for_model(Page),
        )
        .values_list("object_id", flat=True)
        .distinct()
    )
    return [int(pk) for pk in ids]
