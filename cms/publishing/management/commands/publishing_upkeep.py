from django.core.management.base import BaseCommand

from cms.publishing.scheduling import scheduled_publishing_run


class Command(BaseCommand):
    help = (
        "Runs the worker's upkeep once: scheduled publishing, the outbox relay, lost webhook "
        "deliveries and tasks left by a dead worker. For cron where no db_worker runs."
    )

    def handle(self, *args, **options):
        scheduled_publishing_run()
        self.stdout.write("Upkeep done: scheduled pages, outbox, deliveries and lost tasks.")
