"""What the office's editors are told when a setting cannot work."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError

from cms.booking.models import Absence, DateOverride, Office, Service, time_zone_validate

from .conftest import BERLIN
from .factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("hours", [[24, 2], [], [720]])
def test_reminder_hours_in_whole_hours_up_to_a_month_are_accepted(hours):
    Service(name="Consultation", reminder_hours=hours).clean()


@pytest.mark.parametrize("hours", [24, [0], [-2], [1.5], ["24"], [721]])
def test_reminder_hours_that_cannot_be_sent_are_refused(hours):
    with pytest.raises(ValidationError) as error:
        Service(name="Consultation", reminder_hours=hours).clean()
    assert error.value.message_dict == {
        "reminder_hours": ["A list of whole hours, such as [24, 2]."]
    }


def test_an_office_time_zone_must_be_an_iana_name():
    time_zone_validate("Europe/Berlin")
    for name in ("Berlin", "CET+5", "../etc/passwd"):
        with pytest.raises(ValidationError):
            time_zone_validate(name)
    assert Office(time_zone="Europe/Vienna").zone.key == "Europe/Vienna"


def test_different_hours_need_both_start_and_end_or_neither(home):
    staff = StaffFactory()
    DateOverride(staff=staff, date=date(2026, 6, 2)).clean()
    DateOverride(staff=staff, date=date(2026, 6, 2), start=time(9), end=time(12)).clean()
    with pytest.raises(ValidationError):
        DateOverride(staff=staff, date=date(2026, 6, 2), start=time(9)).clean()


def test_an_absence_ends_after_it_starts_and_is_of_the_sites_adviser(home):
    staff = StaffFactory()
    start = datetime(2026, 6, 2, 9, 0, tzinfo=BERLIN)
    Absence(site_id=staff.site_id, staff=staff, start=start, end=start + timedelta(hours=1)).clean()
    with pytest.raises(ValidationError) as error:
        Absence(site_id=staff.site_id, staff=staff, start=start, end=start).clean()
    assert error.value.message_dict == {"end": ["After the start."]}
