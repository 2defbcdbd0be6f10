from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents import urls as wagtaildocs_urls

from cms.api.api import delivery_api_create, unknown_endpoint
from cms.api.booking import router as booking_router
from cms.api.endpoints import router as delivery_router
from cms.operations import urls as operations_urls
from cms.publishing.api import router as publishing_router
from cms.shop.api import router as shop_router
from media_pipeline import urls as media_pipeline_urls
from sites.views import SiteGroupsPrivacyView

# Wagtail's own API stays available for tools that speak it; frontends use /api/v1/.
wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", PagesAPIViewSet)

delivery_api = delivery_api_create(
    [delivery_router, booking_router, publishing_router, shop_router]
)

handler400 = "cms.api.errors.bad_request"
handler500 = "cms.api.errors.server_error"

urlpatterns = [
    # Before Wagtail's admin URLs, which it replaces (see the view).
    path(
        "admin/pages/<int:page_id>/privacy/",
        SiteGroupsPrivacyView.as_view(),
        name="client_sites_set_privacy",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", delivery_api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", unknown_endpoint),
    path("api/v2/", wagtail_api.urls),
    path("media-pipeline/", include(media_pipeline_urls)),
    # /healthz and /readyz; answered by cms.operations' middleware whatever the Host.
    path("", include(operations_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every path no other pattern claims, so it comes last. Pages
# of the default language have no prefix, the others /en/… as in the API.
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
