import re
from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a-long-passphrase"


@pytest.fixture
def two_factor(settings):
    settings.TWO_FACTOR_REQUIRED = True


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        username="agency-admin", email="admin@agency.example", password=PASSWORD
    )


def verified_login(client, user) -> TOTPDevice:
    """Signed in and past the second step, as after entering a code."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def enrolled_sign_in(client, *, username: str, password: str) -> None:
    """Signed in as a person does on their first visit with two factors
    required: the login form, then the enrolment page's secret typed back as a
    code, through the real views and middleware."""
    signed_in = client.post("/admin/login/", {"username": username, "password": password})
    assert signed_in.status_code == 302, "the login form refused the password"
    secret = shown_secret(client.get("/admin/two-factor/enrol/"))
    client.post("/admin/two-factor/enrol/", {"code": totp_code(secret)})
    assert client.get("/admin/pages/").status_code == 200, "the session is not verified"


def shown_secret(page) -> str:
    """The secret the enrolment page shows for typing in by hand."""
    return re.search(rb"data-totp-secret>([A-Z2-7]+)<", page.content).group(1).decode()


def totp_code(secret: str, *, step: int | None = None) -> str:
    """What an authenticator app shows for the secret, now or at a given 30-second step."""
    key = b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    if step is not None:
        totp.time = step * 30
    return f"{totp.token():06d}"
