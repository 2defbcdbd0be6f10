"""A signed-in user manages their own second factors under the account menu."""

import re

import pytest
from django_otp.plugins.otp_static.models import StaticToken

from cms.security.devices import recovery_codes_create
from tests.security.conftest import verified_login

pytestmark = pytest.mark.django_db


def test_new_recovery_codes_replace_the_old_ones(client, two_factor, owner):
    verified_login(client, owner)
    old = set(recovery_codes_create(user=owner))
    page = client.get("/admin/two-factor/")
    assert b"Authenticator app" in page.content
    assert b'id="passkey-register-button"' in page.content
    assert b"/admin/two-factor/" in client.get("/admin/account/").content

    shown = client.post("/admin/two-factor/")
    new = {c.decode() for c in re.findall(rb"<li><code>(\w+)</code></li>", shown.content)}
    assert len(new) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == new
    assert not new & old


def test_a_user_without_a_device_is_offered_enrolment(client, owner):
    client.force_login(owner)
    page = client.get("/admin/two-factor/")
    assert b"/admin/two-factor/enrol/" in page.content
    assert client.post("/admin/two-factor/").status_code in (302, 403)
    assert not StaticToken.objects.exists()
