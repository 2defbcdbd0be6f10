"""The customer's signed link to their booking: no login, no stored secret.
The signature (SECRET_KEY) covers the booking's UID, which is never shown
elsewhere than in its calendar entries."""

from django.core import signing

from .models import Booking

SALT = "cms.booking.manage"


def manage_token(booking: Booking) -> str:
    return signing.dumps(str(booking.uid), salt=SALT, compress=False)


def booking_from_token(token: str) -> Booking | None:
    try:
        uid = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return (
        Booking.objects.select_related("service", "staff", "site").filter(uid=uid).first()
        if isinstance(uid, str)
        else None
    )
