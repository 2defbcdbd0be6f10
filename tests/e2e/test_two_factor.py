"""Two-factor sign-in through the real login page, in Chromium."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.provisioning import client_site_create
from cms.security.devices import recovery_codes_create
from tests.e2e.conftest import LIVE_DATABASE, PASSWORD
from tests.security.conftest import totp_code

pytestmark = LIVE_DATABASE


@pytest.fixture
def two_factor(settings):
    settings.TWO_FACTOR_REQUIRED = True


@pytest.fixture
def editor(db):
    """A client's editor, as create_client_site makes them."""
    alpha = client_site_create(name="Alpha Carpentry", hostname="alpha.example")
    user = get_user_model().objects.create_user(
        username="anna", email="anna@alpha.example", password=PASSWORD
    )
    user.groups.add(alpha.editors)
    return user


def enrol(visitor) -> tuple[str, list[str]]:
    """On the enrolment page: types the code for the shown secret; returns the
    secret and the recovery codes shown once."""
    assert "/admin/two-factor/enrol/" in visitor.page.url
    assert visitor.page.locator(".security-qr svg").is_visible()
    secret = visitor.page.text_content("[data-totp-secret]").strip()
    visitor.enter_code(totp_code(secret))
    codes = visitor.page.locator("[data-recovery-codes] code").all_text_contents()
    with visitor.page.expect_navigation():
        visitor.page.click("text=I have saved them, continue")
    return secret, codes


def test_an_editor_enrols_an_authenticator_app_and_signs_in_with_it(visitors, two_factor, editor):
    anna = visitors()
    anna.sign_in("anna")
    secret, codes = enrol(anna)
    assert len(codes) == 10
    assert anna.page.url.endswith("/admin/")
    assert anna.page.locator("#main").is_visible()

    anna.sign_out()
    anna.goto("/admin/")
    assert "/admin/login/" in anna.page.url
    anna.sign_in("anna")
    assert "/admin/two-factor/verify/" in anna.page.url
    anna.goto("/admin/pages/")
    assert "/admin/two-factor/verify/" in anna.page.url, "the admin opened without the code"

    # The next code of the app: the one used to enrol cannot be replayed.
    last_step = TOTPDevice.objects.get(user=editor).last_t
    anna.enter_code(totp_code(secret, step=last_step + 1))
    assert "/admin/pages/" in anna.page.url  # the explorer of her own site


def test_a_recovery_code_works_exactly_once(visitors, two_factor, editor):
    TOTPDevice.objects.create(user=editor, name="Authenticator app", confirmed=True)
    first, *_ = recovery_codes_create(user=editor)
    anna = visitors()
    anna.sign_in("anna")
    anna.enter_code(first)
    assert anna.page.url.endswith("/admin/")

    anna.sign_out()
    anna.sign_in("anna")
    anna.enter_code(first)
    assert "/admin/two-factor/verify/" in anna.page.url
    assert anna.page.get_by_text("This code is not valid, or it was used already.").is_visible()
    anna.goto("/admin/images/")
    assert "/admin/two-factor/verify/" in anna.page.url


def test_a_client_editor_without_a_device_reaches_no_admin_page(visitors, two_factor, editor):
    anna = visitors()
    anna.sign_in("anna")
    for path in ("/admin/", "/admin/pages/", "/admin/images/", "/admin/snippets/", "/admin/users/"):
        anna.goto(path)
        assert "/admin/two-factor/enrol/" in anna.page.url, path
        assert anna.page.locator("[data-totp-secret]").is_visible()
