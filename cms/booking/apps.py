from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "cms.booking"
    label = "booking"
    verbose_name = "Booking"
    default_auto_field = "django.db.models.BigAutoField"
