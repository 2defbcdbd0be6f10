import pytest
from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
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
