"""Faults injected under load; afterwards nothing is lost and nothing duplicated.

Each test breaks one service of the suite's own stack, lets the system
recover within a bounded time with nobody stepping in, and puts the
service back in `finally`, so a failing test leaves the next one a working
stack. A killed worker is replaced at once, as systemd's Restart=always or
a container orchestrator would; recovering the work it held is the
product's job.
"""

import io
import secrets
import signal
import subprocess
import time

from PIL import Image

from tests.reliability import feed
from tests.reliability.services import HOSTNAME, REDIS_PORT, eventually, wait_until
from tests.reliability.traffic import LEDGER, Load, get

READERS = 40
PERIOD = 0.1
# How long the product may take to notice work a dead worker held (a
# delivery's lease, a task left running) and do it again.
RECOVERY_SECONDS = 120


def load(stack, editor, *, readers: int = READERS, period: float = PERIOD) -> Load:
    return Load(stack=stack, editor=editor, hostname=HOSTNAME, readers=readers, period=period)


def feed_checked(stack, receiver, *, cursor: int, published: int) -> tuple[list, object]:
    """The page's publish changes and the webhook account since `cursor`, in the ledger."""
    changes = feed.publish_changes_of(stack, page_id=stack.site["page_id"], after=cursor)
    account = feed.webhooks_settle(stack, receiver, after=cursor, timeout=RECOVERY_SECONDS)
    LEDGER.items(checked=published, lost=max(0, published - len(changes)))
    LEDGER.items(checked=len(account.expected), lost=len(account.missing))
    return changes, account


def assert_account_clean(account) -> None:
    assert account.missing == set(), "every change reaches the receiver"
    assert account.unsigned == 0
    assert account.duplicated == {}, "a change travels under one event id only"
    assert account.inconsistent == set(), "a repeated event id carries the same body"
    assert account.unknown == set()


def redis_keys(pattern: str) -> int:
    argv = ["/usr/bin/redis-cli", "-p", str(REDIS_PORT), "--scan", "--pattern", pattern]
    return len(subprocess.run(argv, capture_output=True, text=True, check=True).stdout.split())


def running_task_worker(stack, task: str) -> str | None:
    """The id of the worker running a task of this name right now, if any."""
    rows = stack.sql(
        "SELECT worker_ids FROM django_tasks_database_dbtaskresult "
        "WHERE status = 'RUNNING' AND task_path LIKE %s ORDER BY started_at DESC LIMIT 1",
        f"%{task}",
    )
    return rows[0][0][-1] if rows else None


def worker_kill(stack, worker_id: str, what: str) -> None:
    stack.worker_by_id(worker_id).kill(signal.SIGKILL)
    LEDGER.fault(f"worker killed -9 {what}")
    stack.worker_start()


def test_redis_outage_keeps_reads_and_publishes_going_and_the_cache_comes_back(
    stack, editor, receiver
):
    cursor = feed.latest_change_id(stack)
    try:
        with load(stack, editor) as running:
            time.sleep(3)
            stack.redis.stop()
            LEDGER.fault("Redis stopped for 8 s, then started")
            time.sleep(8)
            stack.redis.start()
            time.sleep(5)
    finally:
        if not stack.redis.alive:
            stack.redis.start()
    result = running.result
    published = [p for p in result.publishes if p.ok]
    changes, account = feed_checked(stack, receiver, cursor=cursor, published=len(published))

    assert [r for r in result.reads if r.status != 200] == [], "reads answer 200 without Redis"
    assert [p for p in result.publishes if not p.ok] == [], "publishes succeed without Redis"
    assert result.stale == [] and result.invented == []
    assert len(changes) == len(published), "each publish is one page.published change"
    assert_account_clean(account)
    for _ in range(2):
        assert get(stack.lb_port, f"/api/v1/pages/?site={HOSTNAME}").status == 200
    # Entries are keyed "delivery-api:<version>:…"; version keys alone prove nothing.
    assert redis_keys("*delivery-api:[0-9]*") > 0, "responses are cached in Redis again"


