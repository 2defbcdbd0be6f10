"""Which languages a site publishes and where each language's pages live.

With wagtail-localize every language of a site has its own page tree: the
site's home page (its default language) and that page's translations, all
directly under the tree root. Frontend paths carry the language as a prefix
(`/en/projects/…`) except for the site's default language.
"""

from dataclasses import dataclass

from django.db.models import Q
from wagtail.models import Page, Site

from sites.frontend import FrontendUrls, frontend_path
from sites.models import site_language_codes

from .errors import ApiError


@dataclass(frozen=True)
class SiteLocales:
    default: str
    served: list[str]  # default first
    roots: dict[str, Page]  # language code -> the home page in that language, if translated

    def path(self, language: str, relative: str = "") -> str:
        """The frontend path of a page in a language, from its path below the home page."""
        return frontend_path(language=language, default_language=self.default, relative=relative)

    def root(self, language: str) -> Page:
        """The home page in a language the site publishes, or a documented 404."""
        if language not in self.roots:
            raise ApiError(
                404,
                "translation_not_found",
                f"This site has no {language!r} version; it is in: {', '.join(self.roots)}.",
                available=[{"locale": code, "path": self.path(code)} for code in self.roots],
            )
        return self.roots[language]

    def check(self, language: str, parameter: str = "locale") -> str:
        language = language.lower()
        if language not in self.served:
            # A well-formed language the site does not publish: nothing there.
            raise ApiError(
                404,
                "locale_not_found",
                f"The site is not published in {language!r}; use one of {', '.join(self.served)}.",
                parameter=parameter,
            )
        return language


def site_frontend_urls(site: Site) -> FrontendUrls:
    """Every site's settings and home pages, read once per request (see resolve_site)."""
    urls = getattr(site, "frontend_urls", None)
    if urls is None:
        urls = site.frontend_urls = FrontendUrls.current()
    return urls


def site_locales(site: Site) -> SiteLocales:
    """The site's languages and home pages, worked out once per Site object (one request)."""
    cached = getattr(site, "_delivery_locales", None)
    if cached is None:
        urls = site_frontend_urls(site)
        homes = urls.homes[site.pk]
        default = urls.default_languages[site.pk]
        listed = next(s for s in urls.sites if s.pk == site.pk).served_setting
        served = site_language_codes(default=default, languages=listed or "")
        roots = {home.locale.language_code: home for home in homes}
        cached = SiteLocales(
            default=default,
            served=served,
            roots={code: roots[code] for code in served if code in roots},
        )
        site._delivery_locales = cached
    return cached


def in_trees(roots) -> Q:
    """Pages in any of the given home pages' trees."""
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(path__startswith=root.path)
    return condition


def path_in_trees(path: str, roots) -> bool:
    """in_trees() of a page's tree path already read."""
    return any(path.startswith(root.path) for root in roots)


def split_language(locales: SiteLocales, path: str) -> tuple[str, list[str]]:
    """`/en/projects/x/` -> ("en", ["projects", "x"]); no prefix -> the default language."""
    parts = [part for part in path.strip("/").split("/") if part]
    if parts and parts[0].lower() in locales.served and parts[0].lower() != locales.default:
        return parts[0].lower(), parts[1:]
    return locales.default, parts
