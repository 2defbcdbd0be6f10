from django.urls import Resolver404, resolve

from . import urls


class HealthCheckMiddleware:
    """Answers /healthz and /readyz before anything reads the Host header.

    A load balancer or orchestrator probes with the container's address as
    Host, which is not in ALLOWED_HOSTS: CommonMiddleware would answer 400 and
    take a healthy server out of rotation. Sessions, CSRF, locale and redirects
    mean nothing to a probe either. Put it after SecurityMiddleware (whose
    HTTPS redirect exempts these paths, see SECURE_REDIRECT_EXEMPT)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            match = resolve(request.path_info, urlconf=urls)
        except Resolver404:
            return self.get_response(request)
        return match.func(request, *match.args, **match.kwargs)
