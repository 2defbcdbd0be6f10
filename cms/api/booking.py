"""Booking endpoints of the delivery API (/api/v1/booking/...): services, free
slots, holds, bookings and the customer's signed link. cms.booking decides;
this module reads requests and writes answers."""

from datetime import date, timedelta
from typing import Annotated

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Header, Query, Router, Schema
from pydantic import AfterValidator, AwareDatetime

from cms.booking import bookings
from cms.booking.availability import free_slots
from cms.booking.calendar import staff_feed_ics
from cms.booking.intake import InvalidAnswers, answers_clean, questions_json
from cms.booking.links import booking_from_token, manage_token
from cms.booking.models import Booking, Service, Staff

from .errors import ApiError, error_codes_add
from .http import Id, Language, SiteQuery, base_url, json_response, resolve_site, responses, text
from .locales import site_locales

router = Router(tags=["booking"])
MAX_DAYS = 62

error_codes_add(
    {
        "service_not_found": "no bookable service with that id on this site",
        "booking_not_found": "the link names no booking (altered, or of another installation)",
        "feed_not_found": "no calendar feed at that address",
        "slot_taken": "someone else has that appointment (or a hold on it); pick another",
        "idempotency_key_reused": "the Idempotency-Key was used for a different booking request",
        "cancellation_closed": "too close to the appointment to cancel or move it online",
        "invalid_booking": "the booking cannot be made as asked (see `fields`)",
    }
)


def _email(value: str) -> str:
    try:
        validate_email(value)
    except DjangoValidationError as error:
        raise ValueError("Enter a valid e-mail address.") from error
    return value


class Question(Schema):
    id: str
    type: str = Field(description="choice, multiple_choice, text, number, date or yes_no")
    label: str
    help_text: str
    required: bool
    choices: list[str]
    min: float | None = None
    max: float | None = None


class ServiceOut(Schema):
    id: int
    name: str
    description: str
    price_note: str
    duration_minutes: int
    buffer_before_minutes: int
    buffer_after_minutes: int
    notice_hours: int
    horizon_days: int
    requires_approval: bool
    questions: list[Question]


class ServiceList(Schema):
    time_zone: str
    services: list[ServiceOut]


class StaffRef(Schema):
    id: int
    name: str


class SlotOut(Schema):
    start: str = Field(description="ISO 8601 with the office's UTC offset")
    end: str
    staff: StaffRef


class SlotList(Schema):
    service: int
    time_zone: str
    slots: list[SlotOut]


class HoldIn(Schema):
    service: Id
    start: AwareDatetime
    staff: Id | None = None


class HoldOut(Schema):
    id: int
    expires_at: str


class CustomerIn(Schema):
    name: text(120, min_length=1)
    email: Annotated[text(254, min_length=3), AfterValidator(_email)]
    phone: text(40) = ""


class BookingIn(HoldIn):
    hold: Id | None = None
    customer: CustomerIn
    answers: dict[str, str | float | bool | list[str] | None] = Field(
        default_factory=dict, description="By question id (GET /booking/services/)."
    )


class BookingOut(Schema):
    id: int
    status: str = Field(description="confirmed, or pending while the office must approve")
    start: str
    end: str
    manage_url: str


class ManagedBooking(Schema):
    id: int
    status: str
    service: str
    staff: StaffRef
    start: str
    end: str
    cancellable_until: str


class RescheduleIn(Schema):
    start: AwareDatetime
    staff: Id | None = None


class ServicesQuery(SiteQuery):
    locale: Language | None = None


class SlotsQuery(SiteQuery):
    service: Id
    from_: date = Field(alias="from")
    to: date
    staff: Id | None = None


def _service(site, service_id: int, *, status: int = 404) -> Service:
    service = Service.objects.filter(pk=service_id, site=site).select_related("site").first()
    if service is None:
        if status == 422:
            raise ApiError(
                422,
                "invalid_booking",
                "No such service.",
                fields={"service": ["No bookable service with that id."]},
            )
        raise ApiError(404, "service_not_found", f"No service {service_id} on this site.")
    return service.original


def _iso(value) -> str:
    return value.isoformat()


