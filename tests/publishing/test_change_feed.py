"""The change feed says exactly what changed, where, and loses nothing when
a cache or a process fails after the commit."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, PageViewRestriction, Site

from cms.api import cache as api_cache
from cms.content import models as content
from cms.publishing import events
from cms.publishing.models import ChangedPage, ChangeEvent, WebhookDelivery
from cms.publishing.outbox import outbox_relay
from cms.publishing.scheduling import tasks_requeue_lost
from cms.publishing.webhooks import deliveries_resume, delivery_can_resend, webhook_deliver
from sites.models import SiteSettings
from tests.api.test_caching import REDIS_URL, redis_caches
from tests.conftest import home_create
from tests.content.factories import HomePageFactory, StandardPageFactory
from tests.localize.conftest import german_site_create, german_site_fresh
from tests.shared_rows import fresh_row, rolled_back

pytestmark = pytest.mark.django_db

# Nothing listens here: a Redis that is down.
REDIS_DOWN = "redis://127.0.0.1:1/0"


def export(client, **params) -> tuple[list[dict], dict]:
    response = client.get("/api/v1/export/", params)
    assert response.status_code == 200
    lines = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    return lines[:-1], lines[-1]


@pytest.fixture(scope="module")
def site_rows(django_db_setup, django_db_blocker):
    """The published about page and the German site, written once for this
    module: each test's changes are rolled back to them. A test of one sees
    the other's pages too, which none of them counts."""
    with rolled_back(django_db_blocker):
        # As a commit would: the changes' purges and webhooks are done, so no
        # test finds them left for the relay.
        with TestCase.captureOnCommitCallbacks(execute=True):
            home = home_create()
            about = StandardPageFactory(parent=home, slug="about", title="About", intro="Old")
            about.save_revision().publish()
            german_site = german_site_create(home)
        yield {"home": home, "about": about, "german_site": german_site}


home = fresh_row("home")


@pytest.fixture
def german_site(site_rows, db):
    return german_site_fresh(site_rows["german_site"])


@pytest.fixture
def fresh_cache_health():
    """Each test meets the cache as a new process would."""
    api_cache._Health.down_until = 0.0
    api_cache._Health.missed_changes = False
    yield
    api_cache._Health.down_until = 0.0
    api_cache._Health.missed_changes = False


def test_editing_an_english_page_reports_its_english_path_and_deletes_nothing(
    client,
    german_site,
    django_capture_on_commit_callbacks,
):
    english_kitchen = german_site["english"][german_site["kitchen"].pk]
    _, last = export(client)

    with django_capture_on_commit_callbacks(execute=True):
        english_kitchen.save_revision().publish()

    items, _ = export(client, since=last["cursor"])
    assert [item for item in items if item.get("deleted")] == []
    assert [item["path"] for item in items] == ["/en/projects/oak-kitchen/"]
    row = ChangedPage.objects.filter(page_id=english_kitchen.pk).latest("pk")
    assert (row.path, row.locale) == ("/en/projects/oak-kitchen/", "en")


about = fresh_row("about")


def test_with_redis_down_the_api_answers_and_a_publish_loses_nothing(
    client, about, endpoint, receiver, fresh_cache_health, django_capture_on_commit_callbacks
):
    with override_settings(CACHES=redis_caches(REDIS_DOWN)):
        response = client.get(f"/api/v1/pages/{about.pk}/")
        assert response.status_code == 200
        assert response.json()["intro"] == "Old"

        with django_capture_on_commit_callbacks(execute=True):
            about.intro = "New"
            about.save_revision().publish()

        change = ChangeEvent.objects.latest("pk")
        assert change.event == events.PAGE_PUBLISHED
        assert change.dispatched_at is not None, "the webhook went out despite the failed purge"
        assert change.purged_at is None, "the purge failed and is left to the relay"
        assert [p["event"] for p in receiver.payloads()] == [events.PAGE_PUBLISHED]
        assert client.get(f"/api/v1/pages/{about.pk}/").json()["intro"] == "New"


