from django.core.management.base import BaseCommand

from cms.booking.reminders import reminders_due_send
from cms.booking.retention import answers_erase_expired


class Command(BaseCommand):
    help = (
        "Sends due reminders whose task was lost and erases intake answers past "
        "BOOKING_INTAKE_RETENTION_DAYS; for cron, hourly. Safe to run at any time."
    )

    def handle(self, *args, **options):
        sent = reminders_due_send()
        erased = answers_erase_expired()
        self.stdout.write(f"{sent} reminders sent, answers of {erased} bookings erased.")
