from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from .factories import OfficeFactory, ServiceFactory, StaffFactory, weekly_hours

BERLIN = ZoneInfo("Europe/Berlin")
# A Monday in term time, well before the appointments the tests book.
NOW = datetime(2026, 6, 1, 8, 0, tzinfo=BERLIN)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def office(home):
    return OfficeFactory()


@pytest.fixture
def service(office):
    return ServiceFactory()


@pytest.fixture
def adviser(service):
    staff = StaffFactory(offers=[service])
    weekly_hours(staff)
    return staff
