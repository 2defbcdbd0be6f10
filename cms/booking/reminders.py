"""Reminders, each sent exactly once by the worker.

A Reminder row exists once per booking and kind (a unique constraint), and
the task claims it by setting `sent_at` in a committed UPDATE that only one
worker can win, before the e-mail leaves. A worker killed before the claim
leaves the task to be run again (cms.publishing.scheduling requeues it); one
killed after the claim never sends twice. A reminder that was moved is due
later: the earlier task finds it not yet due and leaves it to its own task;
a cancelled booking's reminders are deleted."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import Reminder
from .notifications import reminder_email_send


def reminder_schedule_on_commit(reminder: Reminder) -> None:
    reminder_id, due_at = reminder.pk, reminder.due_at

    def enqueue_reminder():
        backend = reminder_send.get_backend()
        # The in-process backend of tests cannot wait; the sweep sends it when due.
        runner = reminder_send.using(run_after=due_at) if backend.supports_defer else None
        if runner is not None:
            runner.enqueue(reminder_id=reminder_id)

    transaction.on_commit(enqueue_reminder, robust=True)


def reminder_claim(reminder_id: int) -> Reminder | None:
    """Marks a due, unsent reminder as sent and returns it; None for any other."""
    claimed = Reminder.objects.filter(
        pk=reminder_id, sent_at=None, due_at__lte=timezone.now()
    ).update(sent_at=timezone.now())
    if not claimed:
        return None
    return Reminder.objects.select_related(
        "booking__service", "booking__staff", "booking__site"
    ).get(pk=reminder_id)


@task()
def reminder_send(*, reminder_id: int) -> bool:
    reminder = reminder_claim(reminder_id)
    if reminder is None:
        return False
    reminder_email_send(reminder.booking)
    return True


def reminders_due_send() -> int:
    """Sends every reminder that is due and unsent (whose task was lost, or that
    a backend without deferral could not schedule); each still only once."""
    due = Reminder.objects.filter(sent_at=None, due_at__lte=timezone.now()).values_list(
        "pk", flat=True
    )
    return sum(reminder_send.call(reminder_id=pk) for pk in list(due))
