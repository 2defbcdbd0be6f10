"""Webhooks reach a real receiver on 127.0.0.1: signed, retried, debounced, never to
private addresses."""

import hashlib
import hmac
import json

import pytest
from django.test import override_settings

from cms.publishing.models import WebhookDelivery, WebhookEndpoint
from tests.content.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(home):
    return StandardPageFactory(parent=home, slug="about", title="About", intro="Old intro")


def test_receiver_can_verify_the_signature_and_refuse_replays(endpoint, receiver, about, publish):
    publish(about, intro="New intro")

    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    headers, body = request["headers"], request["body"]
    timestamp = headers["X-Webhook-Timestamp"]
    expected = hmac.new(
        b"s3cret-for-tests", timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert headers["X-Signature"] == f"sha256={expected}"
    assert headers["X-Webhook-Event"] == "page.published"
    assert headers["Content-Type"] == "application/json"
    payload = json.loads(body)
    assert headers["X-Webhook-Id"] == payload["id"]
    delivery = WebhookDelivery.objects.get()
    assert headers["X-Webhook-Delivery"] == str(delivery.delivery_id)
    assert payload["event"] == "page.published"
    assert payload["site"]["hostname"] == endpoint.site.hostname
    assert payload["pages"] == [
        {
            "id": about.pk,
            "type": "content.StandardPage",
            "path": "/about/",
            "locale": "de",  # the default content language
            "previous_path": None,
        }
    ]
    # A body signed with another timestamp does not verify: a replayed body
    # needs its original timestamp, which the receiver rejects as too old.
    forged = hmac.new(b"s3cret-for-tests", b"9999999999." + body, hashlib.sha256).hexdigest()
    assert headers["X-Signature"] != f"sha256={forged}"
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert delivery.response_code == 200
    assert delivery.response_excerpt == "answered 200"
    assert delivery.attempts == 1


def test_a_receiver_that_fails_twice_gets_the_delivery_on_the_third_try(
    endpoint, receiver, about, publish, worker
):
    receiver.statuses = [500, 503]
    publish(about, intro="New intro")

    worker.run_all()

    assert [r["body"] for r in receiver.requests] == [receiver.requests[0]["body"]] * 3
    assert len({r["headers"]["X-Webhook-Delivery"] for r in receiver.requests}) == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert delivery.attempts == 3
    assert delivery.response_code == 200


def test_retries_wait_twice_as_long_each_time_and_stop_at_the_limit(
    endpoint, receiver, about, publish, worker
):
    receiver.statuses = [500] * 10
    waits = []
    with override_settings(PUBLISHING_WEBHOOK_MAX_ATTEMPTS=3, PUBLISHING_WEBHOOK_BACKOFF=30):
        publish(about, intro="New intro")
        while worker.queued:
            sends_webhook = worker.queued[0].task.name == "webhook_deliver"
            worker.run_next()
            delivery = WebhookDelivery.objects.get()
            if sends_webhook and (retry := worker.queued_webhooks()):
                waits.append(retry[0].task.run_after - delivery.last_attempt_at)

    assert len(receiver.requests) == 3
    assert (delivery.status, delivery.attempts, delivery.error) == ("failed", 3, "HTTP 500")
    assert [round(wait.total_seconds()) for wait in waits] == [30, 60]


def test_a_refusal_by_the_receiver_is_not_retried(endpoint, receiver, about, publish, worker):
    receiver.statuses = [400]
    publish(about, intro="New intro")
    worker.run_all()

    assert len(receiver.requests) == 1
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("failed", 1, 400)


def test_ten_quick_publishes_give_one_delivery_listing_every_change(
    endpoint, receiver, home, publish, worker
):
    pages = [StandardPageFactory(parent=home, slug=f"page-{n}") for n in range(10)]
    for page in pages:
        publish(page, intro="Changed")
    assert receiver.requests == []

    worker.run_all()

    assert len(receiver.requests) == 1
    payload = receiver.payloads()[0]
    assert payload["event"] == "page.published"
    assert [change["pages"][0]["id"] for change in payload["changes"]] == [p.pk for p in pages]
    assert [page["path"] for page in payload["pages"]] == [f"/page-{n}/" for n in range(10)]


def test_a_change_after_the_delivery_went_out_starts_the_next_one(
    endpoint, receiver, about, publish, worker
):
    publish(about, intro="First")
    worker.run_all()
    publish(about, intro="Second")
    worker.run_all()

    assert len(receiver.requests) == 2
    assert receiver.payloads()[0]["id"] != receiver.payloads()[1]["id"]


@override_settings(PUBLISHING_WEBHOOK_ALLOWED_NETWORKS=[])
def test_a_hostile_url_is_refused_at_delivery_time(endpoint, receiver, about, publish):
    # The same receiver, but loopback is no longer allowed: nothing is sent.
    publish(about, intro="New intro")

    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.REFUSED
    assert "may not reach" in delivery.error


def test_endpoints_hear_only_the_events_they_chose(site, receiver, about, publish, home):
    WebhookEndpoint.objects.create(
        site=site, name="Deletes only", url=receiver.url, events=["page.deleted"]
    )
    publish(about, intro="New intro")
    assert receiver.requests == []


def test_an_inactive_endpoint_hears_nothing(endpoint, receiver, about, publish):
    endpoint.active = False
    endpoint.save()
    publish(about, intro="New intro")
    assert receiver.requests == []
    assert WebhookDelivery.objects.count() == 0
