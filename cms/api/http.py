"""What every endpoint of the delivery API shares, cms.publishing's included:
query parameter types, the site a request is about, JSON responses."""

import json
from typing import Annotated

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from ninja import Field, Schema
from wagtail.models import Site

from sites.frontend import FrontendUrls

from .errors import ApiError
from .schemas import Error

MAX_ID = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# No control characters: a NUL byte alone breaks PostgreSQL and SQLite queries.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"


def text(max_length: int, **extra):
    return Annotated[str, Field(max_length=max_length, pattern=PRINTABLE, **extra)]


Text = text(255)
# A language code as in the site's URLs and `locale` fields: de, en, pt-br.
Language = Annotated[str, Field(max_length=20, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]


def json_response(data, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False),
        content_type="application/json",
        status=status,
    )


def base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def resolve_site(hostname: str | None) -> Site:
    """The site a request is about: ?site=<hostname>, or the only site there is.

    Every site's settings and home pages come with it (sites.frontend, kept in
    the cache): the rest of the request locates pages and languages from them.
    """
    urls = FrontendUrls.current()
    if hostname:
        wanted = hostname.lower()
        named = [site for site in urls.sites if site.hostname.lower() == wanted]
        if not named:
            raise ApiError(404, "site_not_found", f"No site with the hostname {hostname!r}.")
        site = min(named, key=lambda site: (not site.is_default_site, site.port))
    elif len(urls.sites) == 1:
        site = urls.sites[0]
    else:
        raise ApiError(400, "site_required", "Say which site: ?site=<hostname>.")
    site.frontend_urls = urls
    return site


class SiteQuery(Schema):
    site: Text | None = None


def responses(result, *errors: int, status: int = 200, cached: bool = True) -> dict:
    """Every answer an endpoint can give, for the document: its result, the
    errors of any endpoint (400 a bad parameter or no `site`, 404 no such site,
    503 the database is down) and its own `errors`. A cached GET also answers
    304 to a matching If-None-Match (cms.api.cache)."""
    answers = {status: result, **dict.fromkeys((400, 404, 503, *errors), Error)}
    if cached:
        answers[304] = None
    return dict(sorted(answers.items()))


def json_object(request) -> dict:
    """The request body as a JSON object. Django refuses a body larger than
    DATA_UPLOAD_MAX_MEMORY_SIZE before reading it (by its Content-Length)."""
    try:
        data = json.loads(request.body or b"{}")
    except RequestDataTooBig as error:
        raise ApiError(
            413,
            "body_too_large",
            f"The body must not exceed {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.",
        ) from error
    # ValueError covers a bad Content-Length too; a deeply nested array
    # exhausts the parser's recursion, which is the client's fault as well.
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise ApiError(400, "invalid_json", "The body must be a JSON object.") from error
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_json", "The body must be a JSON object.")
    return data
