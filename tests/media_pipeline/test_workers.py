"""Real `manage.py db_worker` processes render an upload's set, each spec exactly once."""

import signal
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from media_pipeline import specs
from media_pipeline.models import RenditionClaim
from media_pipeline.tasks import rendition_set_generate_task
from tests.media_pipeline import corpus
from tests.media_pipeline.conftest import image_from_bytes
from tests.workers import DB_TASKS, on_postgresql, start_worker

# Committed rows, so that the workers see them; the migrations' rows (root
# collection, locales, content types) come back before each test and after it,
# for the transactional tests that run later.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    on_postgresql,
]


@override_settings(TASKS=DB_TASKS)
def test_two_workers_racing_render_each_rendition_once(tmp_path):
    # Saving enqueues one task; a second one for the same image races it.
    image = image_from_bytes(corpus.encode(corpus.photo((4000, 3000)), "JPEG"))
    rendition_set_generate_task.enqueue(image_id=image.pk)
    ours = DBTaskResult.objects.filter(task_path__endswith="rendition_set_generate_task")
    assert ours.count() == 2

    workers = [start_worker(tmp_path, "--batch") for _ in range(2)]
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


@override_settings(TASKS=DB_TASKS)
def test_a_worker_killed_mid_render_leaves_a_set_the_next_run_completes_once(tmp_path):
    image = image_from_bytes(corpus.encode(corpus.photo((4000, 3000)), "JPEG"), name="kill.jpg")
    images_dir = Path(settings.MEDIA_ROOT) / "images"
    stem = Path(image.file.name).stem
    doomed = start_worker(tmp_path, "--batch")
    deadline = time.monotonic() + 120
    # Killed once it has claimed the set and stored some files, before the rows.
    while not list(images_dir.glob(f"{stem}.*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    doomed.send_signal(signal.SIGKILL)
    doomed.wait()
    assert RenditionClaim.objects.filter(image=image).exists()
    assert not image.renditions.exists()

    # Run again, as the task reaper would, once the dead worker's lease is over.
    time.sleep(1.5)
    rendition_set_generate_task.enqueue(image_id=image.pk)
    worker = start_worker(tmp_path, "--batch", IMAGES_RENDER_CLAIM_SECONDS="1")
    output, _ = worker.communicate(timeout=240)
    assert worker.returncode == 0, output.decode()

    expected = len(specs.rendition_specs_for_image(image=image))
    rows = Counter(image.renditions.values_list("filter_spec", "focal_point_key"))
    assert len(rows) == expected
    assert max(rows.values()) == 1
    assert not RenditionClaim.objects.filter(image=image).exists()
    files = {path.name for path in images_dir.glob(f"{stem}.*")}
    assert files == {Path(rendition.file.name).name for rendition in image.renditions.all()}
