"""Restricting, lifting a restriction and moving pages change what visitors see
at once, although the restricted paths are kept with the sites
(sites.frontend.FrontendUrls) between requests."""

import pytest
from django.test import override_settings
from wagtail.models import Page, PageViewRestriction

from cms.api.visibility import is_public, is_public_row
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


def test_the_row_rule_and_the_query_rule_agree_on_every_page(home, section, inner):
    """Page detail decides visibility on rows it has read (is_public_row), listings
    with a filter (is_public): the two forms of one rule must never disagree."""
    draft = StandardPageFactory(parent=home, title="Draft", slug="draft", live=False)
    StandardPageFactory(parent=draft, title="Under a draft", slug="under")
    sibling = StandardPageFactory(parent=home, title="Membership", slug="membership")
    for restricted in ([], [section.path], [section.path, sibling.path], [inner.path]):
        by_query = set(Page.objects.filter(is_public(restricted)).values_list("pk", flat=True))
        by_row = {
            pk
            for pk, live, path in Page.objects.values_list("pk", "live", "path")
            if is_public_row(live=live, path=path, restricted_paths=restricted)
        }
        assert by_row == by_query, restricted
        assert (section.pk in by_query) is (section.path not in restricted)
