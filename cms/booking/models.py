"""Appointments of one site: the office, its services and advisers, and bookings.

Every row belongs to one site (`site`), like the content snippets. Services are
translatable (wagtail-localize): a translation is another row with the same
translation key, and everything that decides time (duration, buffers, notice,
the advisers who offer it) is synchronised from the original, which is the row
bookings point to (see `Service.original`).
"""

import uuid
import zoneinfo
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from sites.forms import SiteOwnedForm
from sites.models import SiteLanguageDefault

from .intake import IntakeBlock

# The states of the holidays package's Germany (ISO 3166-2 subdivisions).
GERMAN_STATES = [
    ("BB", "Brandenburg"),
    ("BE", "Berlin"),
    ("BW", "Baden-Württemberg"),
    ("BY", "Bayern"),
    ("HB", "Bremen"),
    ("HE", "Hessen"),
    ("HH", "Hamburg"),
    ("MV", "Mecklenburg-Vorpommern"),
    ("NI", "Niedersachsen"),
    ("NW", "Nordrhein-Westfalen"),
    ("RP", "Rheinland-Pfalz"),
    ("SH", "Schleswig-Holstein"),
    ("SL", "Saarland"),
    ("SN", "Sachsen"),
    ("ST", "Sachsen-Anhalt"),
    ("TH", "Thüringen"),
]


def time_zone_validate(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(f"{value!r} is not an IANA time zone.") from error


class SiteOwned(models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The office's site.",
    )

    base_form_class = SiteOwnedForm

    class Meta:
        abstract = True


class Office(SiteOwned):
    """The office behind a site: where its clock runs and which holidays it keeps."""

    name = models.CharField(max_length=120)
    time_zone = models.CharField(
        max_length=64, default="Europe/Berlin", validators=[time_zone_validate]
    )
    holiday_state = models.CharField(
        max_length=2,
        choices=GERMAN_STATES,
        blank=True,
        help_text="No appointments on this German state's public holidays.",
    )
    cancellation_hours = models.PositiveIntegerField(
        default=24,
        help_text="Customers can cancel or move an appointment up to this many hours before it.",
    )
    email = models.EmailField(blank=True, help_text="Sender of confirmations and reminders.")

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("time_zone"),
        FieldPanel("holiday_state"),
        FieldPanel("cancellation_hours"),
        FieldPanel("email"),
    ]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site"], name="booking_office_one_per_site")]

    def __str__(self):
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Service(SiteLanguageDefault, TranslatableMixin, SiteOwned):
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    price_note = models.CharField(max_length=120, blank=True, help_text="For example 'from €80'.")
    duration_minutes = models.PositiveIntegerField(default=30)
    buffer_before_minutes = models.PositiveIntegerField(default=0)
    buffer_after_minutes = models.PositiveIntegerField(default=0)
    notice_hours = models.PositiveIntegerField(
        default=24, help_text="Bookable no sooner than this many hours ahead."
    )
    horizon_days = models.PositiveIntegerField(
        default=60, help_text="Bookable no further than this many days ahead."
    )
    daily_cap = models.PositiveIntegerField(
        null=True, blank=True, help_text="At most this many of it per adviser and day."
    )
    requires_approval = models.BooleanField(
        default=False, help_text="Bookings wait for the office to approve them."
    )
    reminder_hours = models.JSONField(
        default=list,
        blank=True,
        help_text="Hours before the appointment at which reminders go out, e.g. [24, 2].",
    )
    intake = StreamField(IntakeBlock(), blank=True, help_text="What the client is asked.")
    sort_order = models.PositiveIntegerField(default=0)

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("price_note"),
        FieldPanel("duration_minutes"),
        FieldPanel("buffer_before_minutes"),
        FieldPanel("buffer_after_minutes"),
        FieldPanel("notice_hours"),
        FieldPanel("horizon_days"),
        FieldPanel("daily_cap"),
        FieldPanel("requires_approval"),
        FieldPanel("reminder_hours"),
        FieldPanel("intake"),
        FieldPanel("sort_order"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        TranslatableField("price_note"),
        TranslatableField("intake"),
        *(
            SynchronizedField(name)
            for name in (
                "site",
                "duration_minutes",
                "buffer_before_minutes",
                "buffer_after_minutes",
                "notice_hours",
                "horizon_days",
                "daily_cap",
                "requires_approval",
                "reminder_hours",
                "sort_order",
            )
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        hours = self.reminder_hours
        if not isinstance(hours, list) or not all(
            isinstance(h, int) and 0 < h <= 24 * 30 for h in hours
        ):
            raise ValidationError({"reminder_hours": "A list of whole hours, such as [24, 2]."})

    @property
    def original(self) -> "Service":
        """The row of the site's own language, which advisers offer and bookings name."""
        if self.locale_id == self.site.root_page.locale_id:
            return self
        return Service.objects.get(
            translation_key=self.translation_key, locale_id=self.site.root_page.locale_id
        )

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)

    @property
    def buffer_before(self) -> timedelta:
        return timedelta(minutes=self.buffer_before_minutes)

    @property
    def buffer_after(self) -> timedelta:
        return timedelta(minutes=self.buffer_after_minutes)


def new_feed_secret() -> str:
    return uuid.uuid4().hex + uuid.uuid4().hex


class Staff(ClusterableModel, SiteOwned):
    """An adviser: the services they offer and when they work."""

    name = models.CharField(max_length=120)
    email = models.EmailField(blank=True, help_text="Receives each booking's invitation.")
    services = ParentalManyToManyField(Service, blank=True, related_name="staff")
    # The secret of the adviser's ICS subscription URL; a new one revokes the old URL.
    feed_secret = models.CharField(max_length=64, default=new_feed_secret, editable=False)
    active = models.BooleanField(default=True)

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("services"),
        FieldPanel("active"),
        InlinePanel("hours", label="Weekly hours"),
        InlinePanel("overrides", label="Different hours on a date"),
    ]

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "staff"

    def __str__(self):
        return self.name


