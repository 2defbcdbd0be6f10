"""Where a page lives for frontends: its site, its path and its absolute URL.

This is the one place that knows the rule; the delivery API, the change
feed, webhooks, the export, the sitemap, navigation and preview all ask it.
A page in its site's default language has a plain path (`/projects/oak/`),
one in another language the language as a prefix (`/en/projects/oak/`), and
a page in a language its site does not publish has no location at all.
Absolute URLs start with the site's frontend base URL from its settings, or
the Wagtail site's own root URL where none is set.
"""

from dataclasses import dataclass

from wagtail.models import Site

from .models import SiteSettings, site_language_codes


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
    """Every site's language roots, frontend base URL and default language, read at once
    (two queries and Wagtail's cached site root paths), to locate any number of pages."""

    root_paths: list  # Wagtail's SiteRootPath tuples of published languages, most specific first
    frontends: dict[int, str]
    default_languages: dict[int, str]

    @classmethod
    def load(cls) -> "FrontendUrls":
        stored = {
            site_id: (frontend, languages)
            for site_id, frontend, languages in SiteSettings.objects.values_list(
                "site_id", "frontend_base_url", "languages"
            )
        }
        defaults = dict(Site.objects.values_list("pk", "root_page__locale__language_code"))
        served = {
            site_id: site_language_codes(
                default=default, languages=stored.get(site_id, ("", ""))[1]
            )
            for site_id, default in defaults.items()
        }
        return cls(
            root_paths=[
                root
                for root in Site.get_site_root_paths()
                if root.language_code in served.get(root.site_id, ())
            ],
            frontends={site_id: frontend for site_id, (frontend, _) in stored.items() if frontend},
            default_languages=defaults,
        )

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
