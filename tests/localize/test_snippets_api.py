"""Testimonials and team members come in one language at a time, each naming its translations."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.content import models as content
from cms.content.translation import object_translate
from cms.provisioning import client_site_create
from sites.models import SiteSettings
from tests.shared_rows import rolled_back

pytestmark = pytest.mark.django_db


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    return response.json()


@pytest.fixture(scope="module")
def snippet_rows(german_site_rows, django_db_blocker):
    """A German testimonial and team member translated into English, and one of each
    that exists only in German; written once for the module, as its German site is."""
    with rolled_back(django_db_blocker):
        yield snippets_create(german_site_rows["home"])


@pytest.fixture
def snippets(snippet_rows, db):
    return snippet_rows


def snippets_create(home) -> dict:
    site = home.get_site()
    quote = content.Testimonial.objects.create(site=site, quote="Sehr gute Arbeit", author="Eva")
    only_german_quote = content.Testimonial.objects.create(
        site=site, quote="Pünktlich", author="Jan"
    )
    lena = content.TeamMember.objects.create(site=site, name="Lena", role="Meisterin", sort_order=1)
    only_german_member = content.TeamMember.objects.create(site=site, name="Max", sort_order=2)
    english_quote = object_translate(
        instance=quote, language="en", texts={"Sehr gute Arbeit": "Very good work"}
    )
    english_lena = object_translate(
        instance=lena, language="en", texts={"Meisterin": "Master carpenter"}
    )
    return {
        "quote": quote,
        "english_quote": english_quote,
        "only_german_quote": only_german_quote,
        "lena": lena,
        "english_lena": english_lena,
        "only_german_member": only_german_member,
    }


def test_testimonials_default_to_the_sites_language_and_list_their_translations(client, snippets):
    items = get_json(client, "/api/v1/testimonials/")["items"]
    assert [(item["id"], item["quote"]) for item in items] == [
        (snippets["quote"].pk, "Sehr gute Arbeit"),
        (snippets["only_german_quote"].pk, "Pünktlich"),
    ]
    assert items[0]["translations"] == [{"locale": "en", "id": snippets["english_quote"].pk}]
    assert items[1]["translations"] == []


def test_testimonials_in_another_language_link_back_to_the_original(client, snippets):
    items = get_json(client, "/api/v1/testimonials/?locale=en")["items"]
    assert [(item["id"], item["quote"], item["author"]) for item in items] == [
        (snippets["english_quote"].pk, "Very good work", "Eva")
    ]
    assert items[0]["translations"] == [{"locale": "de", "id": snippets["quote"].pk}]


def test_team_members_come_in_the_asked_language_with_their_translations(client, snippets):
    german = get_json(client, "/api/v1/team/?locale=de")["items"]
    assert [(m["id"], m["role"]) for m in german] == [
        (snippets["lena"].pk, "Meisterin"),
        (snippets["only_german_member"].pk, ""),
    ]
    assert german[0]["translations"] == [{"locale": "en", "id": snippets["english_lena"].pk}]
    english = get_json(client, "/api/v1/team/?locale=EN")["items"]
    assert [(m["id"], m["name"], m["role"]) for m in english] == [
        (snippets["english_lena"].pk, "Lena", "Master carpenter")
    ]
    assert english[0]["translations"] == [{"locale": "de", "id": snippets["lena"].pk}]


@pytest.mark.parametrize("endpoint", ["testimonials", "team"])
@pytest.mark.parametrize(
    ("locale", "status", "code"),
    [
        ("fr", 404, "locale_not_found"),
        ("%00", 400, "invalid_parameter"),
        ("x" * 21, 400, "invalid_parameter"),
    ],
)
def test_a_language_the_site_does_not_publish_is_refused(
    client, snippets, endpoint, locale, status, code
):
    error = get_json(client, f"/api/v1/{endpoint}/?locale={locale}", status=status)["error"]
    assert error["code"] == code


@pytest.mark.parametrize("endpoint", ["testimonials", "team"])
def test_languages_the_site_no_longer_publishes_are_neither_served_nor_listed(
    client, snippets, endpoint
):
    SiteSettings.objects.update_or_create(site=snippets["quote"].site, defaults={"languages": "de"})
    get_json(client, f"/api/v1/{endpoint}/?locale=en", status=404)
    items = get_json(client, f"/api/v1/{endpoint}/")["items"]
    assert [item["translations"] for item in items] == [[], []]


@pytest.mark.parametrize("endpoint", ["testimonials", "team"])
def test_another_sites_snippets_are_not_translations_of_this_ones(client, snippets, endpoint):
    florist = client_site_create(name="Florist", hostname="florist.example").site
    model, original, english = (
        (content.Testimonial, snippets["quote"], snippets["english_quote"])
        if endpoint == "testimonials"
        else (content.TeamMember, snippets["lena"], snippets["english_lena"])
    )
    # Forged: another site's snippet in English with the same translation key
    # must not be offered as a translation.
    model.objects.filter(pk=english.pk).delete()
    copy = model.objects.get(pk=original.pk)
    copy.pk = None
    copy.site = florist
    copy.locale = english.locale
    copy.save()
    items = get_json(client, f"/api/v1/{endpoint}/?site=localhost")["items"]
    assert items[0]["translations"] == []
    assert get_json(client, f"/api/v1/{endpoint}/?site=florist.example&locale=de")["items"] == []


def queries_for(client, url) -> int:
    """Queries of a request that finds nothing cached: neither answers nor sites."""
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        get_json(client, url)
    return len(captured)


@pytest.mark.parametrize("endpoint", ["testimonials", "team"])
def test_snippet_queries_do_not_grow_with_items_or_translations(client, snippets, endpoint):
    few = queries_for(client, f"/api/v1/{endpoint}/")
    site = snippets["quote"].site
    for n in range(6):
        if endpoint == "testimonials":
            original = content.Testimonial.objects.create(
                site=site, quote=f"Zitat {n}", author=f"A{n}"
            )
        else:
            original = content.TeamMember.objects.create(site=site, name=f"M{n}", role=f"Rolle {n}")
        object_translate(instance=original, language="en", texts={})
    many = queries_for(client, f"/api/v1/{endpoint}/")
    caches["api"].clear()
    assert len(get_json(client, f"/api/v1/{endpoint}/")["items"]) == 8
    assert few == many
