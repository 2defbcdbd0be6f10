"""Errors as JSON with a stable code: {"error": {"code": "...", "message": "..."}}."""

import sys

from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.views import defaults


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **details):
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
