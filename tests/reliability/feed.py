"""What frontends are told: the change log, the webhooks that reached the receiver, the export.

Each function reads the run's database or the public API and returns plain
data, so a test states its requirement in one assertion.
"""

import json
import time
from collections import defaultdict
from dataclasses import dataclass

from tests.reliability.receiver import Receiver
from tests.reliability.services import HOSTNAME, Stack
from tests.reliability.traffic import get


def latest_change_id(stack: Stack) -> int:
    return stack.sql("SELECT COALESCE(MAX(id), 0) FROM publishing_changeevent")[0][0]


def site_change_ids(stack: Stack, *, after: int) -> set[int]:
    rows = stack.sql(
        "SELECT id FROM publishing_changeevent WHERE site_id = %s AND id > %s",
        stack.site["site_id"],
        after,
    )
    return {row[0] for row in rows}


def publish_changes_of(stack: Stack, *, page_id: int, after: int) -> list[int]:
    """Change ids that say `page.published` for the page, oldest first."""
    rows = stack.sql(
        "SELECT e.id FROM publishing_changeevent e JOIN publishing_changedpage p "
        "ON p.change_id = e.id WHERE p.page_id = %s AND e.id > %s "
        "AND e.event = 'page.published' ORDER BY e.id",
        page_id,
        after,
    )
    return [row[0] for row in rows]


@dataclass
class WebhookAccount:
    expected: set[int]  # change ids in the log that the receiver must get
    received: set[int]
    unsigned: int
    duplicated: dict[int, set[str]]  # a change carried by more than one event id
    inconsistent: set[str]  # an event id whose repeats carried different bodies
    unknown: set[int]  # change ids the log does not have (or another site's)

    @property
    def missing(self) -> set[int]:
        return self.expected - self.received


def webhooks_settle(
    stack: Stack, receiver: Receiver, *, after: int, timeout: float = 60
) -> WebhookAccount:
    """Waits (bounded) until every change of the site after `after` reached the receiver."""
    deadline = time.monotonic() + timeout
    while True:
        expected = site_change_ids(stack, after=after)
        if expected <= receiver.change_ids() or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    entries = receiver.snapshot()
    events_of: dict[int, set[str]] = defaultdict(set)
    bodies: dict[str, set[bytes]] = defaultdict(set)
    for entry in entries:
        bodies[entry.event_id].add(entry.body)
        for change in entry.change_ids:
            events_of[change].add(entry.event_id)
    known = site_change_ids(stack, after=0)
    return WebhookAccount(
        expected=expected,
        received={change for change in events_of if change > after},
        unsigned=sum(not entry.signed for entry in entries),
        duplicated={change: ids for change, ids in events_of.items() if len(ids) > 1},
        inconsistent={event for event, seen in bodies.items() if len(seen) > 1},
        unknown=set(events_of) - known,
    )


@dataclass
class Export:
    status: int
    pages: list[dict]
    tombstones: list[dict]
    cursor: int


def export_since(stack: Stack, cursor: int) -> Export:
    reply = get(stack.lb_port, f"/api/v1/export/?site={HOSTNAME}&since={cursor}")
    if reply.status != 200:
        return Export(reply.status, [], [], cursor)
    lines = [json.loads(line) for line in reply.body.decode().splitlines() if line]
    return Export(
        status=200,
        pages=[line for line in lines if "type" in line],
        tombstones=[line for line in lines if line.get("deleted")],
        cursor=int(lines[-1]["cursor"]),
    )
