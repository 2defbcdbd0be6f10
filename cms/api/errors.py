"""Errors as JSON with a stable code: {"error": {"code": "...", "message": "..."}}."""

import sys

from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.views import defaults

# Every code the API answers with, and what it means: the OpenAPI document
# lists them, and a code missing here is a bug found by the first test that
# reaches it. Apps above the API add theirs with error_codes_add.
ERROR_CODES = {
    "invalid_parameter": "a query parameter or part of the path is not valid",
    "site_required": "more than one site is served: say which with `site`",
    "site_not_found": "no site has that hostname",
    "page_not_found": "no published page there on this site",
    "locale_not_found": "the site is not published in that language",
    "translation_not_found": "the page is not published in that language (see `available`)",
    "image_not_found": "no image with that id is shown on this site",
    "form_not_found": "the page has no form",
    "invalid_json": "the body is not a JSON object",
    "body_too_large": "the body exceeds the size limit",
    "invalid_submission": "some form fields need attention (see `fields`)",
    "rate_limited": "too many submissions from one address; try again later",
    "unknown_endpoint": "no endpoint at that path",
    "not_found": "nothing at that path",
    "http_error": "the request cannot be answered as it is",
    "invalid_host": "the Host header names no host served here",
    "bad_request": "the request is malformed",
    "service_unavailable": "the database cannot be reached; try again after `Retry-After`",
    "internal_error": "a bug on our side",
}


def error_codes_add(codes: dict[str, str]) -> None:
    ERROR_CODES.update(codes)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **details):
        if code not in ERROR_CODES:
            raise ValueError(f"Error code {code!r} is not in cms.api.errors.ERROR_CODES.")
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details


def error_response(status: int, code: str, message: str, **details) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, **details}}, status=status)


# A database that is restarting or unreachable: worth a retry, not a bug.
UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def server_error(request, *args, **kwargs):
    """Django's handler500: what any unexpected exception turns into.

    The API answers JSON there too, never an HTML page; and a database that
    cannot be reached is a 503 with Retry-After (for load balancers and
    frontends alike), for the admin as much as the API. The connection is
    opened anew by the next request, so the site recovers by itself.
    """
    error = sys.exc_info()[1]
    unavailable = isinstance(error, UNAVAILABLE)
    if request.path.startswith("/api/"):
        if unavailable:
            response = error_response(
                503, "service_unavailable", "The database cannot be reached; try again shortly."
            )
        else:
            response = error_response(500, "internal_error", "Something went wrong on our side.")
    elif unavailable:
        response = HttpResponse(
            "Service unavailable; try again shortly.", status=503, content_type="text/plain"
        )
    else:
        return defaults.server_error(request, *args, **kwargs)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def bad_request(request, exception):
    """Django's own 400 (handler400), for requests it refuses before any view
    runs, such as a Host header that is not allowed or not a host at all: JSON
    with a code under the API, Django's page elsewhere. Nothing of the request
    is echoed."""
    if not request.path.startswith("/api/v1/"):
        return defaults.bad_request(request, exception)
    if isinstance(exception, DisallowedHost):
        return error_response(400, "invalid_host", "The Host header names no host served here.")
    return error_response(400, "bad_request", "The request is malformed.")
