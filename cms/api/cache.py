"""The server-side response cache of the delivery API, with ETags.

Entries are keyed by a content version. Anything that can change a response
bumps the version (see signal_handlers), which makes every older entry
unreachable at once; they expire on their own. A request keeps the version
it started with, so a response rendered from old content is stored under the
old version and is never served after the bump.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified

VERSION_KEY = "delivery-api:version"
API_PREFIX = "/api/v1/"
# Paths never cached: documentation is static, form posts are not GETs, and a
# draft preview must never be stored where a published response could be.
UNCACHED_PREFIXES = ("/api/v1/docs", "/api/v1/openapi.json", "/api/v1/preview/")


# The query parameters any endpoint reads. Others change nothing in a
# response, so they are left out of the key: random ones cannot fill the cache.
KEY_PARAMETERS = (
    "child_of",
    "crop",
    "descendant_of",
    "limit",
    "locale",
    "offset",
    "order",
    "path",
    "search",
    "site",
    "tag",
    "type",
)


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def content_changed() -> None:
    """Makes every cached response stale; called after a change is committed.

    The version is a timestamp, not a counter: if the cache ever loses the
    key, a counter would start again and revive entries of an old version.
    """
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def etag_for(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def _entry_key(version: int, request) -> str:
    # Host and scheme belong to the key: image and document URLs in a
    # response are absolute, built from the address the request used.
    parameters = [(name, request.GET.getlist(name)) for name in KEY_PARAMETERS]
    identity = repr((request.scheme, request.get_host(), request.path, parameters))
    digest = hashlib.blake2b(identity.encode(), digest_size=20).hexdigest()
    return f"delivery-api:{version}:{digest}"


def _matches(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    return etag in (tag.strip() for tag in header.split(",")) or header.strip() == "*"


class ApiCacheMiddleware:
    """Serves repeated GETs of the API from the cache and answers 304 to a matching ETag."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        cacheable = request.method in ("GET", "HEAD") and not request.path.startswith(
            UNCACHED_PREFIXES
        )
        if not cacheable:
            return self._with_headers(request, self.get_response(request), cache_control="no-store")

        key = _entry_key(content_version(), request)
        entry = cache.get(key)
        if entry is None:
            response = self.get_response(request)
            if response.status_code != 200 or response.streaming:
                return self._with_headers(request, response, cache_control="no-cache")
            entry = (response.content, response["Content-Type"])
            cache.set(key, entry, settings.DELIVERY_API_CACHE_TIMEOUT)
        body, content_type = entry
        response = HttpResponse(body, content_type=content_type)
        return self._with_headers(
            request, response, cache_control=settings.DELIVERY_API_CACHE_CONTROL
        )

    def _with_headers(self, request, response, *, cache_control: str):
        if not response.streaming:
            response["ETag"] = etag_for(response.content)
            if response.status_code == 200 and _matches(request, response["ETag"]):
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = response["ETag"]
                not_modified["Cache-Control"] = cache_control
                return not_modified
        response["Cache-Control"] = cache_control
        return response
