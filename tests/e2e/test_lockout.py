"""Repeated wrong passwords lock the account and the visitor's address; a
superuser lifts the lock in the admin. In Chromium, behind a trusted balancer."""

import pytest
from django.contrib.auth import get_user_model

from tests.e2e.conftest import LIVE_DATABASE, PASSWORD

pytestmark = LIVE_DATABASE

LOCKOUT_TEXT = "Too many failed sign-in attempts"


@pytest.fixture
def behind_balancer(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.DELIVERY_API_TRUSTED_PROXIES = 1


def test_a_locked_out_editor_is_unlocked_by_a_superuser_and_signs_in(
    visitors, behind_balancer, superuser
):
    get_user_model().objects.create_user(username="anna", password=PASSWORD)
    anna = visitors(forwarded_for="203.0.113.7")
    for _ in range(3):
        anna.sign_in("anna", "wrong password")
        assert "/admin/login/" in anna.page.url
    anna.sign_in("anna")  # the right password no longer helps
    assert "/admin/login/" in anna.page.url
    assert anna.page.get_by_text(LOCKOUT_TEXT).is_visible()

    # The agency's admin comes through the same balancer from elsewhere.
    admin = visitors(forwarded_for="198.51.100.4")
    admin.sign_in(superuser.username)
    assert admin.page.url.endswith("/admin/")
    admin.goto("/admin/locked-logins/")
    with admin.page.expect_navigation():
        admin.page.click("button:has-text('Unlock anna')")
    assert admin.page.get_by_text("Unlocked anna.").is_visible()
    assert admin.page.get_by_text("Nobody is locked out.").is_visible()

    anna.sign_in("anna")
    assert anna.page.url.endswith("/admin/")
