"""Holding, booking, moving and cancelling appointments.

Every write of a time goes through `_claim`: inside one transaction it lets
lapsed holds go, checks that the slot is free and writes the row. On SQLite
the transaction begins IMMEDIATE (cms.settings: transaction_mode), so the
check and the write happen under the single writer's lock and no other
process can slip in between. On PostgreSQL two transactions can pass the
check at once; the exclusion constraint (migration 0002) then refuses the
second row (or PostgreSQL ends one of two that wait for each other in its
check), which ends as SlotTaken. A service's daily cap has no constraint:
a lock on the adviser's row serialises its count and the write. What must
not be lost (the booking, its reminders, the change-feed row) is written in
the transaction; e-mails go after the commit.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from . import notifications
from .availability import Slot, overlapping, slots_at
from .models import Booking, Office, Reminder, Service, Staff
from .reminders import reminder_schedule_on_commit


class SlotTaken(Exception):
    pass


class BookingInvalid(Exception):
    """The request cannot be met as it is: one message per field at fault."""

    def __init__(self, fields: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields


class IdempotencyKeyReused(Exception):
    pass


class CancellationClosed(Exception):
    def __init__(self, deadline: datetime):
        super().__init__(f"Changes were possible until {deadline.isoformat()}.")
        self.deadline = deadline


@dataclass(frozen=True)
class Customer:
    name: str
    email: str
    phone: str = ""


def office_of(site_id: int) -> Office:
    office = Office.objects.filter(site_id=site_id).first()
    return office or Office(site_id=site_id, name="")


def _candidates(*, office, service, start, staff_id, now, prefer=None) -> list[Slot]:
    slots = slots_at(office=office, service=service, start=start, staff_id=staff_id, now=now)
    if not slots:
        field = (
            "staff"
            if staff_id
            and slots_at(office=office, service=service, start=start, staff_id=None, now=now)
            else "start"
        )
        raise BookingInvalid({field: "No appointment of this service is offered then."})
    return sorted(slots, key=lambda slot: slot.staff_id != prefer)


def _claim(*, office, service, start, staff_id, now, write, prefer=None, keep=None) -> Booking:
    """Writes the first free slot at `start` with `write(slot)`, or raises SlotTaken.
    `keep`: a booking that is moving, whose own time does not count as taken."""
    candidates = _candidates(
        office=office, service=service, start=start, staff_id=staff_id, now=now, prefer=prefer
    )
    with transaction.atomic():
        for slot in candidates:
            blocked = slot.blocked(service)
            Booking.objects.filter(
                status=Booking.Status.HELD,
                expires_at__lte=now,
                staff_id=slot.staff_id,
                blocked_start__lt=blocked[1],
                blocked_end__gt=blocked[0],
            ).update(status=Booking.Status.EXPIRED)
            taken = overlapping(staff_id=slot.staff_id, blocked=blocked, now=now)
            if keep is not None:
                taken = taken.exclude(pk=keep.pk)
            if taken.exists() or _cap_reached(service, slot, office, keep=keep):
                continue
            try:
                with transaction.atomic():
                    return write(slot)
            except IntegrityError:
                # The exclusion constraint: another transaction took it first.
                continue
            except OperationalError as error:
                if not _deadlocked(error):
                    raise
                continue
    raise SlotTaken


def _deadlocked(error: OperationalError) -> bool:
    """Two transactions that insert overlapping rows at once can each wait for the
    other in the exclusion constraint's check; PostgreSQL then ends one of them
    ("deadlock detected"), which lost the slot as surely as with a conflict."""
    return getattr(error.__cause__, "sqlstate", None) == "40P01"


def _cap_reached(service: Service, slot: Slot, office: Office, *, keep) -> bool:
    if service.daily_cap is None:
        return False
    # The count and the write must not interleave with another booking of the
    # same adviser: lock the adviser's row (SQLite's writer lock already does).
    Staff.objects.select_for_update().filter(pk=slot.staff_id).exists()
    zone = office.zone
    day = slot.start.astimezone(zone).date()
    same_day = Booking.objects.filter(
        service=service,
        staff_id=slot.staff_id,
        status__in=[Booking.Status.PENDING, Booking.Status.CONFIRMED],
        start__gte=datetime.combine(day, datetime.min.time(), tzinfo=zone),
        start__lt=datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zone),
    )
    if keep is not None:
        same_day = same_day.exclude(pk=keep.pk)
    return same_day.count() >= service.daily_cap


def _times(slot: Slot, service: Service) -> dict:
    blocked_start, blocked_end = slot.blocked(service)
    return {
        "staff_id": slot.staff_id,
        "start": slot.start,
        "end": slot.end,
        "blocked_start": blocked_start,
        "blocked_end": blocked_end,
    }


def hold_create(*, service: Service, start: datetime, staff_id: int | None = None) -> Booking:
    """Keeps a slot for BOOKING_HOLD_MINUTES while the client fills in the form."""
    now = timezone.now()
    office = office_of(service.site_id)

    def write(slot):
        return Booking.objects.create(
            site_id=service.site_id,
            service=service,
            status=Booking.Status.HELD,
            expires_at=now + timedelta(minutes=settings.BOOKING_HOLD_MINUTES),
            **_times(slot, service),
        )

    return _claim(
        office=office, service=service, start=start, staff_id=staff_id, now=now, write=write
    )


def request_digest(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def booking_create(
    *,
    service: Service,
    start: datetime,
    customer: Customer,
    answers: dict,
    staff_id: int | None = None,
    hold_id: int | None = None,
    idempotency_key: str | None = None,
    digest: str = "",
) -> tuple[Booking, bool]:
    """Books a slot (the client's hold, if it is still theirs). Returns the booking
    and whether it is new: a repeated Idempotency-Key returns the first booking."""
    if idempotency_key:
        earlier = _idempotent_repeat(service.site_id, idempotency_key, digest)
        if earlier is not None:
            return earlier, False
    now = timezone.now()
    office = office_of(service.site_id)
    status = Booking.Status.PENDING if service.requires_approval else Booking.Status.CONFIRMED
    details = {
        "status": status,
        "expires_at": None,
        "customer_name": customer.name,
        "customer_email": customer.email,
        "customer_phone": customer.phone,
        "answers": answers,
        "idempotency_key": idempotency_key or "",
        "request_digest": digest,
    }
    try:
        with transaction.atomic():
            booking = _hold_use(service, start, staff_id, hold_id, details, now, office) or _claim(
                office=office,
                service=service,
                start=start,
                staff_id=staff_id,
                now=now,
                write=lambda slot: Booking.objects.create(
                    site_id=service.site_id, service=service, **_times(slot, service), **details
                ),
            )
            _reminders_plan(booking)
    except IntegrityError:
        # The same Idempotency-Key, sent twice at once: the other request won.
        earlier = _idempotent_repeat(service.site_id, idempotency_key, digest)
        if earlier is None:
            raise
        return earlier, False
    notifications.invitation_send_on_commit(booking)
    return booking, True


def _idempotent_repeat(site_id: int, key: str | None, digest: str) -> Booking | None:
    earlier = Booking.objects.filter(site_id=site_id, idempotency_key=key).first()
    if earlier is not None and earlier.request_digest != digest:
        raise IdempotencyKeyReused
    return earlier


def _hold_use(service, start, staff_id, hold_id, details, now, office) -> Booking | None:
    """Turns the client's hold into the booking, when it is for this slot and still
    theirs. A lapsed hold is let go, and the slot is booked afresh if still free.
    Holds do not count towards the daily cap, so a day may have filled up since."""
    if hold_id is None:
        return None
    hold = (
        Booking.objects.select_for_update()
        .filter(pk=hold_id, site_id=service.site_id, status=Booking.Status.HELD)
        .first()
    )
    if hold is None or hold.service_id != service.pk or hold.start != start:
        raise BookingInvalid({"hold": "Not a hold of this service and start."})
    if staff_id and hold.staff_id != staff_id:
        raise BookingInvalid({"staff": "The hold is with another adviser."})
    if hold.expires_at <= now:
        hold.status = Booking.Status.EXPIRED
        hold.save(update_fields=["status"])
        return None
    if _cap_reached(service, Slot(hold.start, hold.end, hold.staff_id), office, keep=None):
        raise SlotTaken
    for name, value in details.items():
        setattr(hold, name, value)
    hold.save()
    return hold


def _reminders_plan(booking: Booking) -> None:
    """One reminder row per hour count of the service, for a confirmed booking; the
    worker sends each once (cms.booking.reminders). Moved with the booking."""
    if booking.status != Booking.Status.CONFIRMED:
        return
    now = timezone.now()
    existing = {reminder.kind: reminder for reminder in booking.reminders.all()}
    for hours in booking.service.reminder_hours:
        kind, due = f"{hours}h", booking.start - timedelta(hours=hours)
        reminder = existing.get(kind) or Reminder(booking=booking, kind=kind)
        if reminder.sent_at is not None:
            continue
        if due <= now:  # booked or moved too late for this one
            if reminder.pk:
                reminder.delete()
            continue
        reminder.due_at = due
        reminder.save()
        reminder_schedule_on_commit(reminder)


def cancellation_deadline(booking: Booking, office: Office) -> datetime:
    """The last moment the customer can cancel or move: the appointment's wall-clock
    time in the office's zone, less the office's hours, so "24 hours before" a
    Monday 10:00 is Sunday 10:00 even when the clocks changed in between."""
    local = booking.start.astimezone(office.zone)
    wall = local.replace(tzinfo=None) - timedelta(hours=office.cancellation_hours)
    return wall.replace(tzinfo=office.zone)


def _window_check(booking: Booking, office: Office, now: datetime) -> None:
    deadline = cancellation_deadline(booking, office)
    if now > deadline:
        raise CancellationClosed(deadline)


def booking_cancel(*, booking: Booking, by_customer: bool) -> Booking:
    """Cancels a booking: its time is free again and its unsent reminders go."""
    now = timezone.now()
    office = office_of(booking.site_id)
    if by_customer:
        _window_check(booking, office, now)
    return _status_end(booking, Booking.Status.CANCELLED)


def booking_decline(*, booking: Booking) -> Booking:
    return _status_end(booking, Booking.Status.DECLINED)


def _status_end(booking: Booking, status: str) -> Booking:
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status not in (Booking.Status.PENDING, Booking.Status.CONFIRMED):
            raise BookingInvalid({"status": f"The booking is {booking.get_status_display()}."})
        booking.status = status
        booking.sequence += 1
        booking.save(update_fields=["status", "sequence"])
        booking.reminders.filter(sent_at=None).delete()
    notifications.invitation_send_on_commit(booking)
    return booking


def booking_approve(*, booking: Booking) -> Booking:
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status != Booking.Status.PENDING:
            raise BookingInvalid({"status": f"The booking is {booking.get_status_display()}."})
        booking.status = Booking.Status.CONFIRMED
        booking.save(update_fields=["status"])
        _reminders_plan(booking)
    notifications.invitation_send_on_commit(booking)
    return booking


def booking_reschedule(
    *, booking: Booking, start: datetime, staff_id: int | None = None
) -> Booking:
    """Moves a booking to another free slot (with the same adviser when possible): the
    same calendar entry at a new time, with a higher SEQUENCE; reminders move too."""
    now = timezone.now()
    office = office_of(booking.site_id)
    if booking.status not in (Booking.Status.PENDING, Booking.Status.CONFIRMED):
        raise BookingInvalid({"status": f"The booking is {booking.get_status_display()}."})
    _window_check(booking, office, now)
    service = booking.service
    sequence = booking.sequence + 1

    def write(slot):
        for name, value in _times(slot, service).items():
            setattr(booking, name, value)
        booking.sequence = sequence
        booking.save()
        return booking

    with transaction.atomic():
        moved = _claim(
            office=office,
            service=service,
            start=start,
            staff_id=staff_id,
            now=now,
            write=write,
            prefer=booking.staff_id,
            keep=booking,
        )
        _reminders_plan(moved)
    notifications.invitation_send_on_commit(moved)
    return moved
