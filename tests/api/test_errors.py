"""No query string, path or header makes the API fail: every error is JSON with a code."""

import pytest

from tests.conftest import home_create
from tests.content.factories import StandardPageFactory
from tests.shared_rows import fresh_row, rolled_back

pytestmark = pytest.mark.django_db

HOSTILE_URLS = [
    ("/api/v1/pages/?limit=abc", 400, "invalid_parameter"),
    ("/api/v1/pages/?limit=-1", 400, "invalid_parameter"),
    ("/api/v1/pages/?limit=1000", 400, "invalid_parameter"),
    ("/api/v1/pages/?limit=99999999999999999999999999", 400, "invalid_parameter"),
    ("/api/v1/pages/?offset=-5", 400, "invalid_parameter"),
    ("/api/v1/pages/?child_of=abc", 400, "invalid_parameter"),
    ("/api/v1/pages/?child_of=99999999999999999999", 400, "invalid_parameter"),
    ("/api/v1/pages/?child_of=0", 400, "invalid_parameter"),
    ("/api/v1/pages/?child_of=424242", 404, "page_not_found"),
    ("/api/v1/pages/?type=content.Nonsense", 400, "invalid_parameter"),
    ("/api/v1/pages/?type=auth.User", 400, "invalid_parameter"),
    ("/api/v1/pages/?order=;DROP TABLE wagtailcore_page", 400, "invalid_parameter"),
    ("/api/v1/pages/?order=password", 400, "invalid_parameter"),
    ("/api/v1/pages/?search=%00", 400, "invalid_parameter"),
    ("/api/v1/pages/?search=%22", 200, None),
    ("/api/v1/pages/?search=oak&locale=en", 200, None),
    ("/api/v1/pages/?search=oak&locale=en&type=StandardPage&order=title", 200, None),
    ("/api/v1/pages/?search=oak%22 %22", 200, None),
    ("/api/v1/pages/?search=*", 200, None),
    ("/api/v1/pages/?search=^oak", 200, None),
    ("/api/v1/pages/?search=title:oak", 200, None),
    ("/api/v1/pages/?search=-oak", 200, None),
    ("/api/v1/pages/?search=NEAR(oak walnut)", 200, None),
    ("/api/v1/pages/?search={title}", 200, None),
    ("/api/v1/pages/?search=%2B%2B%2B", 200, None),
    ("/api/v1/pages/?search=AND OR NOT (", 200, None),
    ("/api/v1/pages/?search=' OR 1=1 --", 200, None),
    ("/api/v1/pages/?search=%E2%80%AE%F0%9F%AA%B5", 200, None),
    ("/api/v1/pages/?search=" + "x" * 500, 400, "invalid_parameter"),
    ("/api/v1/pages/?tag=%00", 400, "invalid_parameter"),
    ("/api/v1/pages/?locale=%00", 400, "invalid_parameter"),
    ("/api/v1/pages/?site=%00", 400, "invalid_parameter"),
    ("/api/v1/pages/?site=nope.example", 404, "site_not_found"),
    ("/api/v1/pages/?site=" + "a" * 300, 400, "invalid_parameter"),
    ("/api/v1/pages/by-path/", 400, "invalid_parameter"),
    ("/api/v1/pages/by-path/?path=", 400, "invalid_parameter"),
    ("/api/v1/pages/by-path/?path=/../../etc/passwd", 404, "page_not_found"),
    ("/api/v1/pages/by-path/?path=%00", 400, "invalid_parameter"),
    ("/api/v1/pages/by-path/?path=/%F0%9F%AA%B5/", 404, "page_not_found"),
    ("/api/v1/pages/by-path/?path=" + "/a" * 600, 400, "invalid_parameter"),
    ("/api/v1/pages/by-path/?path=//about//", 200, None),
    ("/api/v1/pages/1e9/", 400, "invalid_parameter"),
    ("/api/v1/pages/99999999999999999999/", 400, "invalid_parameter"),
    ("/api/v1/pages/-1/", 400, "invalid_parameter"),
    ("/api/v1/images/0/", 400, "invalid_parameter"),
    ("/api/v1/images/424242/", 404, "image_not_found"),
    ("/api/v1/images/1/?crop=<script>", 400, "invalid_parameter"),
    ("/api/v1/forms/424242/", 404, "page_not_found"),
    ("/api/v1/nothing-here/", 404, "unknown_endpoint"),
    ("/api/v1/pages/?limit=1&limit=2", 200, None),
    ("/api/v1/pages/?unknown=parameter", 200, None),
]


@pytest.fixture(scope="module")
def site_rows(django_db_setup, django_db_blocker):
    """The home and about pages, written once for this module's tests: they
    only read them."""
    with rolled_back(django_db_blocker):
        yield {"about": StandardPageFactory(parent=home_create(), slug="about")}


about = fresh_row("about")


@pytest.mark.parametrize(("url", "status", "code"), HOSTILE_URLS)
def test_hostile_query_strings_get_a_clear_json_answer(client, about, url, status, code):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    if code:
        error = response.json()["error"]
        assert error["code"] == code
        assert error["message"]


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_IF_NONE_MATCH": "\x00garbage"},
        {"HTTP_IF_NONE_MATCH": "*" * 10_000},
        {"HTTP_ACCEPT": "text/html"},
        {"HTTP_ACCEPT_LANGUAGE": "xx-\x00"},
        {"HTTP_X_FORWARDED_FOR": "not-an-ip"},
    ],
)
def test_odd_headers_do_not_break_a_request(client, about, headers):
    response = client.get(f"/api/v1/pages/{about.pk}/", **headers)
    assert response.status_code in (200, 304)


def test_an_unknown_host_is_refused_without_a_server_error(client, about, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    response = client.get("/api/v1/pages/", HTTP_HOST="evil.example")
    assert response.status_code == 400


def test_the_api_is_read_only(client, about):
    for method in (client.post, client.put, client.delete, client.patch):
        response = method(f"/api/v1/pages/{about.pk}/")
        assert response.status_code == 405
