"""Archives kept in a bucket (s3://bucket/prefix, moto's server on 127.0.0.1):
written, pruned, restored and drilled as in a folder, and never half there."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from cms.backups.models import BackupRun
from cms.backups.stores import archives
from tests.backups.conftest import committed
from tests.backups.content import media_files, model_rows, site_build
from tests.backups.test_refusals import refused
from tests.backups.test_schedule_and_alerts import make_due
from tests.media_pipeline.test_s3 import moto_bucket_on, moto_server

pytestmark = committed

BUCKET = "client-backups"
PREFIX = "nightly"
URL = f"s3://{BUCKET}/{PREFIX}"


@pytest.fixture(scope="module")
def moto():
    """One moto server for the module's tests (stopping one takes half a
    second); each test empties it. Its endpoint."""
    server, endpoint = moto_server()
    yield endpoint
    server.stop()


@pytest.fixture
def bucket(moto, monkeypatch, settings):
    """An empty bucket on moto's server, reached the way production reaches S3:
    AWS_S3_ENDPOINT_URL and AWS_S3_REGION_NAME, credentials in the environment."""
    client = moto_bucket_on(monkeypatch, moto, BUCKET)
    settings.AWS_S3_ENDPOINT_URL, settings.AWS_S3_REGION_NAME = moto, "eu-central-1"
    return SimpleNamespace(client=client)


@pytest.fixture
def own_endpoint(bucket, settings):
    """The bucket through a moto server of the test's own, which it may stop
    (moto keeps the buckets in this process, across servers)."""
    server, settings.AWS_S3_ENDPOINT_URL = moto_server()
    yield server
    # Stopping a stopped server returns at once.
    server.stop()


def objects(client) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        for item in listed
    }


def key_of(url: str) -> str:
    return url.removeprefix(f"s3://{BUCKET}/")


def test_backup_to_s3_restores_and_passes_the_drill(bucket, capsys):
    content = site_build()
    rows, files = model_rows(), media_files(settings.MEDIA_ROOT)

    call_command("backup", to=URL)

    summary = capsys.readouterr().out
    (archive,) = archives(URL)
    assert archive.startswith(f"{URL}/backup-") and archive.endswith(".tar")
    assert list(objects(bucket.client)) == [key_of(archive)]
    assert summary.startswith(f"Backup {archive.rsplit('/', 1)[1]}: ")
    # The site moves on; the restore from the bucket brings the archived one back.
    content["kitchen"].delete()
    (settings.MEDIA_ROOT / next(iter(files))).unlink()
    call_command("restore", archive, interactive=False)
    assert model_rows() == rows
    assert media_files(settings.MEDIA_ROOT) == files

    # Given the prefix, the drill takes its newest archive.
    call_command("verify_backup", URL)
    assert "passed" in capsys.readouterr().out
    drill = BackupRun.objects.get(kind="drill")
    assert drill.ok and drill.archive == archive


def test_only_the_newest_archives_under_the_prefix_are_kept(bucket):
    site_build()
    # Beside the archives: another prefix's archive and a file that is none.
    others = {f"{PREFIX}/weekly/backup-20200101T000000000000Z.tar": b"x", f"{PREFIX}/notes": b"y"}
    for key, data in others.items():
        bucket.client.put_object(Bucket=BUCKET, Key=key, Body=data)
    made = []
    for _ in range(3):
        call_command("backup", to=URL, keep=2)
        made.append(archives(URL)[-1])

    assert archives(URL) == made[1:]
    assert set(objects(bucket.client)) == {key_of(url) for url in made[1:]} | set(others)


class StopServerOnFirstPart:
    """The command's progress output: the endpoint goes away once the first
    part of the new archive is uploaded."""

    def __init__(self, server):
        self.server, self.seen = server, []

    def write(self, message):
        self.seen.append(message)
        if "uploaded" in message and self.server:
            self.server.stop()
            self.server = None

    def flush(self):
        pass


def test_s3_dying_mid_upload_leaves_no_archive_and_the_earlier_one_intact(
    bucket, own_endpoint, monkeypatch
):
    site_build()
    for _ in range(2):
        call_command("backup", to=URL)
    before = objects(bucket.client)
    assert len(before) == 2
    # Parts small enough that the new archive is several of them.
    monkeypatch.setattr("cms.backups.s3.PART_SIZE", 64 * 1024)
    stderr = StopServerOnFirstPart(own_endpoint)

    # Keeping one: the earlier two may go only once the new archive is complete.
    with pytest.raises(CommandError, match=rf"Backup failed: Upload to {URL}/backup-\S+ failed"):
        call_command("backup", to=URL, keep=1, stderr=stderr)

    assert stderr.server is None, "the upload ended before its first part"
    # The same buckets through the module's server, which is up.
    assert objects(bucket.client) == before
    assert bucket.client.list_multipart_uploads(Bucket=BUCKET).get("Uploads"), "no upload was begun"
    assert not BackupRun.objects.filter(kind="backup").latest("finished_at").ok


def test_a_corrupt_or_missing_object_is_refused_and_changes_nothing(bucket):
    content = site_build()
    call_command("backup", to=URL)
    (archive,) = archives(URL)
    content["kitchen"].delete()
    data = bytearray(bucket.client.get_object(Bucket=BUCKET, Key=key_of(archive))["Body"].read())
    # A byte in the middle: inside a media file or the database, not the manifest.
    data[len(data) // 2] ^= 0xFF
    bucket.client.put_object(Bucket=BUCKET, Key=key_of(archive), Body=bytes(data))

    refused(archive, match=rf"{archive}.*(corrupt|damaged)")
    refused(f"{URL}/backup-gone.tar", match="could not be downloaded")


def test_the_worker_backs_up_to_and_drills_from_an_s3_backup_dir(bucket, settings):
    settings.BACKUP_DIR = URL
    site_build()
    from cms.backups.scheduling import backup_scheduler_ensure

    backup_scheduler_ensure()
    make_due("next_backup_at")
    backup_scheduler_ensure()
    (archive,) = archives(URL)
    assert BackupRun.objects.get(kind="backup").archive == archive

    make_due("next_drill_at")
    assert backup_scheduler_ensure() == ["drill_scheduled"]
    drill = BackupRun.objects.get(kind="drill")
    assert drill.ok, drill.message
    assert drill.archive == archive
