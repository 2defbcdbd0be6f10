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
