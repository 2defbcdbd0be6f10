"""Per-site CORS: each client's frontend origins come from its site settings.

django-cors-headers asks `check_request_enabled` receivers about origins its
global CORS_ALLOWED_ORIGINS setting does not list.
"""

from django.db.models import Q

from sites.models import SiteSettings

from .cache import site_cached


def site_origins(hostname: str) -> set[str]:
    """The origins allowed for the site an API request names (cached with its responses)."""

    def compute() -> set[str]:
        settings_rows = SiteSettings.objects.exclude(cors_allowed_origins="")
        if hostname:
            settings_rows = settings_rows.filter(Q(site__hostname__iexact=hostname))
        rows = list(settings_rows[:2])
        # Without ?site= the API answers only while there is one site.
        return set(rows[0].cors_origins) if len(rows) == 1 else set()

    return site_cached(hostname=hostname, name="cors", compute=compute)


def allow_site_origin(sender, request, **kwargs) -> bool:
    origin = request.headers.get("Origin", "").rstrip("/")
    if not origin or not request.path.startswith("/api/v1/"):
        return False
    return origin in site_origins(request.GET.get("site", "")[:255])
