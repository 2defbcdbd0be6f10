"""Hostile bodies, query strings, headers and paths: each gets a JSON error with a
stable code and a 4xx status, never a server error, and no body is read unbounded.
One line per input; a new one is a new line."""

import json

import pytest
from django.conf import settings

from tests.conftest import home_create
from tests.content.factories import ContactFormFieldFactory, ContactPageFactory, StandardPageFactory
from tests.shared_rows import rolled_back

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
VALID = {"your_name": "Anna"}

# (name, body, extra WSGI environ, status, code) for POST /api/v1/forms/<id>/submissions/
BODIES = [
    ("5 MB", json.dumps({"your_name": "x" * 5 * MB}).encode(), {}, 413, "body_too_large"),
    (
        "claims 5 GB, sends little",
        b"{}",
        {"CONTENT_LENGTH": str(5 * 1024 * MB)},
        413,
        "body_too_large",
    ),
    ("malformed", b'{"your_name": ', {}, 400, "invalid_json"),
    ("trailing garbage", b'{"your_name": "Anna"} x', {}, 400, "invalid_json"),
    ("not UTF-8", b'{"your_name": "\xff\xfe"}', {}, 400, "invalid_json"),
    ("100000 levels of [", b"[" * 100_000, {}, 400, "invalid_json"),
    ("100000 levels of {", b'{"a":' * 100_000, {}, 400, "invalid_json"),
    ("closed deep nesting", b"[" * 100_000 + b"]" * 100_000, {}, 400, "invalid_json"),
    ("an array", b'[{"your_name": "Anna"}]', {}, 400, "invalid_json"),
    ("a string", b'"your_name=Anna"', {}, 400, "invalid_json"),
    ("null", b"null", {}, 400, "invalid_json"),
    ("a number too large", b"1e999", {}, 400, "invalid_json"),
    ("an integer of 5000 digits", b'{"your_name": 1' + b"0" * 5000 + b"}", {}, 400, "invalid_json"),
    (
        "form-encoded",
        b"your_name=Anna",
        {"CONTENT_TYPE": "application/x-www-form-urlencoded"},
        400,
        "invalid_json",
    ),
    (
        "a bad Content-Length",
        json.dumps(VALID).encode(),
        {"CONTENT_LENGTH": "abc"},
        400,
        "invalid_json",
    ),
    (
        "a NUL byte in a value",
        json.dumps({"your_name": "\x00"}).encode(),
        {},
        422,
        "invalid_submission",
    ),
    ("an object as a value", b'{"your_name": {"$gt": ""}}', {}, 201, None),
    ("NaN as a value", b'{"your_name": NaN}', {}, 201, None),
]


@pytest.fixture(scope="module")
def module_pages(django_db_setup, django_db_blocker):
    """The pages, written once for this module's tests: they only read them,
    and what a form post stores is rolled back after each test."""
    with rolled_back(django_db_blocker):
        home = home_create()
        about = StandardPageFactory(parent=home, slug="about")
        contact = ContactPageFactory(parent=home, slug="contact")
        ContactFormFieldFactory(page=contact, label="Your name", sort_order=0)
        yield {"about": about, "contact": contact}


@pytest.fixture
def contact(module_pages, db):
    return module_pages["contact"]


@pytest.mark.parametrize(
    ("body", "environ", "status", "code"),
    [row[1:] for row in BODIES],
    ids=[row[0] for row in BODIES],
)
def test_a_hostile_form_body_gets_a_json_error(client, contact, body, environ, status, code):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE < 5 * MB
    response = client.post(
        f"/api/v1/forms/{contact.pk}/submissions/",
        data=body,
        content_type="application/json",
        **environ,
    )
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    if code:
        error = response.json()["error"]
        assert (error["code"], bool(error["message"])) == (code, True)


LISTINGS = [
    "/api/v1/pages/",
    "/api/v1/navigation/",
    "/api/v1/settings/",
    "/api/v1/redirects/",
    "/api/v1/sitemap/",
    "/api/v1/testimonials/",
    "/api/v1/team/",
    "/api/v1/export/",
]
WITH_LOCALE = [
    "/api/v1/pages/",
    "/api/v1/navigation/",
    "/api/v1/sitemap/",
    "/api/v1/testimonials/",
    "/api/v1/team/",
]

