"""The change log of each site and the webhooks that tell frontends about it."""

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from . import events


class ChangeEvent(models.Model):
    """One thing that changed on a site, with the pages it affects.

    The ids only grow, so an id is also the export cursor: "everything after
    change 1234". Rows for a page outlive the page, which is what lets the
    export tell a frontend about deleted pages.
    """

    class Scope(models.TextChoices):
        PAGES = "pages", "The listed pages"
        SITE = "site", "Every page of the site"

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=40, choices=events.CHOICES)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.PAGES)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The outbox: a change is written in the transaction that makes it; these
    # say when its after-commit work was done. Until then cms.publishing.outbox
    # keeps trying, so a process that dies after the commit loses nothing.
    purged_at = models.DateTimeField(null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(purged_at=None),
                name="publishing_change_unpurged",
            ),
            models.Index(
                fields=["created_at"],
                condition=models.Q(dispatched_at=None),
                name="publishing_change_undispatched",
            ),
        ]

    def __str__(self):
        return f"{self.event} #{self.pk}"


class ChangedPage(models.Model):
    """A page touched by a change, where it is now and where it was before.

    `path` is empty when the page left the site (unpublished, deleted, moved
    elsewhere); `previous_path` is set when it moved or was renamed.
    """

    change = models.ForeignKey(ChangeEvent, on_delete=models.CASCADE, related_name="pages")
    # Not a foreign key: the row must survive the page's deletion.
    page_id = models.PositiveIntegerField(db_index=True)
    page_type = models.CharField(max_length=100)
    path = models.CharField(max_length=1000, blank=True)
    previous_path = models.CharField(max_length=1000, blank=True)
    locale = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"page {self.page_id} in {self.change}"

    def as_json(self) -> dict:
        return {
            "id": self.page_id,
            "type": self.page_type,
            "path": self.path or None,
            "locale": self.locale,
            "previous_path": self.previous_path or None,
        }


def default_events() -> list[str]:
    return [event for event in events.ALL if event not in events.SHOP]


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """Where a site's frontend (or its build service) wants to hear about changes."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100, help_text="For example 'Netlify build'.")
    url = models.URLField(
        max_length=500,
        help_text="Receives a signed JSON POST. Addresses in private networks are refused.",
    )
    secret = models.CharField(
        max_length=200,
        default=new_secret,
        help_text="Shared with the receiver, which checks the X-Signature header with it.",
    )
    events = models.JSONField(default=default_events)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["site__hostname", "name"]
        verbose_name = "webhook endpoint"

    def __str__(self):
        return self.name

    def clean(self):
        from .delivery import RefusedAddress, url_check

        unknown = set(self.events or []) - set(events.ALL)
        if unknown:
            raise ValidationError({"events": f"Unknown events: {', '.join(sorted(unknown))}."})
        if self.url:
            try:
                url_check(self.url)
            except RefusedAddress as error:
                raise ValidationError({"url": str(error)}) from error


class WebhookDelivery(models.Model):
    """One POST to an endpoint, carrying every change of a debounce window.

    While PENDING it collects changes; when it is due, its payload is frozen
    and sent, retried with growing waits until it succeeds or gives up.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Collecting changes"
        QUEUED = "queued", "Waiting to be sent again"
        SENDING = "sending", "Sending"
        RETRYING = "retrying", "Waiting to retry"
        SUCCEEDED = "succeeded", "Delivered"
        FAILED = "failed", "Failed"
        REFUSED = "refused", "Refused (address not allowed)"

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    # The payload's id: the same on every retry and on "send again", so a
    # receiver can tell a repeat from a new change.
    event_id = models.UUIDField(default=uuid.uuid4, editable=False)
    # The X-Webhook-Delivery header: new for every delivery row.
    delivery_id = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    changes = models.ManyToManyField(ChangeEvent, related_name="deliveries")
    # The exact bytes sent, as text: a JSON column (jsonb) would reorder the
    # keys, and a retry must send the very body the first attempt signed.
    payload = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    due_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    resent_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["endpoint", "status"])]

    def __str__(self):
        return f"{self.endpoint} {self.created_at:%Y-%m-%d %H:%M:%S} ({self.get_status_display()})"


class SchedulerState(models.Model):
    """One row: when the recurring publish-scheduled task runs next.

    Several processes may try to start the recurring task; the one that
    finds a run already planned leaves it alone, so only one chain runs.
    """

    next_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"next scheduled-publishing run at {self.next_run_at}"
