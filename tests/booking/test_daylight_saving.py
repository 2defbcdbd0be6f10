"""Slots stay real across every change of the clocks, 2026 to 2035."""

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.booking.availability import free_slots
from cms.booking.models import WeeklyHours

from .factories import OfficeFactory, ServiceFactory, StaffFactory

pytestmark = pytest.mark.django_db

ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "America/Santiago",
    "Australia/Sydney",
    "Europe/London",
    "Pacific/Auckland",
    "America/Havana",
]


def transitions(zone_name: str) -> list[date]:
    """The local dates on which the zone's UTC offset changes, found hour by hour."""
    zone = ZoneInfo(zone_name)
    found = []
    at = datetime(2026, 1, 1, tzinfo=UTC)
    before = at.astimezone(zone).utcoffset()
    while at.year < 2036:
        at += timedelta(hours=1)
        offset = at.astimezone(zone).utcoffset()
        if offset != before:
            found.append((at - timedelta(hours=1)).astimezone(zone).date())
            before = offset
    return found


CHANGES = [(zone, day) for zone in ZONES for day in transitions(zone)]


def test_every_zone_changes_its_clocks_twice_a_year():
    for zone in ZONES:
        assert len(transitions(zone)) >= 18, zone


@pytest.fixture
def round_the_clock(home):
    """An adviser who works every hour of every day, so every hour of a change is offered."""
    office = OfficeFactory(holiday_state="")
    service = ServiceFactory(notice_hours=0, horizon_days=10_000)
    staff = StaffFactory(offers=[service])
    for weekday in range(7):
        WeeklyHours.objects.create(staff=staff, weekday=weekday, start=time(0), end=time(0))
    return office, service


# The fixture's office and service are set anew by each example before use.
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(change=st.sampled_from(CHANGES), minutes=st.sampled_from([15, 30, 45, 60, 90]))
def test_no_slot_in_a_missing_hour_and_none_twice_in_a_repeated_one(
    round_the_clock, change, minutes
):
    office, service = round_the_clock
    zone_name, day = change
    office.time_zone = zone_name
    office.save()
    service.duration_minutes = minutes
    service.save()
    zone = ZoneInfo(zone_name)
    now = datetime(2025, 12, 1, tzinfo=UTC)
    slots = free_slots(office=office, service=service, first=day, last=day, now=now)

    starts = [slot.start for slot in slots]
    assert len({start.astimezone(UTC) for start in starts}) == len(starts)
    for slot in slots:
        # The wall-clock time exists, and means this very instant.
        wall = slot.start.replace(tzinfo=None)
        again = wall.replace(tzinfo=zone, fold=slot.start.fold)
        assert again.astimezone(UTC) == slot.start.astimezone(UTC)
        assert again.replace(fold=0).astimezone(zone).replace(tzinfo=None) == wall or (
            again.replace(fold=1).astimezone(zone).replace(tzinfo=None) == wall
        )
        assert slot.end.astimezone(UTC) - slot.start.astimezone(UTC) == timedelta(minutes=minutes)
    for earlier, later in itertools.pairwise(slots):
        assert earlier.end.astimezone(UTC) <= later.start.astimezone(UTC)
    # The day's slots fill exactly its real length: 23, 24 or 25 hours (or 23.5…).
    midnight = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    next_midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    length = next_midnight.astimezone(UTC) - midnight
    assert len(slots) == length // timedelta(minutes=minutes)
