"""Real `manage.py db_worker` processes render an upload's set, each spec exactly once."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from media_pipeline import specs
from media_pipeline.tasks import rendition_set_generate_task
from tests.media_pipeline import corpus
from tests.media_pipeline.conftest import image_from_bytes

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="workers in other processes need a shared database; "
        "the SQLite test database lives in this process's memory",
    ),
]

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
ROOT = Path(__file__).resolve().parents[2]


def start_worker(tmp_path) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "VAR_DIR": str(tmp_path),
        "SECRET_KEY": "worker-test-secret-key",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


@override_settings(TASKS=DB_TASKS)
def test_two_workers_racing_render_each_rendition_once(tmp_path):
    # Saving enqueues one task; a second one for the same image races it.
    image = image_from_bytes(corpus.encode(corpus.photo((4000, 3000)), "JPEG"))
    rendition_set_generate_task.enqueue(image_id=image.pk)
    ours = DBTaskResult.objects.filter(task_path__endswith="rendition_set_generate_task")
    assert ours.count() == 2

    workers = [start_worker(tmp_path) for _ in range(2)]
    for worker in workers:
        output, _ = worker.communicate(timeout=240)
        assert worker.returncode == 0, output.decode()

    expected = len(specs.rendition_specs_for_image(image=image))
    results = list(ours.values_list("status", "return_value"))
    assert [status for status, _ in results] == ["SUCCESSFUL", "SUCCESSFUL"]
    assert sum(rendered for _, rendered in results) == expected
    assert image.renditions.count() == expected
    stem = Path(image.file.name).stem
    files = list((Path(settings.MEDIA_ROOT) / "images").glob(f"{stem}.*"))
    assert len(files) == expected
