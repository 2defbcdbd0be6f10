import io

import pytest
from django.core.management import call_command


def test_system_checks_pass():
    out = io.StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()


@pytest.mark.django_db
def test_models_and_migrations_agree():
    # Exits non-zero (SystemExit) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())
