"""Forty readers on both app servers while an editor publishes every 100 ms.

Proves across servers what one process cannot: the cache purge reaches
every app server (no read after a publish shows the old title), and the
change feed tells frontends about every publish once, signed.
"""

import time

from tests.reliability import feed
from tests.reliability.services import HOSTNAME
from tests.reliability.traffic import LEDGER, Load

READERS = 40
SECONDS = 30
PERIOD = 0.1
# Enough publishes to prove something. A busy machine publishes more slowly
# under forty readers, so the load goes on, within a bound, until there are.
PUBLISHES = 10
SECONDS_AT_MOST = 120


def test_readers_never_see_an_older_version_and_every_publish_reaches_the_feed_once(
    stack, editor, receiver
):
    page_id = stack.site["page_id"]
    cursor = feed.latest_change_id(stack)
    load = Load(stack=stack, editor=editor, hostname=HOSTNAME, readers=READERS, period=PERIOD)
    with load:
        time.sleep(SECONDS)
        deadline = time.monotonic() + SECONDS_AT_MOST - SECONDS
        while len(load.publisher.publishes) < PUBLISHES and time.monotonic() < deadline:
            time.sleep(0.5)
    result = load.result

    published = [p for p in result.publishes if p.ok]
    assert len(result.reads) >= READERS * SECONDS, "the readers hardly read anything"
    assert {r.port for r in result.reads} == {stack.lb_port, *stack.app_ports}
    assert [p for p in result.publishes if not p.ok] == [], "every publish succeeds"
    assert len(published) >= PUBLISHES, "the editor published too rarely to prove anything"
    assert [r for r in result.reads if r.status != 200] == [], "every read answers 200"
    assert result.stale == [], "a read after a publish showed an older version"
    assert result.invented == [], "a read showed a version nobody had published"

    changes = feed.publish_changes_of(stack, page_id=page_id, after=cursor)
    account = feed.webhooks_settle(stack, receiver, after=cursor)
    export = feed.export_since(stack, cursor)
    LEDGER.items(checked=len(published), lost=max(0, len(published) - len(changes)))
    LEDGER.items(checked=len(account.expected), lost=len(account.missing))

    assert len(changes) == len(published), "each publish is one page.published change"
    assert account.missing == set(), "every change reaches the receiver"
    assert account.unsigned == 0
    assert account.duplicated == {}, "a change travels under one event id only"
    assert account.inconsistent == set(), "a repeated event id carries the same body"
    assert account.unknown == set(), "the receiver got changes the log does not have"
    assert export.status == 200
    assert [p["title"] for p in export.pages if p["id"] == page_id] == [published[-1].title]
    assert export.tombstones == [], "nothing moved or left: no path may be deleted"
    assert export.cursor >= max(changes)
