"""Every response carries a Content-Security-Policy; only the admin allows inline scripts."""

import pytest

from tests.security.conftest import verified_login

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def test_the_api_and_site_allow_scripts_from_this_origin_only(client, home):
    for url in ("/api/v1/pages/", "/api/v1/docs", "/"):
        policy = directives(client.get(url))
        assert policy["script-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'self'"]


def test_the_admin_allows_inline_scripts_but_nothing_from_other_hosts(client, owner):
    verified_login(client, owner)
    policy = directives(client.get("/admin/"))
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
