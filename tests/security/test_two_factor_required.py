"""With TWO_FACTOR_REQUIRED, no admin page opens before a second factor is verified."""

import re
from urllib.parse import unquote

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.security.conftest import shown_secret, verified_login
from tests.sites.test_admin_isolation import SKIPPED, admin_routes, urls_for

pytestmark = pytest.mark.django_db

# Reachable before the second step: signing in and out, the second step itself,
# the passkey endpoints it calls, and the admin's icon sprite and translations.
OPEN_ROUTES = re.compile(
    r"^admin/(login/|logout/|two-factor/(verify|enrol)/|two-factor/passkeys/|sprite/|jsi18n/)"
)


def test_every_admin_url_sends_a_user_without_a_device_to_enrolment(client, two_factor, owner):
    client.force_login(owner)
    checked = []
    for route in admin_routes():
        if OPEN_ROUTES.match(route) or route in SKIPPED:
            continue
        for url in urls_for(route, [1]):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/admin/two-factor/enrol/?next="), url
            checked.append(url)
    assert len(checked) > 200  # the whole admin, not a handful of pages


def test_an_enrolled_user_is_asked_for_a_code_and_keeps_the_page_they_wanted(
    client, two_factor, owner
):
    TOTPDevice.objects.create(user=owner, name="Authenticator app", confirmed=True)
    client.force_login(owner)
    response = client.get("/admin/images/?q=bench")
    assert response.status_code == 302
    assert unquote(response["Location"]) == "/admin/two-factor/verify/?next=/admin/images/?q=bench"
    assert client.post("/admin/images/", {}).status_code == 302


def test_enrolment_shows_the_secret_and_then_recovery_codes_once(client, two_factor, owner):
    client.force_login(owner)
    page = client.get("/admin/two-factor/enrol/?next=/admin/pages/")
    assert page.status_code == 200
    assert b"<svg" in page.content
    secret = shown_secret(page)
    device = TOTPDevice.objects.get(user=owner, confirmed=False)
    assert client.get("/admin/two-factor/enrol/").content.count(secret.encode()) == 1

    code = f"{TOTP(device.bin_key).token():06d}"
    shown = client.post("/admin/two-factor/enrol/", {"code": code, "next": "/admin/pages/"})
    codes = re.findall(rb"<li><code>(\w+)</code></li>", shown.content)
    assert len(codes) == 10
    assert {t.encode() for t in StaticToken.objects.values_list("token", flat=True)} == set(codes)
    assert client.get("/admin/").status_code == 200
    # Enrolled now: the enrolment page shows no new secret, it asks for a code.
    assert client.get("/admin/two-factor/enrol/")["Location"].startswith(
        "/admin/two-factor/verify/"
    )


def test_a_wrong_enrolment_code_enrols_nothing(client, two_factor, owner):
    client.force_login(owner)
    client.get("/admin/two-factor/enrol/")
    wrong = client.post("/admin/two-factor/enrol/", {"code": "000000", "next": "/admin/pages/"})
    assert b"This code is not right" in wrong.content
    assert not TOTPDevice.objects.filter(user=owner, confirmed=True).exists()
    assert client.get("/admin/").status_code == 302


def test_a_wrong_code_keeps_the_admin_closed(client, two_factor, owner):
    TOTPDevice.objects.create(user=owner, name="Authenticator app", confirmed=True)
    client.force_login(owner)
    response = client.post("/admin/two-factor/verify/", {"code": "123456", "next": "/admin/"})
    assert response.status_code == 200
    assert b"This code is not valid, or it was used already." in response.content
    assert client.get("/admin/").status_code == 302


def test_the_verify_page_only_sends_users_on_to_this_site(client, two_factor, owner):
    verified_login(client, owner)
    response = client.get("/admin/two-factor/enrol/?next=https://evil.example/")
    assert "evil.example" not in unquote(response["Location"])


def test_a_verified_user_uses_the_admin(client, two_factor, owner):
    verified_login(client, owner)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/").status_code == 200


def test_without_two_factor_required_the_admin_opens_after_the_password(client, owner, settings):
    settings.TWO_FACTOR_REQUIRED = False
    client.force_login(owner)
    assert client.get("/admin/").status_code == 200


def test_the_delivery_api_and_sign_in_page_need_no_second_factor(client, two_factor, owner, home):
    assert client.get("/admin/login/").status_code == 200
    client.force_login(owner)
    assert client.get("/api/v1/pages/").status_code == 200
