from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import home_create
from tests.shared_rows import fresh, rolled_back

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
    return adviser_create(service)


def adviser_create(service):
    """An adviser who offers the service on weekdays from 9 to 17."""
    staff = StaffFactory(offers=[service])
    weekly_hours(staff)
    return staff


@pytest.fixture(scope="module")
def adviser_rows(django_db_setup, django_db_blocker):
    """The office, its service and its adviser, written once for a module whose
    tests change them only within their own transaction."""
    with rolled_back(django_db_blocker):
        home_create()
        OfficeFactory()
        service = ServiceFactory()
        yield {"service": service, "adviser": adviser_create(service)}


def shared_adviser():
    """`service` and `adviser` fixtures for a module whose tests change them only
    within their own transaction: `service, adviser = shared_adviser()` there
    overrides the per-test ones above with the rows written once (adviser_rows),
    fresh from the database, as tests change the service in memory."""

    @pytest.fixture
    def service(adviser_rows, db):
        return fresh(adviser_rows["service"])

    @pytest.fixture
    def adviser(adviser_rows, db):
        return fresh(adviser_rows["adviser"])

    return service, adviser
