"""Where a page lives for frontends: its site, its path and its absolute URL.

This is the one place that knows the rule; the delivery API, the change
feed, webhooks, the export, the sitemap, navigation and preview all ask it.
A page in its site's default language has a plain path (`/projects/oak/`),
one in another language the language as a prefix (`/en/projects/oak/`), and
a page in a language its site does not publish has no location at all.
Absolute URLs start with the site's frontend base URL from its settings, or
the Wagtail site's own root URL where none is set.
"""

import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import SiteRootPath

from .models import SiteSettings, site_language_codes

logger = logging.getLogger(__name__)

# Versioned by its shape: an entry an older release kept is never read as this one.
CACHE_KEY = "sites:frontend-urls:2"
# Every change is meant to reach frontend_urls_forget(); this bounds how long one
# that bypasses model signals (a queryset update) can go unnoticed.
CACHE_TIMEOUT = 300


def frontend_urls_forget() -> None:
    """Drops the kept FrontendUrls, now and again once the transaction commits:
    a request in between could keep what was read before the change."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def frontend_path(*, language: str, default_language: str, relative: str = "") -> str:
    """The path of a page from its path below its language's home page (`projects/oak/`)."""
    prefix = "" if language == default_language else f"/{language}"
    return f"{prefix}/{relative}"


@dataclass(frozen=True)
class PageLocation:
    site_id: int
    language: str
    path: str
    url: str


@dataclass(frozen=True)
class FrontendUrls:
    """Every site, its settings and its home page in each language, read at once in
    two queries whatever the number of sites, to locate any number of pages."""

    # Wagtail's SiteRootPath tuples of published languages, most specific first.
    root_paths: list
    frontends: dict[int, str]
    default_languages: dict[int, str]
    # Each site with its root page, and its stored `languages` setting as `served_setting`.
    sites: list
    # Site id -> its home page in every language it is translated to, in tree order.
    homes: dict[int, list]
    # Tree paths of the pages with a view restriction: each hides its whole subtree.
    restricted_paths: tuple[str, ...]

    @classmethod
    def load(cls) -> "FrontendUrls":
        stored = SiteSettings.objects.filter(site=OuterRef("pk"))
        sites = list(
            Site.objects.select_related("root_page__locale")
            .annotate(
                frontend_setting=Subquery(stored.values("frontend_base_url")[:1]),
                served_setting=Subquery(stored.values("languages")[:1]),
            )
            .order_by("-root_page__url_path", "-is_default_site", "hostname")
        )
        # Wagtail's own site root paths cost a query per site when its cache is
        # cold; every home page of every site comes in one here.
        # Restricted pages come in the same query: what visitors may see is then
        # a plain filter on each page's path (cms.api.visibility).
        home_keys = {s.root_page.translation_key for s in sites}
        translations: dict[str, list] = {}
        restricted_paths = []
        for page in (
            Page.objects.annotate(
                restricted=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk")))
            )
            .filter(Q(translation_key__in=home_keys) | Q(restricted=True))
            .select_related("locale")
            .order_by("path")
        ):
            if page.restricted:
                restricted_paths.append(page.path)
            if page.translation_key in home_keys:
                translations.setdefault(page.translation_key, []).append(page)
        homes = {site.pk: translations.get(site.root_page.translation_key, []) for site in sites}
        defaults = {site.pk: site.root_page.locale.language_code for site in sites}
        root_paths = []
        for site in sites:
            served = site_language_codes(
                default=defaults[site.pk], languages=site.served_setting or ""
            )
            root_paths.extend(
                SiteRootPath(site.pk, home.url_path, site.root_url, home.locale.language_code)
                for home in homes[site.pk]
                if home.locale.language_code in served
            )
        return cls(
            root_paths=root_paths,
            frontends={site.pk: site.frontend_setting for site in sites if site.frontend_setting},
            default_languages=defaults,
            sites=sites,
            homes=homes,
            restricted_paths=tuple(restricted_paths),
        )

    @classmethod
    def current(cls) -> "FrontendUrls":
        """What load() reads, kept in the default cache until a site, its settings,
        a home page, a language, a view restriction or the tree changes
        (signal_handlers.frontend_urls_forget): a request that only reads pages
        need not read every site as well. The
        cache is an optimisation: when it cannot answer, the database does."""
        try:
            urls = cache.get(CACHE_KEY)
        except Exception:  # any client error: the cache is down, the sites are not
            logger.warning("The cache is unreachable; reading the sites.", exc_info=True)
            return cls.load()
        if urls is None:
            urls = cls.load()
            try:
                cache.set(CACHE_KEY, urls, CACHE_TIMEOUT)
            except Exception:
                logger.warning("The cache is unreachable; not keeping the sites.", exc_info=True)
        return urls

    def locale_codes(self) -> dict[int, str]:
        """Locale id -> language code of every language some site has a home page in."""
        return {
            home.locale_id: home.locale.language_code
            for homes in self.homes.values()
            for home in homes
        }

    def locate(self, url_path: str) -> PageLocation | None:
        """Where the page with this Wagtail url_path is shown, or None when no site shows it."""
        root = next((r for r in self.root_paths if url_path.startswith(r.root_path)), None)
        if root is None:
            return None
        path = frontend_path(
            language=root.language_code,
            default_language=self.default_languages.get(root.site_id, ""),
            relative=url_path[len(root.root_path) :],
        )
        base = self.frontends.get(root.site_id) or root.root_url
        return PageLocation(
            site_id=root.site_id,
            language=root.language_code,
            path=path,
            url=base.rstrip("/") + path,
        )
