"""The project's URLs plus views that fail, as any view might, with what the
request brought in the exception's text."""

from django.urls import path

from cms.urls import handler400, handler500
from cms.urls import urlpatterns as project_urlpatterns

__all__ = ["handler400", "handler500", "urlpatterns"]


def failing_view(request):
    raise RuntimeError(
        f"upstream refused {request.get_full_path()} with {request.body.decode()!r}, "
        f"headers {dict(request.headers)}; cache at redis://:{request.GET.get('secret')}@cache/0"
    )


urlpatterns = [
    path("api/v1/failing/", failing_view),
    path("failing/", failing_view),
    *project_urlpatterns,
]
