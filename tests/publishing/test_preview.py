"""The admin's preview opens the frontend with a token that shows one draft, briefly."""

import time
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.test import RequestFactory
from wagtail.models import Page, Site

from cms.content.models import ProjectGalleryImage
from cms.content.preview import SALT, preview_token_create
from sites.models import SiteSettings
from tests.conftest import home_create
from tests.content.factories import HomePageFactory, ProjectPageFactory, StandardPageFactory
from tests.media_pipeline.factories import ImageFactory
from tests.shared_rows import fresh_row, rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def site_rows(django_db_setup, django_db_blocker):
    """The home page and the published about page, written once for this
    module: each test's drafts are rolled back after it."""
    with rolled_back(django_db_blocker):
        home = home_create()
        page = StandardPageFactory(parent=home, slug="about", title="About", intro="Live intro")
        page.save_revision().publish()
        yield {"home": home, "about": page}


home = fresh_row("home")
# As the admin's edit form would: from the database, with its publishing dates.
about = fresh_row("about")


@pytest.fixture
def draft(about):
    """A saved draft with a new intro, not published."""
    about.intro = "Draft intro"
    return about.save_revision()


def token_for(page, revision, site=None):
    return preview_token_create(
        page=page, revision_id=revision.pk, site=site or Site.objects.get(is_default_site=True)
    )


def test_a_preview_token_returns_the_draft_in_the_published_shape(client, about, draft):
    published = client.get(f"/api/v1/pages/{about.pk}/").json()
    response = client.get("/api/v1/preview/", {"token": token_for(about, draft)})

    assert response.status_code == 200
    preview = response.json()
    assert preview["intro"] == "Draft intro"
    assert preview.keys() == published.keys()
    assert {k: v for k, v in preview.items() if k != "intro"} == {
        k: v for k, v in published.items() if k != "intro"
    }


def test_published_endpoints_never_show_the_draft(client, about, draft):
    client.get("/api/v1/preview/", {"token": token_for(about, draft)})
    assert client.get(f"/api/v1/pages/{about.pk}/").json()["intro"] == "Live intro"
    assert client.get("/api/v1/pages/by-path/", {"path": "/about/"}).json()["intro"] == "Live intro"
    exported = client.get("/api/v1/export/")
    assert b"Draft intro" not in b"".join(exported.streaming_content)


def test_a_preview_is_never_cached(client, about, draft):
    token = token_for(about, draft)
    response = client.get("/api/v1/preview/", {"token": token})
    assert response["Cache-Control"] == "no-store"
    about.intro = "Second draft"
    newer = about.save_revision()
    assert client.get("/api/v1/preview/", {"token": token}).json()["intro"] == "Draft intro"
    newer_token = token_for(about, newer)
    assert client.get("/api/v1/preview/", {"token": newer_token}).json()["intro"] == "Second draft"


def test_a_draft_gallery_is_previewed_not_the_live_one(client, home):
    project = ProjectPageFactory(parent=home, slug="kitchen", title="Kitchen")
    project.save_revision().publish()
    project = Page.objects.get(pk=project.pk).specific
    project.gallery_images = [ProjectGalleryImage(image=ImageFactory(), caption="Draft photo")]
    revision = project.save_revision()

    data = client.get("/api/v1/preview/", {"token": token_for(project, revision)}).json()
    assert [item["caption"] for item in data["gallery"]] == ["Draft photo"]
    assert client.get(f"/api/v1/pages/{project.pk}/").json()["gallery"] == []


def test_an_expired_token_gets_401(client, about, draft):
    long_ago = time.time() - 2 * 3600
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        token = token_for(about, draft)
    response = client.get("/api/v1/preview/", {"token": token})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "preview_token_expired"


def test_an_altered_token_gets_401(client, about, draft):
    token = token_for(about, draft)
    other = StandardPageFactory(parent=about.get_parent(), slug="other")
    # The same signature over another page id: the token is bound to its page.
    claims = signing.loads(token, salt=SALT)
    forged = signing.dumps({**claims, "page": other.pk}, salt="guessed")
    for bad in (forged, token[:-2] + "xx", "not-a-token"):
        response = client.get("/api/v1/preview/", {"token": bad})
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "preview_token_invalid"


def test_a_token_of_another_site_gets_403(client, about, draft):
    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="florist")
    other = Site.objects.create(hostname="florist.example", root_page=other_home)
    token = token_for(about, draft, site=other)
    response = client.get("/api/v1/preview/", {"token": token, "site": "localhost"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "preview_wrong_site"


def test_the_admin_preview_opens_the_frontend_with_a_token_for_the_saved_draft(
    client, about, draft
):
    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.create(site=site, frontend_base_url="https://www.holz.example")
    page = Page.objects.get(pk=about.pk).specific
    request = RequestFactory().get("/admin/")

    response = page.serve_preview(request, "")

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location._replace(query="").geturl() == "https://www.holz.example/preview"
    token = parse_qs(location.query)["token"][0]
    assert signing.loads(token, salt=SALT) == {
        "page": about.pk,
        "revision": draft.pk,
        "site": site.pk,
    }
    assert client.get("/api/v1/preview/", {"token": token}).json()["intro"] == "Draft intro"


def test_without_a_frontend_the_admin_preview_shows_the_page_template(about, draft, rf):
    page = Page.objects.get(pk=about.pk).specific
    response = page.serve_preview(rf.get("/admin/"), "")
    assert response.status_code == 200
    assert "text/html" in response["Content-Type"]
