import json

from django.core.management.base import BaseCommand, CommandError

from cms.operations.health import OK, readiness


class Command(BaseCommand):
    help = (
        "Checks what /readyz checks (database, migrations, caches, storage, task queue) "
        "and exits non-zero when something is not ready: the worker container's healthcheck."
    )

    def handle(self, *args, **options):
        checks = readiness()
        self.stdout.write(json.dumps(checks))
        failing = sorted(name for name, state in checks.items() if state != OK)
        if failing:
            raise CommandError(f"Not ready: {', '.join(failing)}.")