# (query string, status, code) that every listing answers alike.
SITE_QUERIES = [
    ("site=localhost", 200, None),
    ("site=%00", 400, "invalid_parameter"),
    ("site=localhost%00", 400, "invalid_parameter"),
    ("site=localhost%0d%0aSet-Cookie:%20injected=1", 400, "invalid_parameter"),
    ("site=localhost%0aX-Injected:%201", 400, "invalid_parameter"),
    ("site=' OR '1'='1", 404, "site_not_found"),
    ("site=localhost'; DROP TABLE wagtailcore_site; --", 404, "site_not_found"),
    ("site=%E2%80%AE%F0%9F%AA%B5.example", 404, "site_not_found"),
    ("site=LOCALHOST", 200, None),
    ("site=" + "a" * 300, 400, "invalid_parameter"),
    ("site=" + "a" * 100_000, 400, "invalid_parameter"),
    ("site=localhost&site=localhost", 200, None),
    ("site=nope.example&site=localhost", 200, None),  # the last value counts, as in Django
    ("site=localhost&site=nope.example", 404, "site_not_found"),
    ("site[]=nope.example", 200, None),  # not a parameter of ours: ignored
    ("site[0]=nope.example&site[1]=x", 200, None),
    ("%00=1&site=localhost", 200, None),
    ("site=localhost&" + "&".join(f"p{n}=1" for n in range(2000)), 200, None),
]
# (query string, status, code) for listings that take locale=.
LOCALE_QUERIES = [
    ("locale=de", 200, None),
    ("locale=DE", 200, None),
    ("locale=%00", 400, "invalid_parameter"),
    ("locale=de%00", 400, "invalid_parameter"),
    ("locale=de%0d%0aX-Injected:%201", 400, "invalid_parameter"),
    ("locale=fr", 404, "locale_not_found"),
    ("locale=de' OR '1'='1", 400, "invalid_parameter"),
    ("locale=%C3%9F", 400, "invalid_parameter"),  # ß, which upper-cases to SS
    ("locale=%E2%84%AA", 400, "invalid_parameter"),  # the Kelvin sign lower-cases to k
    ("locale=" + "d" * 10_000, 400, "invalid_parameter"),
    ("locale=de&locale=fr", 404, "locale_not_found"),  # the last value counts
    ("locale=fr&locale=de", 200, None),
    ("locale[]=de", 200, None),
]


def assert_clean_answer(response, status, code):
    assert response.status_code == status, response.content[:500]
    for name, value in response.items():
        assert "\n" not in value and "\r" not in value, name
        assert "injected" not in value.lower(), name
    assert "X-Injected" not in response
    if code:
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"]["code"] == code


@pytest.fixture
def about(module_pages, db):
    return module_pages["about"]


@pytest.mark.parametrize("endpoint", LISTINGS)
@pytest.mark.parametrize(("query", "status", "code"), SITE_QUERIES)
def test_a_hostile_query_string_gets_a_json_error(client, about, endpoint, query, status, code):
    assert_clean_answer(client.get(f"{endpoint}?{query}"), status, code)


@pytest.mark.parametrize("endpoint", WITH_LOCALE)
@pytest.mark.parametrize(("query", "status", "code"), LOCALE_QUERIES)
def test_a_hostile_locale_gets_a_json_error(client, about, endpoint, query, status, code):
    assert_clean_answer(client.get(f"{endpoint}?{query}"), status, code)


# Host headers: Django refuses them (DisallowedHost); the API says so in JSON.
HOSTS = [
    "evil.example",
    "localhost\r\nX-Injected: 1",
    "localhost:abc",
    "localhost:80:80",
    "localhost.:-1",
    "[::1",
    "local host",
    "localhost@evil.example",
    "localhost/../evil",
    "localhost\x00",
    "a" * 10_000,
]


@pytest.mark.parametrize("host", HOSTS)
@pytest.mark.parametrize("endpoint", ["/api/v1/pages/", "/api/v1/nothing-here/"])
def test_an_odd_host_header_is_a_400_in_json(client, about, settings, host, endpoint):
    settings.ALLOWED_HOSTS = ["localhost"]
    assert_clean_answer(client.get(endpoint, HTTP_HOST=host), 400, "invalid_host")


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://a.example\r\nX-Injected: 1"},
        {"HTTP_ORIGIN": "\x00"},
        {"HTTP_IF_NONE_MATCH": '"a"\r\nX-Injected: 1'},
        {"HTTP_X_FORWARDED_HOST": "evil.example\r\nX-Injected: 1"},
        {"HTTP_X_FORWARDED_PROTO": "https\r\nX-Injected: 1"},
        {"HTTP_X_FORWARDED_FOR": "\r\n" * 1000},
    ],
)
def test_control_characters_in_headers_never_reach_the_response(client, about, headers):
    assert_clean_answer(client.get("/api/v1/pages/", **headers), 200, None)
