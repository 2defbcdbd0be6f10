"""The reliability suite's services, started once per run and always stopped.

Skipped unless RELIABILITY=1 (`make test-reliability` sets it): it starts
its own PostgreSQL cluster, Redis, S3, app servers and workers, which
`make test` has no business doing.
"""

import os
import secrets
from pathlib import Path

import pytest

from tests.reliability.receiver import Receiver
from tests.reliability.services import stack_start, stack_stop
from tests.reliability.traffic import LEDGER, Editor

HERE = Path(__file__).parent
ENABLED = os.environ.get("RELIABILITY") == "1"


def pytest_collection_modifyitems(config, items):
    if ENABLED:
        return
    skip = pytest.mark.skip(reason="the reliability suite runs with RELIABILITY=1")
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if not LEDGER.statuses and not LEDGER.faults:
        return
    terminalreporter.section("reliability summary")
    terminalreporter.write_line(LEDGER.table())


@pytest.fixture(scope="session")
def receiver():
    receiver = Receiver(secret=secrets.token_urlsafe(24)).start()
    yield receiver
    receiver.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory, receiver):
    stack = stack_start(
        tmp_path_factory.mktemp("reliability"), receiver_url=receiver.url, secret=receiver.secret
    )
    try:
        yield stack
    finally:
        stack_stop(stack)


@pytest.fixture(scope="session")
def editor(stack):
    editor = Editor(
        port=stack.lb_port, username=stack.site["username"], password=stack.site["password"]
    )
    editor.login()
    return editor