@router.get(
    "/booking/services/",
    response=responses(ServiceList, cached=False),
    summary="The services that can be booked, with their intake questions",
)
def booking_services(request, query: Query[ServicesQuery]):
    site = resolve_site(query.site)
    locales = site_locales(site)
    language = locales.check(query.locale) if query.locale else locales.default
    office = bookings.office_of(site.pk)
    originals = list(Service.objects.filter(site=site, locale_id=site.root_page.locale_id))
    # Each service in the asked language where it is translated, else as written.
    translated = {
        service.translation_key: service
        for service in Service.objects.filter(
            site=site,
            locale__language_code=language,
            translation_key__in=[s.translation_key for s in originals],
        )
    }
    return json_response(
        {
            "time_zone": office.time_zone,
            "services": [
                {
                    "id": original.pk,
                    "name": service.name,
                    "description": service.description,
                    "price_note": service.price_note,
                    "duration_minutes": service.duration_minutes,
                    "buffer_before_minutes": service.buffer_before_minutes,
                    "buffer_after_minutes": service.buffer_after_minutes,
                    "notice_hours": service.notice_hours,
                    "horizon_days": service.horizon_days,
                    "requires_approval": service.requires_approval,
                    "questions": questions_json(service.intake),
                }
                for original in originals
                for service in [translated.get(original.translation_key, original)]
            ],
        }
    )


@router.get(
    "/booking/slots/",
    response=responses(SlotList, 422, cached=False),
    summary="Free appointments of a service",
    description=f"From `from` to `to` (the office's dates, at most {MAX_DAYS} days), "
    "optionally with one adviser.",
)
def booking_slots(request, query: Query[SlotsQuery]):
    site = resolve_site(query.site)
    if query.to < query.from_ or query.to - query.from_ > timedelta(days=MAX_DAYS - 1):
        raise ApiError(
            422,
            "invalid_parameter",
            f"`to` must be on or after `from`, at most {MAX_DAYS} days on.",
            parameter="to",
        )
    service = _service(site, query.service)
    office = bookings.office_of(site.pk)
    slots = free_slots(
        office=office,
        service=service,
        first=query.from_,
        last=query.to,
        staff_ids=[query.staff] if query.staff else None,
    )
    names = dict(Staff.objects.filter(site=site).values_list("pk", "name"))
    return json_response(
        {
            "service": service.pk,
            "time_zone": office.time_zone,
            "slots": [
                {
                    "start": _iso(slot.start),
                    "end": _iso(slot.end),
                    "staff": {"id": slot.staff_id, "name": names[slot.staff_id]},
                }
                for slot in slots
            ],
        }
    )


def _invalid(fields: dict[str, str]) -> ApiError:
    return ApiError(
        422,
        "invalid_booking",
        "The booking cannot be made as asked.",
        fields={name: [message] for name, message in fields.items()},
    )


def _slot_taken() -> ApiError:
    return ApiError(409, "slot_taken", "That appointment is taken; pick another.")


@router.post(
    "/booking/holds/",
    response=responses(HoldOut, 409, 422, status=201, cached=False),
    summary="Hold a slot while the client fills in the form",
)
def booking_hold(request, query: Query[SiteQuery], payload: HoldIn):
    site = resolve_site(query.site)
    service = _service(site, payload.service, status=422)
    try:
        hold = bookings.hold_create(service=service, start=payload.start, staff_id=payload.staff)
    except bookings.BookingInvalid as error:
        raise _invalid(error.fields) from error
    except bookings.SlotTaken as error:
        raise _slot_taken() from error
    return json_response({"id": hold.pk, "expires_at": _iso(hold.expires_at)}, status=201)


def _booking_json(request, booking: Booking) -> dict:
    path = f"/api/v1/booking/manage/{manage_token(booking)}/?site={booking.site.hostname}"
    return {
        "id": booking.pk,
        "status": booking.status,
        "start": _iso(booking.start.astimezone(bookings.office_of(booking.site_id).zone)),
        "end": _iso(booking.end.astimezone(bookings.office_of(booking.site_id).zone)),
        "manage_url": base_url(request) + path,
    }


