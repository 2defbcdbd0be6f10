"""Collecting changes into deliveries, sending them, retrying them.

A change joins the endpoint's PENDING delivery if one is open, or opens one
that is due a debounce window later; so a burst of publishes becomes one
POST listing every change. When it is due, the delivery's payload is frozen
(retries send the same body) and posted; a failure that may pass (timeout,
5xx) is tried again after a wait that doubles each time.
"""

import json
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django_tasks import task

from sites.models import SiteSettings

from . import events
from .delivery import RefusedAddress, post, sign
from .models import ChangeEvent, WebhookDelivery, WebhookEndpoint

Status = WebhookDelivery.Status
MAX_BACKOFF = timedelta(hours=6)
WAITING = (Status.PENDING, Status.QUEUED, Status.RETRYING)
FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.REFUSED)


def webhooks_schedule(*, changes: list[ChangeEvent]) -> None:
    """Adds each change to the open delivery of every endpoint that wants it."""
    for change in changes:
        for endpoint in WebhookEndpoint.objects.filter(site_id=change.site_id, active=True):
            if events.subscribed(endpoint.events, change.event):
                delivery_join(endpoint=endpoint, change=change)


def delivery_join(*, endpoint: WebhookEndpoint, change: ChangeEvent) -> WebhookDelivery:
    with transaction.atomic():
        # The lock keeps the task from freezing the payload while a change
        # joins; a change arriving after the freeze opens the next delivery.
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .filter(endpoint=endpoint, status=Status.PENDING)
            .order_by("pk")
            .first()
        )
        opened = delivery is None
        if opened:
            due_at = timezone.now() + timedelta(seconds=settings.PUBLISHING_WEBHOOK_DEBOUNCE)
            delivery = WebhookDelivery.objects.create(endpoint=endpoint, due_at=due_at)
        delivery.changes.add(change)
    if opened:
        delivery_enqueue(delivery_id=delivery.pk, at=delivery.due_at)
    return delivery


def delivery_enqueue(*, delivery_id: int, at: datetime) -> None:
    task = webhook_deliver
    # The database queue waits until `at`; a backend that cannot defer (the
    # in-process one of tests and quick setups) sends at once.
    if task.get_backend().supports_defer:
        task = task.using(run_after=at)
    task.enqueue(delivery_id)


def payload_build(delivery: WebhookDelivery) -> dict:
    changes = list(delivery.changes.order_by("pk").prefetch_related("pages"))
    site = delivery.endpoint.site
    names = sorted({change.event for change in changes})
    frontend = SiteSettings.objects.filter(site=site).values_list("frontend_base_url", flat=True)
    return {
        "id": str(delivery.event_id),
        "event": names[0] if len(names) == 1 else "batch",
        "time": timezone.now(),
        "site": {
            "id": site.pk,
            "hostname": site.hostname,
            "name": site.site_name,
            "frontend_base_url": frontend.first() or "",
        },
        "scope": "site" if any(c.scope == ChangeEvent.Scope.SITE for c in changes) else "pages",
        "changes": [
            {
                "id": change.pk,
                "event": change.event,
                "time": change.created_at,
                "scope": change.scope,
                "detail": change.detail,
                "pages": [page.as_json() for page in change.pages.all()],
            }
            for change in changes
        ],
        "pages": _pages_in(changes),
    }


def _pages_in(changes: list[ChangeEvent]) -> list[dict]:
    """Every affected page once: where it is now, and where it was before the first change."""
    pages: dict[int, dict] = {}
    for change in changes:
        for row in change.pages.all():
            entry = row.as_json()
            first = pages.get(row.page_id)
            if first is not None and first["previous_path"]:
                entry["previous_path"] = first["previous_path"]
            if entry["previous_path"] == entry["path"]:
                entry["previous_path"] = None
            pages[row.page_id] = entry
    return list(pages.values())


def delivery_is_stalled(delivery: WebhookDelivery) -> bool:
    """Whether a delivery was left "sending" by a worker that died mid-POST."""
    lease = timedelta(seconds=settings.PUBLISHING_WEBHOOK_LEASE)
    return (
        delivery.status == Status.SENDING
        and delivery.last_attempt_at is not None
        and delivery.last_attempt_at < timezone.now() - lease
    )