def test_postgresql_restart_answers_503_json_and_recovers_by_itself(stack, editor, receiver):
    cursor = feed.latest_change_id(stack)
    with load(stack, editor) as running:
        time.sleep(3)
        stack.postgres.restart()
        LEDGER.fault("PostgreSQL restarted (pg_ctlcluster restart)")
        time.sleep(8)
    result = running.result

    assert [r for r in result.reads if not r.acceptable] == [], "only 503 JSON with Retry-After"
    assert [p for p in result.publishes if p.status not in (302, 503)] == []
    assert result.stale == [] and result.invented == []
    assert _recovers(stack), "the API answers again by itself"
    assert sum(worker.alive for worker in stack.workers) == 2, "the workers survive the restart"

    after = editor.publish(stack.site["page_id"])
    assert after.ok, "the admin publishes again after the restart"
    published = [p for p in [*result.publishes, after] if p.ok]
    refused = [p for p in result.publishes if not p.ok]
    changes, account = feed_checked(stack, receiver, cursor=cursor, published=len(published))
    # A publish answered 503 may still have committed (the database went away
    # while the session was saved after it); it is in the log once, or not at all.
    assert len(published) <= len(changes) <= len(published) + len(refused)
    assert_account_clean(account)


def _recovers(stack) -> bool:
    path = f"/api/v1/pages/{stack.site['page_id']}/?site={HOSTNAME}"
    return eventually(lambda: get(stack.lb_port, path).status == 200, timeout=30)


def test_worker_killed_mid_delivery_delivers_the_same_event_again(stack, editor, receiver):
    cursor = feed.latest_change_id(stack)
    receiver.slow_next(5)
    with load(stack, editor, readers=10, period=0) as running:
        published = editor.publish(stack.site["page_id"])
        assert published.ok
        assert receiver.slow_started.wait(30), "the delivery never started"
        worker_id = running_task_worker(stack, "webhook_deliver")
        assert worker_id is not None, "no worker is running the delivery"
        worker_kill(stack, worker_id, "mid-delivery (receiver answering slowly)")
        killed = receiver.slowed
        resent = eventually(
            lambda: len(receiver.deliveries_of(killed.event_id)) >= 2,
            timeout=RECOVERY_SECONDS,
            interval=0.5,
        )
        changes, account = feed_checked(stack, receiver, cursor=cursor, published=1)
    assert [r for r in running.result.reads if r.status != 200] == []

    assert resent, "the interrupted delivery is sent again, under the same event id"
    assert len(changes) == 1
    assert_account_clean(account)
    stuck = stack.sql(
        "SELECT id, status, attempts FROM publishing_webhookdelivery WHERE status = 'sending'"
    )
    assert stuck == [], "no delivery stays 'sending' after its worker died"


def photo_jpeg(width: int, height: int) -> bytes:
    """A photo-like JPEG: noise keeps the encoder and the renderer busy as a real photo does."""
    noise = Image.effect_noise((width, height), 48)
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", (noise, gradient, noise.rotate(180)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def image_upload(stack, editor, *, name: str, data: bytes):
    fields = dict(editor.form("/admin/images/add/", None))
    fields.update(title=name, collection=str(stack.site["collection_id"]))
    files = {"file": (f"{name}.jpg", data, "image/jpeg")}
    return editor.request("POST", "/admin/images/add/", data=fields, files=files)


def image_id(stack, name: str) -> int | None:
    rows = stack.sql("SELECT id FROM media_pipeline_customimage WHERE title = %s", name)
    return rows[0][0] if rows else None


def rendition_state(stack, image: int) -> tuple[int, int, set[str]]:
    """(renditions, claims, rendition files) of an image."""
    renditions = stack.sql(
        "SELECT file FROM media_pipeline_customrendition WHERE image_id = %s", image
    )
    claims = stack.sql("SELECT id FROM media_pipeline_renditionclaim WHERE image_id = %s", image)
    return len(renditions), len(claims), {row[0] for row in renditions}


