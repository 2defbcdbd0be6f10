import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Creates the local development superuser with a random password, kept in "
        "var/dev-admin-password, and prints the login. Refuses to run outside DEBUG."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, username, url, **options):
        if not settings.DEBUG:
            raise CommandError("dev_superuser is for local development only (DEBUG is off).")
        password_file = settings.VAR_DIR / "dev-admin-password"
        user_model = get_user_model()
        if not user_model.objects.filter(username=username).exists():
            password = secrets.token_urlsafe(12)
            user_model.objects.create_superuser(
                username=username, email=f"{username}@localhost", password=password
            )
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password)
            password_file.chmod(0o600)
        if password_file.exists():
            shown = f"password: {password_file.read_text().strip()}"
        else:
            shown = f"password unchanged (reset it: python manage.py changepassword {username})"
        self.stdout.write(self.style.SUCCESS(f"Admin login: {url}  user: {username}  {shown}"))
