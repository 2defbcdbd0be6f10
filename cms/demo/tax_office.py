"""The demo's second client: a tax office in Stuttgart that takes appointments.

Made with the same provisioning as any client's site, then given its office,
services and advisers; run again, it changes nothing."""

from datetime import time

from django.db import transaction

from cms.booking.models import Office, Service, Staff, WeeklyHours
from cms.provisioning import client_site_create

NAME = "Steuerberatung Keller"
HOSTNAME = "steuerberatung-keller.localhost"
TAX_YEARS = ["2022", "2023", "2024", "2025"]
INCOME = [
    "Arbeitslohn",
    "Selbständige Arbeit",
    "Gewerbebetrieb",
    "Vermietung und Verpachtung",
    "Kapitalerträge",
    "Rente",
]
DOCUMENTS = [
    "Lohnsteuerbescheinigung",
    "Letzter Steuerbescheid",
    "Belege zu Werbungskosten",
    "Nachweise zu Spenden",
    "Nebenkostenabrechnung",
]


def _question(kind: str, label: str, *, required: bool = False, **extra) -> tuple:
    return (kind, {"label": label, "help_text": "", "required": required, **extra})


SERVICES = [
    {
        "name": "Erstberatung",
        "description": "Wir lernen Sie und Ihr Anliegen kennen; unverbindlich.",
        "price_note": "kostenlos",
        "duration_minutes": 30,
        "notice_hours": 12,
        "reminder_hours": [24],
        "intake": [_question("text", "Worum geht es? (optional)")],
    },
    {
        "name": "Einkommensteuererklärung",
        "description": "Wir erstellen Ihre Einkommensteuererklärung.",
        "price_note": "nach StBVV, ab 250 €",
        "duration_minutes": 60,
        "buffer_after_minutes": 15,
        "notice_hours": 48,
        "daily_cap": 4,
        "reminder_hours": [48, 2],
        "intake": [
            _question("choice", "Steuerjahr", required=True, choices=TAX_YEARS),
            _question("multiple_choice", "Einkunftsarten", required=True, choices=INCOME),
            _question("multiple_choice", "Diese Unterlagen bringe ich mit", choices=DOCUMENTS),
            _question("yes_no", "Gemeinsame Veranlagung mit Ehepartner?"),
        ],
    },
    {
        "name": "Existenzgründungsberatung",
        "description": "Rechtsform, Buchhaltung, Steuern: gut vorbereitet in die Selbständigkeit.",
        "price_note": "180 € pro Stunde",
        "duration_minutes": 90,
        "buffer_before_minutes": 15,
        "notice_hours": 72,
        "requires_approval": True,
        "reminder_hours": [24],
        "intake": [
            _question("date", "Geplanter Start", required=True),
            _question("number", "Erwarteter Jahresumsatz (€)", min_value=0),
        ],
    },
]

# Weekday -> working windows.
ADVISERS = [
    (
        "Anna Keller",
        "anna.keller@steuerberatung-keller.localhost",
        [0, 1, 2],
        {
            **{day: [(time(9), time(12)), (time(13), time(17))] for day in range(4)},
            4: [(time(9), time(13))],
        },
    ),
    (
        "Jonas Weber",
        "jonas.weber@steuerberatung-keller.localhost",
        [0, 1],
        {day: [(time(8), time(12)), (time(13), time(16))] for day in (0, 1, 3, 4)},
    ),
]


def tax_office_load() -> bool:
    """Creates the tax office's site and booking data; False when it was there already."""
    with transaction.atomic():
        client = client_site_create(name=NAME, hostname=HOSTNAME, locale="de")
        if Office.objects.filter(site=client.site).exists():
            return False
        Office.objects.create(
            site=client.site,
            name=NAME,
            time_zone="Europe/Berlin",
            holiday_state="BW",
            cancellation_hours=24,
            email="termine@steuerberatung-keller.localhost",
        )
        services = [
            Service.objects.create(site=client.site, sort_order=order, **spec)
            for order, spec in enumerate(SERVICES)
        ]
        for name, email, offered, hours in ADVISERS:
            staff = Staff.objects.create(site=client.site, name=name, email=email)
            staff.services.set([services[index] for index in offered])
            staff.save()  # a ParentalManyToManyField is written on save
            for weekday, windows in hours.items():
                for start, end in windows:
                    WeeklyHours.objects.create(staff=staff, weekday=weekday, start=start, end=end)
    return True
