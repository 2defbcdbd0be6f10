from django.core.management.base import BaseCommand

from cms.demo.florist import florist_demo_load
from cms.demo.loader import demo_site_load
from cms.demo.tax_office import HOSTNAME, tax_office_load


class Command(BaseCommand):
    help = (
        "Creates the demo carpentry site (pages, photos, contact form) and a tax office "
        "that takes appointments; safe to run again."
    )

    def handle(self, *args, **options):
        self.stdout.write("Loading the demo carpentry site…")
        summary = demo_site_load(progress=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(summary.line()))
        if tax_office_load():
            self.stdout.write(self.style.SUCCESS(f"Tax office with appointments at {HOSTNAME}."))

        if florist_demo_load(progress=self.stdout.write):
            self.stdout.write(self.style.SUCCESS("Florist demo ready: blumen-lindner.localhost."))
