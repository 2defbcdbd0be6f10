import io

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings


def test_system_checks_pass():
    out = io.StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()


@pytest.mark.django_db
def test_models_and_migrations_agree():
    # Exits non-zero (SystemExit) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())


def test_check_refuses_a_rendition_claim_that_outlasts_the_task_lease():
    with (
        override_settings(MEDIA_PIPELINE_CLAIM_TIMEOUT=900, TASKS_RUNNING_LEASE=900),
        pytest.raises(SystemCheckError, match=r"media_pipeline\.E001"),
    ):
        call_command("check", stdout=io.StringIO())
