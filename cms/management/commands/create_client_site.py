from django.core.management.base import BaseCommand, CommandError

from cms.provisioning import ProvisioningError, client_site_create


class Command(BaseCommand):
    help = (
        "Creates a client's site: home page, image and document collection, an editor "
        "group limited to that site, site settings, and optionally an invited editor."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The business, e.g. 'Tischlerei Holz'.")
        parser.add_argument("--hostname", required=True, help="e.g. holz.example")
        parser.add_argument("--locale", default="", help="Language of the site, e.g. de.")
        parser.add_argument("--editor-email", default="", help="Invite this editor by e-mail.")

    def handle(self, *args, name, hostname, locale, editor_email, **options):
        try:
            client = client_site_create(
                name=name, hostname=hostname, locale=locale, editor_email=editor_email
            )
        except ProvisioningError as error:
            raise CommandError(str(error)) from error
        state = "Created" if client.created else "Already there, nothing changed:"
        invited = f", invited {editor_email}" if client.editor_invited else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{state} {client.site.site_name} at {client.site.hostname} "
                f"(home page {client.home.pk}, collection '{client.collection.name}', "
                f"group '{client.editors.name}'{invited})."
            )
        )
