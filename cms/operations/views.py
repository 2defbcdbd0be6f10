from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .health import OK, readiness


@never_cache
def healthz(request):
    """The process answers: nothing else is asked, so a slow database never
    gets a live server restarted."""
    return JsonResponse({"status": OK})


@never_cache
def readyz(request):
    """Whether to send this server traffic: 503 names what is not ready."""
    checks = readiness()
    ready = all(state == OK for state in checks.values())
    response = JsonResponse(
        {"status": OK if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )
    if not ready:
        response["Retry-After"] = "5"
    return response
