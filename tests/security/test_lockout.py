"""django-axes locks an account, and separately a client's address, after
AXES_FAILURE_LIMIT failed sign-ins; behind the balancer, per visitor."""

import logging

import pytest
from django.contrib.auth import get_user_model

from tests.security.conftest import PASSWORD, verified_login

pytestmark = pytest.mark.django_db

BALANCER = {"REMOTE_ADDR": "10.0.0.2"}


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.DELIVERY_API_TRUSTED_PROXIES = 1


@pytest.fixture
def anna(db):
    return get_user_model().objects.create_user(username="anna", password=PASSWORD)


def sign_in(client, username, password, visitor):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        HTTP_X_FORWARDED_FOR=visitor,
        **BALANCER,
    )


def test_an_account_is_locked_after_the_limit_from_any_address(client, anna, caplog):
    for visitor in ("203.0.113.1", "203.0.113.2"):
        assert sign_in(client, "anna", "wrong", visitor).status_code == 200
    with caplog.at_level(logging.WARNING, logger="cms.security"):
        third = sign_in(client, "anna", "wrong", "203.0.113.3")
    assert third.status_code == 429
    locked = sign_in(client, "anna", PASSWORD, "198.51.100.9")
    assert locked.status_code == 429
    assert b"Too many failed sign-in attempts" in locked.content
    assert b'name="username"' in locked.content  # still the sign-in page
    assert "Login locked out: username='anna'" in caplog.text
    assert "_auth_user_id" not in client.session


def test_one_visitor_behind_the_balancer_does_not_lock_out_the_others(client, anna):
    for name in ("bob", "carol", "dave"):
        sign_in(client, name, "guess", "203.0.113.7")
    assert sign_in(client, "erin", "guess", "203.0.113.7").status_code == 429
    # The same balancer address, another visitor: anna signs in.
    assert sign_in(client, "anna", PASSWORD, "198.51.100.4").status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_lock(client, anna):
    for name in ("bob", "carol", "dave"):
        sign_in(client, name, "guess", "203.0.113.7")
    forged = sign_in(client, "anna", PASSWORD, "192.0.2.1, 203.0.113.7")
    assert forged.status_code == 429


def test_a_superuser_lists_and_unlocks_a_locked_account(client, anna, superuser, caplog):
    for visitor in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        sign_in(client, "anna", "wrong", visitor)
    verified_login(client, superuser)
    screen = client.get("/admin/locked-logins/")
    assert b"Account <strong>anna</strong>" in screen.content
    with caplog.at_level(logging.WARNING, logger="cms.security"):
        client.post("/admin/locked-logins/", {"kind": "username", "value": "anna"})
    assert "Login lockout lifted: username='anna' by='agency-admin'" in caplog.text
    assert b"Nobody is locked out." in client.get("/admin/locked-logins/").content

    client.logout()
    assert sign_in(client, "anna", PASSWORD, "203.0.113.1").status_code == 302


def test_only_superusers_see_the_lockout_screen(client, owner):
    verified_login(client, owner)
    response = client.get("/admin/locked-logins/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert b"/admin/locked-logins/" not in client.get("/admin/").content
