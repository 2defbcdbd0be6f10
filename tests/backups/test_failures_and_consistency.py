"""Old archives are pruned but never lost to a failed backup, and a backup taken
while an editor publishes restores to a consistent site."""

import subprocess
import threading
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from wagtail.models import Page, Revision

from cms.backups.create import backup_create
from cms.backups.models import BackupRun
from cms.backups.stores import archives
from cms.content.models import ProjectPage
from tests.backups.conftest import committed, on_postgresql
from tests.backups.content import site_build

pytestmark = committed


def test_only_the_newest_archives_are_kept(backup, tmp_path):
    site_build()
    made = [backup(keep=2) for _ in range(3)]
    assert archives(tmp_path / "archives") == made[1:]


@pytest.fixture
def small_disk(tmp_path):
    """A folder on its own small tmpfs; `resize(bytes)` mounts it with that size."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    mounted = []

    def resize(size: int):
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],  # noqa: S607
            capture_output=True,
            text=True,
        )
        if result.returncode:
            pytest.skip(f"cannot mount a tmpfs here (needs root): {result.stderr.strip()}")
        mounted.append(mount)
        return mount

    yield resize
    for path in mounted:
        subprocess.run(["umount", str(path)], check=True)  # noqa: S607


def test_a_full_disk_fails_clearly_and_keeps_the_previous_archive(backup, small_disk):
    site_build()
    first = backup()
    # Room for the first archive and half of another.
    disk = small_disk(first.stat().st_size * 3 // 2)
    previous = disk / first.name
    previous.write_bytes(first.read_bytes())

    with pytest.raises(CommandError, match=r"No space left on device|disk is full"):
        call_command("backup", to=str(disk))

    assert [path.name for path in disk.iterdir()] == [first.name]
    assert previous.read_bytes() == first.read_bytes()
    assert not BackupRun.objects.filter(kind="backup").latest("finished_at").ok


@on_postgresql
def test_a_backup_while_an_editor_publishes_restores_consistent_revisions(tmp_path):
    content = site_build()
    editions, stop = [], threading.Event()

    def editor():
        try:
            while not stop.is_set():
                page = ProjectPage.objects.get(pk=content["kitchen"].pk)
                page.title = f"Edition {len(editions)}"
                page.save_revision().publish()
                editions.append(page.title)
                time.sleep(0.1)
        finally:
            connection.close()

    snapshot = {}

    def publishes_go_on(message):
        # The snapshot is taken; pg_dump and the media copy run only after the
        # editor has published twice more.
        if message.startswith("Dumping"):
            snapshot["editions"] = len(editions)
            while len(editions) < snapshot["editions"] + 2 and publishing.is_alive():
                time.sleep(0.05)

    publishing = threading.Thread(target=editor)
    publishing.start()
    try:
        while len(editions) < 3 and publishing.is_alive():
            time.sleep(0.05)
        archive = backup_create(directory=tmp_path, progress=publishes_go_on).path
        call_command("verify_backup", str(archive))
    finally:
        stop.set()
        publishing.join()
    assert len(editions) >= snapshot["editions"] + 2

    call_command("restore", str(archive), interactive=False)

    for page in Page.objects.exclude(latest_revision=None):
        revisions = Revision.page_revisions.filter(object_id=str(page.pk))
        assert page.latest_revision_id == max(revisions.values_list("pk", flat=True))
        if page.live_revision_id:
            assert page.live_revision.content["title"] == page.title
    kitchen = Page.objects.get(pk=content["kitchen"].pk)
    # The edition live at the snapshot (one may have committed just before
    # the editor counted it), not one of the two published while dumping.
    assert kitchen.title in editions[snapshot["editions"] - 1 : snapshot["editions"] + 1]
    assert not kitchen.has_unpublished_changes
