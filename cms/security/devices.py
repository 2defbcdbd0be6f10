"""A user's second factors: enrolment, verification, recovery codes and reset."""

import logging
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger("cms.security")

TOTP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def user_is_enrolled(user) -> bool:
    return user_has_device(user, confirmed=True)


def totp_device_for_enrolment(*, user) -> TOTPDevice:
    """The unconfirmed authenticator the user is setting up: the same secret on
    every reload of the page, until a code from it confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def totp_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps ask for it when typed in by hand."""
    return b32encode(device.bin_key).decode().rstrip("=")


def totp_qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def totp_enrolment_confirm(*, device: TOTPDevice, token: str) -> bool:
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(token):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return True


def recovery_codes_create(*, user) -> list[str]:
    """New single-use codes; the old ones stop working. Only their holder sees them,
    once, right now."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def device_verify(*, user, token: str):
    """The authenticator or recovery-code device that accepts the code, or None.
    A recovery code is used up by verifying it; a TOTP code cannot be replayed."""
    token = "".join(token.split())
    with transaction.atomic():
        for model in (TOTPDevice, StaticDevice):
            for device in model.objects.devices_for_user(user).select_for_update():
                if device.verify_token(token):
                    return device
    return None


def devices_reset(*, user, by) -> int:
    """Removes every second factor of `user`; at the next sign-in they enrol again."""
    with transaction.atomic():
        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
    logger.warning(
        "Two-factor devices reset: user=%r (id %s) by=%r (id %s), %d device(s) removed",
        user.get_username(),
        user.pk,
        by.get_username(),
        by.pk,
        len(devices),
    )
    return len(devices)
