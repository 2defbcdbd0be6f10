import pytest

from tests.content.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_openapi_document_describes_every_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert set(schema["paths"]) >= {
        "/api/v1/pages/",
        "/api/v1/pages/by-path/",
        "/api/v1/pages/{page_id}/",
        "/api/v1/navigation/",
        "/api/v1/settings/",
        "/api/v1/redirects/",
        "/api/v1/sitemap/",
        "/api/v1/images/{image_id}/",
        "/api/v1/forms/{page_id}/",
        "/api/v1/forms/{page_id}/submissions/",
    }
    assert "PageDetail" in schema["components"]["schemas"]


def test_interactive_docs_are_served(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


def test_allowed_frontend_origins_get_cors_headers(client, home, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://www.holz.example"]
    page = StandardPageFactory(parent=home, slug="about")
    url = f"/api/v1/pages/{page.pk}/"
    allowed = client.get(url, HTTP_ORIGIN="https://www.holz.example")
    assert allowed["Access-Control-Allow-Origin"] == "https://www.holz.example"
    other = client.get(url, HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other


def test_each_sites_own_frontend_origins_are_allowed(client, home):
    from wagtail.models import Page, Site

    from cms.content.models import HomePage
    from sites.models import SiteSettings

    other_home = HomePage(title="Florist", slug="florist")
    Page.get_first_root_node().add_child(instance=other_home)
    florist = Site.objects.create(hostname="florist.example", root_page=other_home)
    SiteSettings.objects.create(site=florist, cors_allowed_origins="https://www.florist.example")
    url = "/api/v1/settings/?site=florist.example"
    allowed = client.get(url, HTTP_ORIGIN="https://www.florist.example")
    assert allowed["Access-Control-Allow-Origin"] == "https://www.florist.example"
    other_site = client.get(
        "/api/v1/settings/?site=localhost", HTTP_ORIGIN="https://www.florist.example"
    )
    assert "Access-Control-Allow-Origin" not in other_site
    stranger = client.get(url, HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in stranger
