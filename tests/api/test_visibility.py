"""Restricting, lifting a restriction and moving pages change what visitors see
at once, although the restricted paths are kept with the sites
(sites.frontend.FrontendUrls) between requests."""

import pytest
from django.test import override_settings
from wagtail.models import PageViewRestriction

from tests.content.factories import StandardPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("response_cache_off")]


@pytest.fixture
def response_cache_off():
    with override_settings(DELIVERY_API_CACHE_TIMEOUT=0):
        yield


@pytest.fixture
def section(home):
    return StandardPageFactory(parent=home, title="Members", slug="members")


@pytest.fixture
def inner(section):
    return StandardPageFactory(parent=section, title="Inner", slug="inner")


def status(client, path: str) -> int:
    return client.get(f"/api/v1/pages/by-path/?path={path}").status_code


def linked_ids(client, page) -> list:
    body = client.get(f"/api/v1/pages/{page.pk}/").json()["body"]
    return [block["value"]["page"] and block["value"]["page"]["id"] for block in body]


def test_restricting_and_lifting_show_at_once(client, inner):
    assert status(client, "/members/inner/") == 200
    restriction = PageViewRestriction.objects.create(
        page=inner.get_parent(), restriction_type="login"
    )
    assert status(client, "/members/inner/") == 404
    restriction.delete()
    assert status(client, "/members/inner/") == 200


def test_links_to_a_page_restricted_since_lead_nowhere(client, home, inner):
    cta = {"title": "Go", "text": "", "button_label": "Go", "page": inner.pk, "url": ""}
    linking = StandardPageFactory(
        parent=home, slug="linking", body=[{"type": "call_to_action", "value": cta}]
    )
    assert linked_ids(client, linking) == [inner.pk]
    PageViewRestriction.objects.create(page=inner, restriction_type="login")
    assert linked_ids(client, linking) == [None]


def test_a_moved_restricted_section_stays_hidden(client, home, section, inner):
    elsewhere = StandardPageFactory(parent=home, title="Elsewhere", slug="elsewhere")
    PageViewRestriction.objects.create(page=section, restriction_type="login")
    assert status(client, "/members/inner/") == 404
    section.move(elsewhere, pos="last-child")
    assert status(client, "/elsewhere/members/inner/") == 404
    assert status(client, "/elsewhere/") == 200
