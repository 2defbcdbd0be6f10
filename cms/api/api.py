"""The delivery API: public, read-only (but for form submissions), JSON, at /api/v1/."""

from django.http import Http404
from ninja import NinjaAPI, Router
from ninja.errors import HttpError, ValidationError

from .errors import ApiError, error_response


def delivery_api_create(routers: list[Router]) -> NinjaAPI:
    """The API at /api/v1/ with the given routers: its own (cms.api.endpoints) and
    those of the apps above it (cms.publishing), which cms.urls brings together so
    that the API never imports the apps that use it."""
    api = NinjaAPI(
        title="Delivery API",
        version="1",
        description=(
            "Published content of one site (`?site=<hostname>`) as typed JSON with ready "
            'responsive images. Errors are `{"error": {"code", "message"}}`.'
        ),
        urls_namespace="delivery_api",
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    for router in routers:
        api.add_router("", router)
    api.add_exception_handler(ApiError, api_error)
    api.add_exception_handler(ValidationError, invalid_parameter)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(HttpError, http_error)
    return api


def api_error(request, error: ApiError):
    return error_response(error.status, error.code, error.message, **error.details)


def invalid_parameter(request, error: ValidationError):
    problems = [
        {
            "parameter": ".".join(str(part) for part in e.get("loc", [])[1:]),
            "message": e.get("msg", ""),
        }
        for e in error.errors
    ]
    message = "; ".join(f"{p['parameter']}: {p['message']}" for p in problems) or "Invalid request."
    return error_response(400, "invalid_parameter", message, problems=problems)


def not_found(request, error):
    return error_response(404, "not_found", "Nothing here.")


def http_error(request, error: HttpError):
    return error_response(error.status_code, "http_error", str(error))


def unknown_endpoint(request, rest: str = ""):
    """Anything under /api/v1/ that no endpoint matches gets JSON, not an HTML page."""
    return error_response(404, "unknown_endpoint", "No such endpoint; see /api/v1/docs.")