def specs_expected(stack, image: int) -> int:
    code = (
        "from media_pipeline.models import CustomImage;"
        "from media_pipeline.specs import rendition_specs_for_image as s;"
        f"print(len(s(image=CustomImage.objects.get(pk={image}))))"
    )
    result = stack.manage("shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split()[-1])


def test_worker_killed_mid_rendition_finishes_the_set_without_duplicates(stack, editor):
    name = f"photo-{secrets.token_hex(4)}"
    with load(stack, editor, readers=10, period=0) as running:
        response = image_upload(stack, editor, name=name, data=photo_jpeg(6000, 4000))
        assert response.status_code == 302, "the 24 MP photo uploads"
        image = image_id(stack, name)
        wait_until(
            lambda: rendition_state(stack, image)[1] > 0,
            timeout=60,
            interval=0.05,
            what="a worker rendering the photo",
        )
        worker_id = running_task_worker(stack, "rendition_set_generate_task")
        assert worker_id is not None, "no worker is running the rendition task"
        worker_kill(stack, worker_id, "mid-rendition (24 MP photo)")
        expected = specs_expected(stack, image)
        eventually(
            lambda: rendition_state(stack, image)[:2] == (expected, 0),
            timeout=RECOVERY_SECONDS,
            interval=1,
        )
    count, claims, files = rendition_state(stack, image)
    stem = f"images/{name}."
    stored = {key for key in stack.s3_keys() if key.startswith(stem)}
    LEDGER.items(checked=expected, lost=max(0, expected - count))
    assert [r for r in running.result.reads if r.status != 200] == []

    tasks = stack.sql(
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE %s AND args_kwargs::text LIKE %s",
        "%rendition_set_generate_task",
        f'%"image_id": {image}%',
    )
    assert (count, claims) == (expected, 0), f"the set is unfinished or claimed; tasks: {tasks}"
    assert files <= stored, "every rendition row has its file"
    assert stored == files, "no rendition file was stored twice or left without a row"


def test_s3_down_during_an_upload_gives_a_form_error_and_leaves_nothing(stack, editor):
    name = f"upload-{secrets.token_hex(4)}"
    keys_before = stack.s3_keys()
    try:
        stack.s3_front.stop()
        LEDGER.fault("S3 endpoint stopped during an upload")
        response = image_upload(stack, editor, name=name, data=photo_jpeg(1600, 1200))
    finally:
        stack.s3_front.start()
    time.sleep(2)  # anything a background task might still write would show by now

    assert response.status_code == 200, "the form comes back, neither 5xx nor saved"
    assert "error-message" in response.text, "the editor sees an error on the form"
    assert image_id(stack, name) is None, "no image row without its file"
    assert stack.s3_keys() == keys_before, "no orphan file"
    again = image_upload(stack, editor, name=name, data=photo_jpeg(800, 600))
    assert again.status_code == 302, "uploads work again once S3 is back"


KILL_AFTER_COMMIT = """
import os
from django.db import transaction
from wagtail.models import Page

page = Page.objects.get(pk={page_id}).specific
with transaction.atomic():
    # Registered first, so it runs before every on_commit callback the publish adds.
    transaction.on_commit(lambda: os._exit(3))
    page.title = "v{version}"
    page.save_revision().publish()
"""


def test_process_killed_between_commit_and_enqueue_loses_no_change(stack, editor, receiver):
    page_id = stack.site["page_id"]
    cursor = feed.latest_change_id(stack)
    version = editor.next_version()
    with load(stack, editor, readers=10, period=0) as running:
        died = stack.manage(
            "shell", "-c", KILL_AFTER_COMMIT.format(page_id=page_id, version=version)
        )
        LEDGER.fault("publishing process killed between commit and enqueue")
        assert died.returncode == 3, f"the hook did not run:\n{died.stderr[-2000:]}"
        changes, account = feed_checked(stack, receiver, cursor=cursor, published=1)
        path = f"/api/v1/pages/{page_id}/?site={HOSTNAME}"
        eventually(
            lambda: f'"v{version}"' in get(stack.lb_port, path).body.decode(),
            timeout=RECOVERY_SECONDS,
            interval=1,
        )
    title = stack.sql("SELECT title FROM wagtailcore_page WHERE id = %s", page_id)[0][0]
    export = feed.export_since(stack, cursor)
    api = get(stack.lb_port, path)

    assert title == f"v{version}", "the publish committed before the process died"
    assert len(changes) == 1, "the change-log row was written in the publish's transaction"
    assert_account_clean(account)
    assert [p["title"] for p in export.pages if p["id"] == page_id] == [f"v{version}"]
    assert [r for r in running.result.reads if r.status != 200] == []
    assert f'"v{version}"' in api.body.decode(), "the API stops serving the old version"
