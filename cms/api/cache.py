"""The server-side response cache of the delivery API, with ETags.

Entries are keyed by two versions: one per site (the `?site=` a request
names) and one for all sites. A change bumps the versions of the sites
whose responses can show it (cms.publishing decides which), which makes
their older entries unreachable at once; other clients' entries stay warm.
A request keeps the versions it started with, so a response rendered from
old content is stored under the old versions and never served after a bump.

Bounded against hostile queries: only the parameters an endpoint reads are
part of a key; only 200 answers are stored, so an unknown `?site=` stores
nothing, not even a version; empty listings (a random `tag=` or `search=`)
are not stored, and searches live for DELIVERY_API_SEARCH_CACHE_TIMEOUT
only; every key expires. Versions are timestamps: a version key that was
evicted comes back as a new number, never as an old one.

The cache is an optimisation, never a dependency: when it cannot be reached
the API answers from the database, uncached, with a warning in the log, and
uses the cache again when it is back.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotModified

logger = logging.getLogger(__name__)

CACHE_ALIAS = "api"
API_PREFIX = "/api/v1/"
ALL_SITES_KEY = "delivery-api:version:*"
# Paths never cached: documentation is static, form posts are not GETs, a
# draft preview must never be stored where a published response could be, free
# slots change with every booking and every hold that lapses, and stock, free
# places and orders with every order.
UNCACHED_PREFIXES = (
    "/api/v1/docs",
    "/api/v1/openapi.json",
    "/api/v1/preview/",
    "/api/v1/booking/",
    "/api/v1/shop/",
)
# While the cache is unreachable, requests do not wait for it again for this long.
RETRY_AFTER_FAILURE = 5.0

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


class _Health:
    """This process's view of the cache: down since a failure, until a retry works.

    A change made while the cache was down could not purge it; so the first
    process that reaches it again bumps every version before trusting it.
    (The outbox in cms.publishing retries the purge of each change as well.)
    """

    down_until = 0.0
    missed_changes = False


def _cache():
    return caches[CACHE_ALIAS]


def _failed(error: Exception) -> None:
    if time.monotonic() >= _Health.down_until:
        logger.warning("The API response cache is unreachable; answering uncached: %s", error)
    _Health.down_until = time.monotonic() + RETRY_AFTER_FAILURE
    _Health.missed_changes = True


def _usable() -> bool:
    # A timeout of 0 turns the cache off: nothing would outlive its request.
    if not settings.DELIVERY_API_CACHE_TIMEOUT or time.monotonic() < _Health.down_until:
        return False
    if _Health.missed_changes:
        try:
            _cache().set(ALL_SITES_KEY, time.time_ns(), _version_timeout())
        except Exception as error:
            _failed(error)
            return False
        _Health.missed_changes = False
        logger.warning("The API response cache is back; every entry from before was dropped.")
    return True


def _version_timeout() -> int:
    # Longer than any entry lives, so a version is not dropped under live entries.
    return 2 * settings.DELIVERY_API_CACHE_TIMEOUT


def site_version_key(hostname: str) -> str:
    """The version of one `?site=` value; "" is a request without one (a single-site setup)."""
    digest = hashlib.blake2b(hostname.strip().lower().encode(), digest_size=16).hexdigest()
    return f"delivery-api:version:site:{digest}"


def sites_purge(*, hostnames: list[str] | None) -> None:
    """Makes the cached responses of these sites stale, or of every site for None.

    Raises when the cache cannot be reached: the caller (the outbox) retries.
    """
    keys = [ALL_SITES_KEY] if hostnames is None else [site_version_key(h) for h in hostnames]
    if hostnames is not None:
        keys.append(site_version_key(""))
    try:
        _cache().set_many(dict.fromkeys(keys, time.time_ns()), _version_timeout())
    except Exception as error:
        _failed(error)
        raise


def _version_keys(hostname: str) -> tuple[str, str]:
    return (ALL_SITES_KEY, site_version_key(hostname))


def _versions(hostname: str) -> dict | None:
    """The versions a `?site=` value has now (some may be missing); None when the
    cache cannot be used."""
    if not _usable():
        return None
    try:
        return _cache().get_many(_version_keys(hostname))
    except Exception as error:  # any client error: the cache is down, the API is not
        _failed(error)
        return None


def _complete(found: dict | None, hostname: str) -> tuple | None:
    if found is None:
        return None
    versions = tuple(found.get(key) for key in _version_keys(hostname))
    return None if None in versions else versions


def _get(key: str):
    try:
        return _cache().get(key)
    except Exception as error:
        _failed(error)
        return None


def _set(key: str, value, timeout: int) -> None:
    try:
        _cache().set(key, value, timeout)
    except Exception as error:
        _failed(error)


def site_cached(*, hostname: str, name: str, compute):
    """A value worked out from one site's content (its CORS origins, say), kept and
    purged like its responses. Stored only for a site that has versions, which only
    real sites get: a random hostname costs a computation, never a key."""
    versions = _complete(_versions(hostname), hostname)
    if versions is None:
        return compute()
    key = f"{site_version_key(hostname)}:{versions[0]}:{versions[1]}:{name}"
    value = _get(key)
    if value is None:
        value = compute()
        _set(key, value, settings.DELIVERY_API_CACHE_TIMEOUT)
    return value


def etag_for(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def _entry_key(versions: tuple, request) -> str:
    # Host and scheme belong to the key: image and document URLs in a
    # response are absolute, built from the address the request used.
    parameters = [(name, request.GET.getlist(name)) for name in KEY_PARAMETERS]
    identity = repr((request.scheme, request.get_host(), request.path, parameters))
    digest = hashlib.blake2b(identity.encode(), digest_size=20).hexdigest()
    return f"delivery-api:{versions[0]}:{versions[1]}:{digest}"


def _entry_timeout(request, body: bytes) -> int | None:
    """How long a 200 answer is kept; None for one not worth keeping."""
    # An empty listing is what random tags and searches mostly give; the
    # listing endpoint writes its count first.
    if body.startswith(b'{"count": 0,'):
        return None
    if request.GET.get("search"):
        return settings.DELIVERY_API_SEARCH_CACHE_TIMEOUT
    return settings.DELIVERY_API_CACHE_TIMEOUT


def _matches(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    return etag in (tag.strip() for tag in header.split(",")) or header.strip() == "*"


class _Recent:
    """The entries this process served lately, with their ETags, within a budget of
    bytes. An entry's key holds the versions it was stored under, so what a key
    names never changes: a repeated request asks the shared cache for the
    versions only, and neither reads nor hashes the body again."""

    budget = 16 * 2**20

    def __init__(self):
        self.entries: dict[str, tuple[bytes, str, str]] = {}
        self.size = 0

    def get(self, key: str) -> tuple[bytes, str, str] | None:
        return self.entries.get(key)

    def add(self, key: str, entry: tuple[bytes, str, str]) -> None:
        # Oldest first: dicts keep insertion order.
        while self.entries and self.size + len(entry[0]) > self.budget:
            dropped = self.entries.pop(next(iter(self.entries)))
            self.size -= len(dropped[0])
        self.entries[key] = entry
        self.size += len(entry[0])


class ApiCacheMiddleware:
    """Serves repeated GETs of the API from the cache and answers 304 to a matching ETag."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.recent = _Recent()

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        cacheable = request.method in ("GET", "HEAD") and not request.path.startswith(
            UNCACHED_PREFIXES
        )
        if not cacheable:
            return self._with_headers(request, self.get_response(request), cache_control="no-store")

        hostname = request.GET.get("site", "")
        found = _versions(hostname)
        versions = _complete(found, hostname)
        key = _entry_key(versions, request) if versions else None
        entry = key and (self.recent.get(key) or self._shared(key))
        if not entry:
            response = self.get_response(request)
            if response.status_code != 200 or response.streaming:
                return self._with_headers(request, response, cache_control="no-cache")
            if found is not None:
                self._store(request, hostname, found, response)
            entry = (response.content, response["Content-Type"], etag_for(response.content))
        body, content_type, etag = entry
        response = HttpResponse(body, content_type=content_type)
        return self._with_headers(
            request, response, cache_control=settings.DELIVERY_API_CACHE_CONTROL, etag=etag
        )

    def _shared(self, key: str) -> tuple[bytes, str, str] | None:
        stored = _get(key)
        if stored is None:
            return None
        body, content_type = stored
        entry = (body, content_type, etag_for(body))
        self.recent.add(key, entry)
        return entry

    def _store(self, request, hostname: str, found: dict, response) -> None:
        """Stores a 200 answer under the versions the request started with.

        Versions are made here, so only real sites (a 200) get them. A version
        missing at the start is made now, and the answer is stored under it
        only if this request made it: had a purge set it meanwhile, the answer
        could show content from before that change.
        """
        now = time.time_ns()
        versions = []
        try:
            for key in _version_keys(hostname):
                if key not in found and not _cache().add(key, now, _version_timeout()):
                    return
                versions.append(found.get(key, now))
        except Exception as error:
            _failed(error)
            return
        timeout = _entry_timeout(request, response.content)
        if timeout:
            value = (response.content, response["Content-Type"])
            _set(_entry_key(tuple(versions), request), value, timeout)

    def _with_headers(self, request, response, *, cache_control: str, etag: str | None = None):
        if not response.streaming:
            response["ETag"] = etag or etag_for(response.content)
            if response.status_code == 200 and _matches(request, response["ETag"]):
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = response["ETag"]
                not_modified["Cache-Control"] = cache_control
                return not_modified
        response["Cache-Control"] = cache_control
        return response
