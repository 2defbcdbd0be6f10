"""The delivery API: public, read-only (but for form submissions), JSON, at /api/v1/."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from cms.publishing.api import router as publishing_router

from .endpoints import router
from .errors import ApiError, error_response

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
api.add_router("", router)
api.add_router("", publishing_router)


@api.exception_handler(ApiError)
def api_error(request, error: ApiError):
    return error_response(error.status, error.code, error.message, **error.details)


@api.exception_handler(ValidationError)
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


@api.exception_handler(Http404)
def not_found(request, error):
    return error_response(404, "not_found", "Nothing here.")


@api.exception_handler(HttpError)
def http_error(request, error: HttpError):
    return error_response(error.status_code, "http_error", str(error))


def unknown_endpoint(request, rest: str = ""):
    """Anything under /api/v1/ that no endpoint matches gets JSON, not an HTML page."""
    return error_response(404, "unknown_endpoint", "No such endpoint; see /api/v1/docs.")
