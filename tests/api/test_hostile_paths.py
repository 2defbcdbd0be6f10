"""Hostile by-path values: none leads off the site asked for, whatever its
encoding, and each gets a JSON error with a stable code. One line per input."""

import pytest

from cms.provisioning import client_site_create
from tests.api.test_hostile_input import assert_clean_answer
from tests.conftest import home_create
from tests.content.factories import StandardPageFactory
from tests.shared_rows import rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_pages(django_db_setup, django_db_blocker):
    """Written once for this module's tests, which only read them. Not with the
    other hostile inputs: with a second site, their requests would have to name one."""
    with rolled_back(django_db_blocker):
        about = StandardPageFactory(parent=home_create(), slug="about")
        florist = client_site_create(name="Florist", hostname="florist.example")
        StandardPageFactory(parent=florist.home, slug="about", title="Florist about")
        StandardPageFactory(parent=florist.home, slug="secret", title="Florist secret")
        yield about


@pytest.fixture
def two_sites(module_pages, db):
    return module_pages


# by-path values (URL-encoded as sent) and what they must give on the default site.
PATHS = [
    ("/about/", 200, None),
    ("/../about/", 404, "page_not_found"),
    ("/about/../secret/", 404, "page_not_found"),
    ("../../../../etc/passwd", 404, "page_not_found"),
    ("%2e%2e/%2e%2e/secret/", 404, "page_not_found"),
    ("%252e%252e%252fsecret/", 404, "page_not_found"),
    ("/about%2F..%2F..%2Fsecret/", 404, "page_not_found"),
    ("/about%5c..%5c..%5csecret", 404, "page_not_found"),
    ("\\\\florist.example\\about\\", 404, "page_not_found"),
    ("%5c%5cflorist.example%5csecret", 404, "page_not_found"),
    ("http://florist.example/secret/", 404, "page_not_found"),
    ("https%3A%2F%2Fflorist.example%2Fsecret%2F", 404, "page_not_found"),
    ("//florist.example/secret/", 404, "page_not_found"),
    ("//evil", 404, "page_not_found"),
    ("/./secret/", 404, "page_not_found"),
    ("/home/secret/", 404, "page_not_found"),
    ("/florist/secret/", 404, "page_not_found"),
    ("/about/%00", 400, "invalid_parameter"),
    ("/about/%0d%0aX-Injected:%201", 400, "invalid_parameter"),
    ("/%C0%AE%C0%AE/secret/", 404, "page_not_found"),  # overlong UTF-8 dots
    ("/%EF%BC%8E%EF%BC%8E/secret/", 404, "page_not_found"),  # fullwidth dots
    ("/about/&path=/secret/", 404, "page_not_found"),
    ("/secret/&path=/about/", 200, None),  # the last path counts
    ("/" + "a/" * 499, 404, "page_not_found"),
]


@pytest.mark.parametrize(("path", "status", "code"), PATHS)
def test_no_path_leaves_the_site(client, two_sites, path, status, code):
    response = client.get(f"/api/v1/pages/by-path/?site=localhost&path={path}")
    assert_clean_answer(response, status, code)
    if status == 200:
        assert response.json()["id"] == two_sites.pk
