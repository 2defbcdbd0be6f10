"""A page translated with wagtail-localize, published and fetched through the delivery API."""

import pytest

from cms.content.translation import translations_sync
from sites.models import SiteSettings
from tests.media_pipeline.factories import ImageFactory

pytestmark = pytest.mark.django_db


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    return response.json()


def test_an_english_translation_is_served_under_the_en_prefix(client, german_site):
    english_kitchen = german_site["english"][german_site["kitchen"].pk]

    data = get_json(client, "/api/v1/pages/by-path/?path=/en/projects/oak-kitchen/")

    assert data["id"] == english_kitchen.pk
    assert data["locale"] == "en"
    assert data["title"] == "Oak kitchen"
    assert data["summary"] == "A kitchen in solid oak."
    assert data["path"] == "/en/projects/oak-kitchen/"
    assert data["url"] == "http://localhost/en/projects/oak-kitchen/"
    assert [b["path"] for b in data["breadcrumbs"]] == ["/en/", "/en/projects/"]
    assert data["translations"] == [
        {
            "locale": "de",
            "path": "/projects/oak-kitchen/",
            "url": "http://localhost/projects/oak-kitchen/",
        }
    ]
    # The block's alt text was translated with the page's other strings.
    assert data["body"][0]["value"]["image"]["alt"] == "The kitchen"
    # A link to a page that has an English version leads there.
    assert 'href="/en/projects/"' in data["body"][1]["value"]


def test_the_default_language_keeps_plain_paths(client, german_site):
    data = get_json(client, "/api/v1/pages/by-path/?path=/projects/oak-kitchen/")
    assert (data["locale"], data["title"]) == ("de", "Eichenküche")
    assert data["body"][0]["value"]["image"]["alt"] == "Die Küche"
    assert 'href="/projects/"' in data["body"][1]["value"]
    assert data["translations"][0]["path"] == "/en/projects/oak-kitchen/"
    home = get_json(client, "/api/v1/pages/by-path/?path=/en/")
    assert (home["locale"], home["path"]) == ("en", "/en/")


def test_a_page_without_translation_is_a_404_that_says_which_languages_exist(client, german_site):
    error = get_json(client, "/api/v1/pages/by-path/?path=/en/only-german/", status=404)
    assert error["error"]["code"] == "translation_not_found"
    assert error["error"]["available"] == [{"locale": "de", "path": "/only-german/"}]
    assert "de" in error["error"]["message"]
    missing = get_json(client, "/api/v1/pages/by-path/?path=/en/nowhere/", status=404)
    assert missing["error"]["code"] == "page_not_found"


def test_listings_filter_by_locale(client, german_site):
    english = get_json(client, "/api/v1/pages/?locale=en")
    assert {item["path"] for item in english["items"]} == {
        "/en/",
        "/en/projects/",
        "/en/projects/oak-kitchen/",
    }
    german = get_json(client, "/api/v1/pages/?locale=de&type=ProjectPage")
    assert [item["title"] for item in german["items"]] == ["Eichenküche"]
    error = get_json(client, "/api/v1/pages/?locale=fr", status=404)
    assert error["error"]["code"] == "locale_not_found"


def test_navigation_and_sitemap_per_locale_with_alternates(client, german_site):
    nav = get_json(client, "/api/v1/navigation/?locale=en")
    assert nav["locale"] == "en"
    assert [(item["title"], item["path"]) for item in nav["items"]] == [
        ("Projects", "/en/projects/")
    ]
    assert nav["items"][0]["alternates"] == [
        {"locale": "de", "path": "/projects/", "url": "http://localhost/projects/"},
        {"locale": "en", "path": "/en/projects/", "url": "http://localhost/en/projects/"},
    ]
    assert get_json(client, "/api/v1/navigation/")["items"][0]["title"] == "Projekte"

    sitemap = get_json(client, "/api/v1/sitemap/?locale=en")["items"]
    kitchen = next(item for item in sitemap if item["path"] == "/en/projects/oak-kitchen/")
    assert kitchen["locale"] == "en"
    assert {a["locale"]: a["url"] for a in kitchen["alternates"]} == {
        "de": "http://localhost/projects/oak-kitchen/",
        "en": "http://localhost/en/projects/oak-kitchen/",
    }
    everything = get_json(client, "/api/v1/sitemap/")["items"]
    assert {item["locale"] for item in everything} == {"de", "en"}


def test_a_site_serves_only_its_own_languages(client, german_site):
    SiteSettings.objects.update_or_create(
        site=german_site["home"].get_site(), defaults={"languages": "de"}
    )
    get_json(client, "/api/v1/pages/by-path/?path=/en/projects/oak-kitchen/", status=404)
    assert get_json(client, "/api/v1/pages/?locale=en", status=404)
    settings = get_json(client, "/api/v1/settings/")
    assert (settings["locale"], settings["languages"]) == ("de", ["de"])
    detail = get_json(client, "/api/v1/pages/by-path/?path=/projects/oak-kitchen/")
    assert detail["translations"] == []


def test_a_synchronised_field_change_reaches_the_translation(client, german_site):
    kitchen = german_site["kitchen"]
    new_photo = ImageFactory(title="Neues Foto")
    kitchen.completion_date = kitchen.completion_date.replace(year=2025)
    kitchen.hero_image = new_photo
    kitchen.summary = "Eine Küche aus geölter Eiche."
    kitchen.save_revision().publish()

    translations_sync(instance=kitchen)

    english = german_site["english"][kitchen.pk]
    english.refresh_from_db()
    assert english.completion_date.year == 2025
    assert english.hero_image_id == new_photo.pk
    # A changed text is a new string: until translated it shows the source text.
    assert english.summary == "Eine Küche aus geölter Eiche."
    data = get_json(client, "/api/v1/pages/by-path/?path=/en/projects/oak-kitchen/")
    assert data["completion_date"] == "2025-01-15"
    assert data["title"] == "Oak kitchen"