def test_when_redis_returns_the_cache_is_used_again_and_the_missed_purge_is_done(
    client, about, fresh_cache_health, django_capture_on_commit_callbacks
):
    url = f"/api/v1/pages/{about.pk}/"
    with override_settings(CACHES=redis_caches(REDIS_URL)):
        api_cache._cache().clear()
        client.get(url)
        client.get(url)  # cached now
    with (
        override_settings(CACHES=redis_caches(REDIS_DOWN)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        about.intro = "Changed while Redis was down"
        about.save_revision().publish()
    ChangeEvent.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    api_cache._Health.down_until = 0.0
    with override_settings(CACHES=redis_caches(REDIS_URL)):
        assert client.get(url).json()["intro"] == "Changed while Redis was down"
        assert outbox_relay()["purged"] >= 1
        assert not ChangeEvent.objects.filter(purged_at=None).exists()
        client.get(url)
        assert api_cache._cache().keys("delivery-api:*"), "answers are stored again"


def test_a_change_whose_process_died_after_the_commit_is_relayed_once(
    client, about, endpoint, receiver, django_capture_on_commit_callbacks
):
    _, last = export(client)
    # The transaction commits, then the process dies: no after-commit step runs.
    ChangeEvent.objects.update(purged_at=timezone.now(), dispatched_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        about.title = "About us"
        about.save_revision().publish()
    assert callbacks, "the outbox had work to do after the commit"
    assert receiver.requests == []
    ChangeEvent.objects.update(created_at=timezone.now() - timedelta(minutes=1))

    assert outbox_relay() == {"purged": 1, "dispatched": 1}
    assert outbox_relay() == {"purged": 0, "dispatched": 0}

    assert [p["pages"][0]["id"] for p in receiver.payloads()] == [about.pk]
    items, _ = export(client, since=last["cursor"])
    assert [item["title"] for item in items] == ["About us"]


def test_a_delivery_left_sending_by_a_dead_worker_is_sent_again_after_its_lease(
    about, endpoint, receiver, worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    delivery = WebhookDelivery.objects.get()
    worker.run_all()
    receiver.requests.clear()
    # The worker was killed mid-POST: the row says "sending" and no task is left.
    started = timezone.now() - timedelta(seconds=settings.PUBLISHING_WEBHOOK_LEASE + 1)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.SENDING, last_attempt_at=started
    )
    assert delivery_can_resend(WebhookDelivery.objects.get(pk=delivery.pk)), "offered in the admin"

    assert deliveries_resume() == 1
    worker.run_all()

    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert [r["headers"]["X-Webhook-Id"] for r in receiver.requests] == [str(delivery.event_id)]


def test_a_delivery_still_within_its_lease_is_left_alone(about, endpoint, worker):
    WebhookDelivery.objects.create(
        endpoint=endpoint, status=WebhookDelivery.Status.SENDING, last_attempt_at=timezone.now()
    )
    assert deliveries_resume() == 0
    assert not delivery_can_resend(WebhookDelivery.objects.get())


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)
def test_a_task_left_running_by_a_dead_worker_is_queued_again():
    lost = webhook_deliver.enqueue(1)
    fresh = webhook_deliver.enqueue(2)
    long_ago = timezone.now() - timedelta(seconds=settings.TASKS_RUNNING_LEASE + 1)
    DBTaskResult.objects.filter(pk=lost.id).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago
    )
    DBTaskResult.objects.filter(pk=fresh.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now()
    )

    assert tasks_requeue_lost() == 1
    assert DBTaskResult.objects.get(pk=lost.id).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=fresh.id).status == TaskResultStatus.RUNNING


def test_making_a_page_private_and_public_again_reaches_frontends(
    client, about, endpoint, receiver, worker, django_capture_on_commit_callbacks
):
    _, last = export(client)
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=about, restriction_type="password", password="x"
        )
    worker.run_all()
    items, middle = export(client, since=last["cursor"])
    assert items == [{"deleted": True, "id": about.pk, "path": "/about/"}]

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    worker.run_all()
    items, _ = export(client, since=middle["cursor"])
    assert [item["path"] for item in items] == ["/about/"]

    privacy = [p for p in receiver.payloads() if p["event"] == events.PAGE_PRIVACY_CHANGED]
    details = [change["detail"] for p in privacy for change in p["changes"]]
    assert details == [{"private": True}, {"private": False}]


def test_changing_a_testimonial_reaches_frontends(
    home, endpoint, receiver, worker, django_capture_on_commit_callbacks
):
    site = Site.objects.get(is_default_site=True)
    with django_capture_on_commit_callbacks(execute=True):
        testimonial = content.Testimonial.objects.create(
            site=site, quote="Great work", author="Ann"
        )
    worker.run_all()
    [payload] = receiver.payloads()
    assert payload["event"] == events.SNIPPET_CHANGED
    assert payload["changes"][0]["detail"] == {
        "type": "content.Testimonial",
        "id": testimonial.pk,
        "locale": testimonial.locale.language_code,
    }


def test_a_publish_keeps_other_clients_responses_warm(
    client, about, django_capture_on_commit_callbacks, django_assert_num_queries
):
    florist_home = HomePageFactory(parent=Page.get_first_root_node(), slug="florist")
    Site.objects.create(hostname="florist.example", root_page=florist_home)
    florist_url = f"/api/v1/pages/{florist_home.pk}/?site=florist.example"
    carpentry_url = f"/api/v1/pages/{about.pk}/?site=localhost"
    for url in (florist_url, florist_url, carpentry_url, carpentry_url):
        assert client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        about.intro = "Newer"
        about.save_revision().publish()

    with django_assert_num_queries(0):
        assert client.get(florist_url).status_code == 200
    assert client.get(carpentry_url).json()["intro"] == "Newer"


@pytest.fixture
def redis_api_cache(fresh_cache_health):
    with override_settings(CACHES=redis_caches(REDIS_URL)):
        api_cache._cache().clear()
        yield api_cache._cache()
        api_cache._cache().clear()


def test_hostile_queries_leave_no_key_behind(client, about, redis_api_cache):
    client.get("/api/v1/pages/")
    client.get("/api/v1/pages/")
    before = set(redis_api_cache.keys("*"))

    for n in range(30):
        client.get(f"/api/v1/pages/?site=random-{n}.example")
        client.get(f"/api/v1/pages/?tag=random-{n}")
        client.get(f"/api/v1/pages/?search=zzqx{n}")
        client.get(f"/api/v1/pages/?utm={n}")

    assert set(redis_api_cache.keys("*")) == before
    assert all(redis_api_cache.ttl(key) > 0 for key in before), "every key expires"


def test_a_site_that_stops_publishing_a_language_deletes_its_pages_in_frontends(
    client,
    german_site,
    django_capture_on_commit_callbacks,
):
    site = Site.objects.get(is_default_site=True)
    _, last = export(client)

    with django_capture_on_commit_callbacks(execute=True):
        SiteSettings.objects.update_or_create(site=site, defaults={"languages": "de"})

    items, _ = export(client, since=last["cursor"])
    tombstones = sorted(item["path"] for item in items if item.get("deleted"))
    assert tombstones == ["/en/", "/en/projects/", "/en/projects/oak-kitchen/"]
    assert not any(item["path"].startswith("/en/") for item in items if "type" in item)
    assert {item["path"] for item in items if "type" in item} >= {"/", "/projects/oak-kitchen/"}
