from datetime import time

import factory
from factory.django import DjangoModelFactory
from wagtail.models import Site

from cms.booking.models import Office, Service, Staff, WeeklyHours


class OfficeFactory(DjangoModelFactory):
    class Meta:
        model = Office

    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    name = "Steuerberatung Test"
    time_zone = "Europe/Berlin"
    holiday_state = "BW"
    cancellation_hours = 24
    email = "office@tax.example"


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service

    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    name = factory.Sequence(lambda n: f"Consultation {n}")
    duration_minutes = 30
    notice_hours = 0
    horizon_days = 400


class StaffFactory(DjangoModelFactory):
    class Meta:
        model = Staff
        skip_postgeneration_save = True

    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    name = factory.Sequence(lambda n: f"Adviser {n}")
    email = factory.Sequence(lambda n: f"adviser{n}@tax.example")

    @factory.post_generation
    def offers(self, create, services, **kwargs):
        for service in services or []:
            self.services.add(service)
        self.save()


def weekly_hours(staff, *, start=time(9), end=time(17), weekdays=range(5)):
    for weekday in weekdays:
        WeeklyHours.objects.create(staff=staff, weekday=weekday, start=start, end=end)
