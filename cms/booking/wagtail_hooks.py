"""The admin's "Appointments" menu: the day's list and the week's calendar, and the
office's settings, services, advisers, blocked times and bookings, each limited
to the user's sites."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from sites.admin_views import SiteOwnedSnippetViewSet
from sites.site_owned import site_owned_model_register

from . import views
from .models import Absence, Booking, Office, Service, Staff


class OfficeViewSet(SiteOwnedSnippetViewSet):
    model = Office
    icon = "home"
    list_display = ["name", "site", "time_zone", "holiday_state"]


class ServiceViewSet(SiteOwnedSnippetViewSet):
    model = Service
    icon = "tasks"
    list_display = ["name", "duration_minutes", "requires_approval", "site"]


class StaffViewSet(SiteOwnedSnippetViewSet):
    model = Staff
    icon = "user"
    list_display = ["name", "email", "active", "site"]


class AbsenceViewSet(SiteOwnedSnippetViewSet):
    model = Absence
    icon = "time"
    menu_label = "Blocked time"
    list_display = ["staff", "start", "end", "reason"]


class BookingViewSet(SiteOwnedSnippetViewSet):
    model = Booking
    icon = "date"
    list_display = ["start", "service", "staff", "customer_name", "status"]
    list_filter = ["status"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "service",
        "staff",
        "start",
        "end",
        "status",
        "customer_name",
        "customer_email",
        "customer_phone",
        "answers",
        "created_at",
    ]


class AppointmentsGroup(SnippetViewSetGroup):
    menu_label = "Appointments"
    menu_icon = "date"
    menu_order = 250
    items = (BookingViewSet, AbsenceViewSet, ServiceViewSet, StaffViewSet, OfficeViewSet)


register_snippet(AppointmentsGroup)
# The day list and the approve/decline views name bookings by id too.
site_owned_model_register(route_prefix="admin/booking/", model=Booking)


@hooks.register("register_admin_urls")
def register_booking_urls():
    return [
        path("booking/day/", views.day_view, name="booking_day"),
        path("booking/week/", views.week_view, name="booking_week"),
        path("booking/<int:pk>/approve/", views.approve_view, name="booking_approve"),
        path("booking/<int:pk>/decline/", views.decline_view, name="booking_decline"),
    ]


@hooks.register("register_admin_menu_item")
def register_day_menu_item():
    return MenuItem("Today's appointments", reverse("booking_day"), icon_name="calendar", order=249)