@router.post(
    "/booking/bookings/",
    response=responses(BookingOut, 409, 422, status=201, cached=False),
    summary="Book an appointment",
    description="With the client's `hold`, if any. A repeated `Idempotency-Key` answers the "
    "first booking again; with a different request, 409 `idempotency_key_reused`.",
)
def booking_create(
    request,
    query: Query[SiteQuery],
    payload: BookingIn,
    idempotency_key: Annotated[
        text(255, min_length=1) | None, Header(alias="Idempotency-Key")
    ] = None,
):
    site = resolve_site(query.site)
    service = _service(site, payload.service, status=422)
    try:
        answers = answers_clean(intake=service.intake, answers=payload.answers)
        booking, _ = bookings.booking_create(
            service=service,
            start=payload.start,
            staff_id=payload.staff,
            hold_id=payload.hold,
            customer=bookings.Customer(
                name=payload.customer.name,
                email=payload.customer.email,
                phone=payload.customer.phone,
            ),
            answers=answers,
            idempotency_key=idempotency_key,
            digest=bookings.request_digest(payload.model_dump(mode="json")),
        )
    except (InvalidAnswers, bookings.BookingInvalid) as error:
        raise _invalid(error.fields) from error
    except bookings.SlotTaken as error:
        raise _slot_taken() from error
    except bookings.IdempotencyKeyReused as error:
        raise ApiError(
            409, "idempotency_key_reused", "This Idempotency-Key was used for another request."
        ) from error
    booking.site = site
    return json_response(_booking_json(request, booking), status=201)


def _managed(token: str) -> Booking:
    booking = booking_from_token(token)
    if booking is None:
        raise ApiError(404, "booking_not_found", "No booking for this link.")
    return booking


def _managed_json(booking: Booking) -> dict:
    office = bookings.office_of(booking.site_id)
    zone = office.zone
    return {
        "id": booking.pk,
        "status": booking.status,
        "service": booking.service.name,
        "staff": {"id": booking.staff_id, "name": booking.staff.name},
        "start": _iso(booking.start.astimezone(zone)),
        "end": _iso(booking.end.astimezone(zone)),
        "cancellable_until": _iso(bookings.cancellation_deadline(booking, office)),
    }


Token = text(500, min_length=1)


@router.get(
    "/booking/manage/{token}/",
    response=responses(ManagedBooking, cached=False),
    summary="The booking behind the customer's signed link",
)
def booking_manage(request, token: Token, query: Query[SiteQuery]):
    resolve_site(query.site)
    return json_response(_managed_json(_managed(token)))


@router.post(
    "/booking/manage/{token}/cancel/",
    response=responses(ManagedBooking, 409, 422, cached=False),
    summary="Cancel the booking, up to the office's cancellation window",
)
def booking_cancel(request, token: Token, query: Query[SiteQuery]):
    resolve_site(query.site)
    booking = _managed(token)
    try:
        booking = bookings.booking_cancel(booking=booking, by_customer=True)
    except bookings.CancellationClosed as error:
        raise ApiError(409, "cancellation_closed", str(error)) from error
    except bookings.BookingInvalid as error:
        raise _invalid(error.fields) from error
    return json_response(_managed_json(booking))


@router.post(
    "/booking/manage/{token}/reschedule/",
    response=responses(ManagedBooking, 409, 422, cached=False),
    summary="Move the booking to another free slot",
)
def booking_reschedule(request, token: Token, query: Query[SiteQuery], payload: RescheduleIn):
    resolve_site(query.site)
    booking = _managed(token)
    try:
        booking = bookings.booking_reschedule(
            booking=booking, start=payload.start, staff_id=payload.staff
        )
    except bookings.CancellationClosed as error:
        raise ApiError(409, "cancellation_closed", str(error)) from error
    except bookings.BookingInvalid as error:
        raise _invalid(error.fields) from error
    except bookings.SlotTaken as error:
        raise _slot_taken() from error
    return json_response(_managed_json(booking))


@router.get(
    "/booking/feeds/{staff_id}/{secret}.ics",
    response=responses(str, cached=False),
    openapi_extra={
        "responses": {
            200: {
                "description": "iCalendar",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
    summary="An adviser's appointments as a calendar subscription (secret URL)",
)
def booking_feed(request, staff_id: Id, secret: text(64, min_length=1), query: Query[SiteQuery]):
    site = resolve_site(query.site)
    staff = Staff.objects.filter(pk=staff_id, site=site, feed_secret=secret).first()
    if staff is None:
        raise ApiError(404, "feed_not_found", "No calendar feed here.")
    since = timezone.now() - timedelta(days=30)
    return HttpResponse(
        staff_feed_ics(staff, since=since), content_type="text/calendar; charset=utf-8"
    )
