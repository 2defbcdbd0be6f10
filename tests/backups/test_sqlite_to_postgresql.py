"""A business outgrows the embedded database: a backup made on SQLite restores
into a fresh PostgreSQL installation, with everything in it."""

import os
import subprocess
import sys
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from cms.backups.database import sqlite_database
from cms.backups.stores import archives
from tests.backups.conftest import committed, on_postgresql
from tests.backups.content import media_files, model_rows

pytestmark = [committed, on_postgresql]
ROOT = Path(__file__).resolve().parents[2]
# The search index is rebuilt, not copied: its columns differ per database.
DERIVED = frozenset({"wagtailsearch"})


def sqlite_installation_backup(folder: Path) -> Path:
    """A SQLite installation in a process of its own (one, as a start-up of
    Django takes seconds here), migrated, with the test site in it, backed up."""
    folder.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "VAR_DIR": str(folder),
        "MEDIA_ROOT": str(folder / "media"),
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "SECRET_KEY": "sqlite-installation-secret-key",
    }
    script = (
        "from django.core.management import call_command\n"
        "from tests.backups.content import site_build\n"
        "call_command('migrate', interactive=False, verbosity=0)\n"
        "site_build()\n"
        f"call_command('backup', to={str(folder / 'archives')!r})\n"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        # The three steps had 300 s each.
        timeout=900,
    )
    return archives(folder / "archives")[-1]


def test_a_sqlite_backup_restores_into_a_fresh_postgresql_installation(tmp_path):
    archive = sqlite_installation_backup(tmp_path / "sqlite")

    call_command("restore", str(archive), interactive=False)

    with tarfile.open(archive) as tar:
        tar.extract("database.sqlite3", tmp_path, filter="data")
    with sqlite_database("archived", tmp_path / "database.sqlite3"):
        archived = model_rows("archived", skip_apps=DERIVED)
    restored = model_rows(skip_apps=DERIVED)
    assert archived["wagtailcore.Revision"]
    assert {label: restored[label] for label in archived} == archived
    assert media_files(settings.MEDIA_ROOT) == media_files(tmp_path / "sqlite" / "media")
