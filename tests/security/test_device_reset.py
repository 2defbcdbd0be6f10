"""A superuser resets another user's second factors; the user enrols again."""

import logging

import pytest
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.security.devices import recovery_codes_create
from tests.security.conftest import verified_login

pytestmark = pytest.mark.django_db


def test_a_superuser_resets_an_editors_devices_and_it_is_logged(
    client, two_factor, superuser, owner, caplog
):
    verified_login(client, superuser)
    TOTPDevice.objects.create(user=owner, name="Authenticator app", confirmed=True)
    recovery_codes_create(user=owner)

    listing = client.get("/admin/users/")
    assert f"/admin/two-factor/users/{owner.pk}/reset/".encode() in listing.content
    confirm = client.get(f"/admin/two-factor/users/{owner.pk}/reset/")
    assert b"owner" in confirm.content
    with caplog.at_level(logging.WARNING, logger="cms.security"):
        response = client.post(f"/admin/two-factor/users/{owner.pk}/reset/")
    assert response.status_code == 302
    assert list(devices_for_user(owner, confirmed=None)) == []
    assert "Two-factor devices reset: user='owner'" in caplog.text
    assert "by='agency-admin'" in caplog.text

    client.force_login(owner)
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/enrol/")


def test_an_editor_can_reset_nobodys_devices(client, two_factor, superuser, owner):
    TOTPDevice.objects.create(user=superuser, name="Authenticator app", confirmed=True)
    verified_login(client, owner)
    response = client.post(f"/admin/two-factor/users/{superuser.pk}/reset/")
    # Wagtail turns the refusal into its "no permission" redirect.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert len(list(devices_for_user(superuser))) == 1
    assert b"/two-factor/users/" not in client.get("/admin/users/").content