def delivery_can_resend(delivery: WebhookDelivery) -> bool:
    return delivery.status in FINISHED or delivery_is_stalled(delivery)


def deliveries_resume() -> int:
    """Enqueues again the deliveries whose task was lost: stalled mid-POST, or
    waiting long past their time. A duplicate task finds nothing to do."""
    lease = timedelta(seconds=settings.PUBLISHING_WEBHOOK_LEASE)
    cutoff = timezone.now() - lease
    lost = WebhookDelivery.objects.filter(
        models.Q(status=Status.SENDING, last_attempt_at__lt=cutoff)
        | models.Q(status__in=WAITING, due_at__lt=cutoff)
    ).values_list("pk", flat=True)
    resumed = 0
    for delivery_id in lost[:500]:
        delivery_enqueue(delivery_id=delivery_id, at=timezone.now())
        resumed += 1
    return resumed


def delivery_attempt(*, delivery_id: int) -> str:
    """Sends a due delivery once and plans the retry; returns the resulting status."""
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or not (delivery.status in WAITING or delivery_is_stalled(delivery)):
            return "skipped"  # a duplicate task, or already finished
        if not delivery.endpoint.active:
            return _finish(delivery, Status.FAILED, error="The endpoint was switched off.")
        if not delivery.payload:
            delivery.payload = json.dumps(
                payload_build(delivery),
                cls=DjangoJSONEncoder,
                separators=(",", ":"),
                ensure_ascii=False,
            )
        delivery.status = Status.SENDING
        delivery.attempts += 1
        delivery.last_attempt_at = timezone.now()
        delivery.save()

    body = delivery.payload.encode()
    payload = json.loads(body)
    timestamp = str(int(time.time()))
    names = {change["event"] for change in payload["changes"]}
    headers = {
        "X-Webhook-Event": payload["event"],
        "X-Webhook-Events": ",".join(sorted(names)),
        "X-Webhook-Id": str(delivery.event_id),
        "X-Webhook-Delivery": str(delivery.delivery_id),
        "X-Webhook-Timestamp": timestamp,
        "X-Signature": sign(secret=delivery.endpoint.secret, timestamp=timestamp, body=body),
    }
    try:
        outcome = post(url=delivery.endpoint.url, body=body, headers=headers)
    except RefusedAddress as error:
        return _finish(delivery, Status.REFUSED, error=str(error))

    delivery.response_code = outcome.status
    delivery.duration_ms = outcome.duration_ms
    delivery.response_excerpt = outcome.excerpt
    if outcome.ok:
        return _finish(delivery, Status.SUCCEEDED, error="")
    error = outcome.error or f"HTTP {outcome.status}"
    if outcome.retryable and delivery.attempts < settings.PUBLISHING_WEBHOOK_MAX_ATTEMPTS:
        wait = timedelta(seconds=settings.PUBLISHING_WEBHOOK_BACKOFF * 2 ** (delivery.attempts - 1))
        delivery.due_at = timezone.now() + min(wait, MAX_BACKOFF)
        _finish(delivery, Status.RETRYING, error=error)
        delivery_enqueue(delivery_id=delivery.pk, at=delivery.due_at)
        return Status.RETRYING
    return _finish(delivery, Status.FAILED, error=error)


@task()
def webhook_deliver(delivery_id: int) -> str:
    return delivery_attempt(delivery_id=delivery_id)


def _finish(delivery: WebhookDelivery, status: str, *, error: str) -> str:
    delivery.status = status
    delivery.error = error[:500]
    delivery.save()
    return status


def delivery_resend(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """'Send again' from the log: a new delivery of the same changes, due now.

    It is QUEUED, not PENDING, so new changes do not join a payload that is
    already written.
    """
    if delivery_is_stalled(delivery):
        _finish(delivery, Status.FAILED, error="The worker stopped mid-send; sent again.")
    copy = WebhookDelivery.objects.create(
        endpoint=delivery.endpoint,
        status=Status.QUEUED,
        event_id=delivery.event_id,
        payload=delivery.payload,
        resent_from=delivery,
    )
    copy.changes.set(delivery.changes.all())
    delivery_enqueue(delivery_id=copy.pk, at=copy.due_at)
    return copy
