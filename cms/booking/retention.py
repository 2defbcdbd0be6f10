"""Data protection: intake answers are kept BOOKING_INTAKE_RETENTION_DAYS after
the appointment, then erased (the booking itself stays, for the books)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import Booking


def answers_erase_expired() -> int:
    """Erases the answers of appointments that ended more than the retention period ago."""
    now = timezone.now()
    cutoff = now - timedelta(days=settings.BOOKING_INTAKE_RETENTION_DAYS)
    return (
        Booking.objects.filter(end__lt=cutoff, answers_erased_at=None)
        .exclude(answers={})
        .update(answers={}, answers_erased_at=now)
    )
