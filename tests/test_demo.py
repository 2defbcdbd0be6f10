"""The demo carpentry site that `make run` loads."""

import io

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site
from wagtail_localize.models import TranslationSource

from cms.content.models import ContactPage, NewsPage, ProjectPage
from cms.demo import content
from cms.demo import english as english_texts

pytestmark = pytest.mark.django_db


def site_snapshot():
    """Everything a visitor or editor would notice if a second run changed it."""
    pages = [
        (page.url_path, page.title, page.live, page.specific_class.__name__)
        for page in Page.objects.order_by("path")
    ]
    images = sorted(
        (image.title, image.file_hash, image.width, image.height)
        for image in get_image_model().objects.all()
    )
    site = Site.objects.get(is_default_site=True)
    return pages, images, Revision.objects.count(), (site.root_page_id, site.site_name)


def test_demo_is_a_complete_carpentry_site(demo, client):
    site = Site.objects.get(is_default_site=True)
    assert site.site_name == content.BUSINESS_NAME
    assert ProjectPage.objects.live().count() >= 8
    assert NewsPage.objects.live().count() >= 6
    assert all(project.gallery_images.count() >= 3 for project in ProjectPage.objects.all())
    contact = ContactPage.objects.get(locale__language_code="de")
    assert contact.form_fields.count() == len(content.CONTACT_FORM_FIELDS)
    assert {page.slug for page in site.root_page.get_children()} >= {
        "ueber-uns",
        "leistungen",
        "projekte",
        "aktuelles",
        "kontakt",
        "impressum",
        "datenschutz",
    }
    assert client.get("/").status_code == 200
    home = client.get("/").content.decode()
    assert content.HOME["hero_heading"] in home
    assert "Featured projects" in home


def test_the_main_pages_are_translated_into_english(demo, client):
    english = Page.objects.filter(locale__language_code="en", live=True)
    assert {page.slug for page in english} >= {
        "brandt-carpentry",
        "about",
        "services",
        "contact",
        "projects",
        "oak-kitchen-herdern",
    }
    # Made by wagtail-localize: the translation editor and sync know them.
    assert TranslationSource.objects.count() == english.count()
    data = client.get(
        "/api/v1/pages/by-path/?site=localhost&path=/en/projects/oak-kitchen-herdern/"
    ).json()
    assert data["title"] == english_texts.PROJECTS["eichenkueche-herdern"]["title"]
    assert data["body"][2]["value"]["image"]["alt"] == "Oak kitchen in Herdern (detail)"
    missing = client.get("/api/v1/pages/by-path/?site=localhost&path=/en/aktuelles/").json()
    assert missing["error"]["code"] == "translation_not_found"
    home = client.get("/en/").content.decode()
    assert "Furniture, kitchens and stairs, made to measure in Freiburg" in home


def test_every_demo_page_renders(demo, client):
    for page in Page.objects.live().filter(depth__gt=1):
        response = client.get(page.url)
        assert response.status_code == 200, page.url_path


def test_every_demo_image_has_alt_text(demo):
    assert not get_image_model().objects.filter(alt_text="").exists()


def test_loading_twice_gives_the_same_site(demo):
    before = site_snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert site_snapshot() == before


def test_loading_again_keeps_what_the_owner_edited(demo):
    about = Page.objects.get(slug="ueber-uns").specific
    about.intro = "Our own words."
    about.save_revision().publish()
    call_command("load_demo", stdout=io.StringIO())
    about.refresh_from_db()
    assert about.intro == "Our own words."


def test_loading_again_does_not_bring_back_what_the_owner_deleted(demo):
    Page.objects.get(slug="impressum").delete()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert not Page.objects.filter(slug="impressum").exists()
    assert "already loaded" in out.getvalue()
