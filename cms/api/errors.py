"""Errors as JSON with a stable code: {"error": {"code": "...", "message": "..."}}."""

from django.core.exceptions import DisallowedHost
from django.http import JsonResponse
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
