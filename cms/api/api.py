"""The delivery API: public, read-only (but for form submissions), JSON, at /api/v1/."""

from django.http import Http404
from ninja import NinjaAPI, Router
from ninja.errors import HttpError, ValidationError

from .errors import ERROR_CODES, ApiError, error_response


class DeliveryApi(NinjaAPI):
    """django-ninja's API with the document completed where the code alone cannot say it."""

    def get_openapi_operation_id(self, operation) -> str:
        # Short, stable names for the operations generated clients call.
        return operation.view_func.__name__

    def get_openapi_schema(self, **kwargs):
        document = super().get_openapi_schema(**kwargs)
        # Codes are added by the apps above the API as they load (error_codes_add).
        document["components"]["schemas"]["ErrorDetail"]["properties"]["code"] = {
            "type": "string",
            "enum": list(ERROR_CODES),
            "description": "Stable; the message may change. "
            + "; ".join(f"`{code}`: {meaning}" for code, meaning in ERROR_CODES.items()),
        }
        _unused_schemas_drop(document)
        for operation in _operations(document):
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and parameter["name"] == "site":
                    _site_parameter_require(parameter)
        return document


def _operations(document) -> list[dict]:
    return [operation for path in document["paths"].values() for operation in path.values()]


def _unused_schemas_drop(document) -> None:
    """Leaves out the components no answer refers to: django-ninja adds one per
    query-parameter class, which would only become dead types in clients."""
    schemas = document["components"]["schemas"]
    used: set[str] = set()
    pending = [document["paths"]]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            reference = node.get("$ref", "")
            name = reference.removeprefix("#/components/schemas/")
            if reference and name not in used:
                used.add(name)
                pending.append(schemas[name])
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    document["components"]["schemas"] = {name: schemas[name] for name in sorted(used)}


def _site_parameter_require(parameter: dict) -> None:
    """Clients always say which site they want: the document requires `site`.
    An installation with a single site also answers without it, as it always
    has (see resolve_site), which keeps older clients working."""
    parameter["required"] = True
    parameter["schema"] = next(
        option for option in parameter["schema"]["anyOf"] if option.get("type") == "string"
    ) | {"minLength": 1}
    parameter["description"] = "The hostname of the site, as in the admin's Sites."


def delivery_api_create(routers: list[Router]) -> NinjaAPI:
    """The API at /api/v1/ with the given routers: its own (cms.api.endpoints) and
    those of the apps above it (cms.publishing), which cms.urls brings together so
    that the API never imports the apps that use it."""
    api = DeliveryApi(
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
    if error.errors and all(tuple(e.get("loc", ()))[:1] == ("body",) for e in error.errors):
        return invalid_body(error)
    problems = [
        {"parameter": _parameter_name(e.get("loc", ())), "message": e.get("msg", "")}
        for e in error.errors
    ]
    message = "; ".join(f"{p['parameter']}: {p['message']}" for p in problems) or "Invalid request."
    # The parameter at fault, when there is one, as ApiError names it.
    names = {problem["parameter"] for problem in problems}
    single = {"parameter": names.pop()} if len(names) == 1 else {}
    return error_response(400, "invalid_parameter", message, problems=problems, **single)


def invalid_body(error: ValidationError):
    """A JSON body that does not fit its schema: 422 with one message per field,
    named by its path in the body (`customer.email`)."""
    fields: dict[str, list[str]] = {}
    for e in error.errors:
        name = ".".join(str(part) for part in tuple(e["loc"])[2:]) or "body"
        fields.setdefault(name, [e.get("msg", "")])
    return error_response(422, "invalid_submission", "Some fields need attention.", fields=fields)


def _parameter_name(location) -> str:
    """The name a client sent: django-ninja's location is (where, argument,
    field, …), and each endpoint takes its query string as one argument, `query`.
    What follows the field (a union's branch, a list index) is not a name."""
    parts = [str(part) for part in location[1:]]
    if len(parts) > 1 and parts[0] == "query":
        parts = parts[1:]
    return parts[0] if parts else ""


def not_found(request, error):
    return error_response(404, "not_found", "Nothing here.")


def http_error(request, error: HttpError):
    return error_response(error.status_code, "http_error", str(error))


def unknown_endpoint(request, rest: str = ""):
    """Anything under /api/v1/ that no endpoint matches gets JSON, not an HTML page."""
    return error_response(404, "unknown_endpoint", "No such endpoint; see /api/v1/docs.")
