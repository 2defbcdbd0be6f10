"""E-mails about a booking, each with its calendar invitation, sent after the commit
by the worker, so a mail server that is down never undoes a booking."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task

from .calendar import invitation_ics
from .models import Booking, Office


def invitation_send_on_commit(booking: Booking) -> None:
    booking_id, sequence = booking.pk, booking.sequence

    def enqueue_invitation():
        booking_invitation_send.enqueue(booking_id=booking_id, sequence=sequence)

    transaction.on_commit(enqueue_invitation, robust=True)


def _office(booking: Booking) -> Office:
    return Office.objects.filter(site_id=booking.site_id).first() or Office()


def _sender(booking: Booking) -> str:
    return _office(booking).email or settings.DEFAULT_FROM_EMAIL


def _context(booking: Booking, **extra) -> dict:
    """The appointment's times as the office's clock shows them."""
    zone = _office(booking).zone
    start, end = booking.start.astimezone(zone), booking.end.astimezone(zone)
    when = f"{start:%A, %d %B %Y, %H:%M}–{end:%H:%M} ({start:%Z})"
    return {"booking": booking, "when": when, "day": f"{start:%Y-%m-%d %H:%M}", **extra}


@task()
def booking_invitation_send(*, booking_id: int, sequence: int) -> None:
    """Mails the customer and the adviser the booking as it is now. A message
    overtaken by a later change (a higher SEQUENCE) is not sent: the later one is."""
    booking = (
        Booking.objects.select_related("service", "staff", "site").filter(pk=booking_id).first()
    )
    if booking is None or booking.sequence != sequence:
        return
    sender = _sender(booking)
    method, ics = invitation_ics(booking, organizer=sender)
    recipients = [email for email in (booking.customer_email, booking.staff.email) if email]
    if not recipients or booking.status == Booking.Status.HELD:
        return
    context = _context(booking, method=method)
    message = EmailMessage(
        subject=render_to_string("booking/email/invitation_subject.txt", context).strip(),
        body=render_to_string("booking/email/invitation.txt", context),
        from_email=sender,
        to=recipients,
    )
    message.attach("invite.ics", ics, f"text/calendar; method={method}; charset=utf-8")
    message.send()


def reminder_email_send(booking: Booking) -> None:
    context = _context(booking)
    EmailMessage(
        subject=render_to_string("booking/email/reminder_subject.txt", context).strip(),
        body=render_to_string("booking/email/reminder.txt", context),
        from_email=_sender(booking),
        to=[booking.customer_email],
    ).send()