class WeeklyHours(Orderable):
    """One working window on a weekday, in the office's local time."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    staff = ParentalKey(Staff, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField(help_text="00:00 means midnight at the end of the day.")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class DateOverride(Orderable):
    """Different hours on one date; without start and end, no work that day."""

    staff = ParentalKey(Staff, on_delete=models.CASCADE, related_name="overrides")
    date = models.DateField()
    start = models.TimeField(null=True, blank=True)
    end = models.TimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.date}"

    def clean(self):
        if (self.start is None) != (self.end is None):
            raise ValidationError("Give both start and end, or neither for a day off.")


class Absence(SiteOwned):
    """Time an adviser is away or blocked: holidays, training, a blocked hour."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="absences")
    start = models.DateTimeField()
    end = models.DateTimeField()
    reason = models.CharField(max_length=120, blank=True)

    panels = [
        FieldPanel("site"),
        FieldPanel("staff"),
        FieldPanel("start"),
        FieldPanel("end"),
        FieldPanel("reason"),
    ]

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="booking_absence_ends_after"
            )
        ]

    def __str__(self):
        return f"{self.staff}: {self.start:%Y-%m-%d %H:%M}–{self.end:%H:%M} {self.reason}"

    def clean(self):
        if self.staff_id and self.site_id and self.staff.site_id != self.site_id:
            raise ValidationError({"staff": "An adviser of this site."})
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "After the start."})


class Booking(SiteOwned):
    """A held, pending or confirmed appointment, or one that no longer blocks time.

    `blocked_start`/`blocked_end` is the appointment with the service's buffers:
    on PostgreSQL an exclusion constraint (migration 0002) keeps the blocked
    ranges of one adviser's active bookings from overlapping, and on SQLite
    the check and the insert run under the single writer's lock
    (cms.booking.bookings). Either way the database, not the code, is the
    last word on double booking.
    """

    class Status(models.TextChoices):
        HELD = "held", "Held"
        PENDING = "pending", "Waiting for approval"
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"
        DECLINED = "declined", "Declined"
        EXPIRED = "expired", "Hold expired"

    ACTIVE = (Status.HELD, Status.PENDING, Status.CONFIRMED)

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="bookings")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="bookings")
    start = models.DateTimeField()
    end = models.DateTimeField()
    blocked_start = models.DateTimeField()
    blocked_end = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, db_index=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="When a hold lapses.")
    customer_name = models.CharField(max_length=120, blank=True)
    customer_email = models.EmailField(blank=True)
    customer_phone = models.CharField(max_length=40, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    # The calendar invitation's SEQUENCE: each change the customer's calendar
    # must apply (a move, a cancellation) raises it.
    sequence = models.PositiveIntegerField(default=0)
    idempotency_key = models.CharField(max_length=255, blank=True)
    request_digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    answers_erased_at = models.DateTimeField(null=True, blank=True)

    # Times and status change only through cms.booking.bookings (the API, and
    # the admin's approve and decline), which keep them from overlapping.
    panels = [
        FieldPanel("customer_name"),
        FieldPanel("customer_email"),
        FieldPanel("customer_phone"),
    ]

    class Meta:
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["staff", "blocked_start"])]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="booking_idempotency_key_per_site",
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start"))
                & models.Q(blocked_start__lte=models.F("start"))
                & models.Q(blocked_end__gte=models.F("end")),
                name="booking_range_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.service} with {self.staff} at {self.start:%Y-%m-%d %H:%M} ({self.status})"


class Reminder(models.Model):
    """A reminder to send: one row per booking and kind, so it is sent at most once.

    A move of the booking moves `due_at`; a cancellation deletes unsent rows.
    `sent_at` is set in the transaction that claims the row, before the e-mail
    leaves (cms.booking.reminders)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, help_text="For example '24h'.")
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["booking", "kind"], name="booking_reminder_once")
        ]
        indexes = [
            models.Index(
                fields=["due_at"], condition=models.Q(sent_at=None), name="booking_reminder_due"
            )
        ]

    def __str__(self):
        return f"{self.kind} reminder of {self.booking_id}"
