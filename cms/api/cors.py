"""Per-site CORS: each client's frontend origins come from its site settings.

django-cors-headers asks `check_request_enabled` receivers about origins its
global CORS_ALLOWED_ORIGINS setting does not list.
"""

from django.core.cache import cache
from django.db.models import Q

from sites.models import SiteSettings

from .cache import content_version


def site_origins(hostname: str) -> set[str]:
    """The origins allowed for the site an API request names (cached until content changes)."""
    key = f"delivery-api:{content_version()}:cors:{hostname.lower()}"
    origins = cache.get(key)
    if origins is None:
        settings_rows = SiteSettings.objects.exclude(cors_allowed_origins="")
        if hostname:
            settings_rows = settings_rows.filter(Q(site__hostname__iexact=hostname))
        rows = list(settings_rows[:2])
        # Without ?site= the API answers only while there is one site.
        origins = set(rows[0].cors_origins) if len(rows) == 1 else set()
        cache.set(key, origins, None)
    return origins


def allow_site_origin(sender, request, **kwargs) -> bool:
    origin = request.headers.get("Origin", "").rstrip("/")
    if not origin or not request.path.startswith("/api/v1/"):
        return False
    return origin in site_origins(request.GET.get("site", "")[:255])
