"""The reliability suite's services, started once per run and always stopped.

Skipped unless RELIABILITY=1 (`make test-reliability` sets it): it starts
its own PostgreSQL cluster, Redis, S3, app servers and workers, which
`make test` has no business doing.
"""

import os
import secrets
import shutil
from pathlib import Path

import pytest

from tests.reliability.receiver import Receiver
from tests.reliability.services import stack_start, stack_stop
from tests.reliability.traffic import LEDGER, Editor

HERE = Path(__file__).parent
RUN_DIR = HERE.parents[1] / "var" / "reliability"
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
def stack(receiver):
    # Not pytest's temporary directory: other pytest runs on the machine rotate
    # it away, and the service logs are the evidence when a check fails.
    shutil.rmtree(RUN_DIR, ignore_errors=True)
    RUN_DIR.mkdir(parents=True)
    stack = stack_start(RUN_DIR, receiver_url=receiver.url, secret=receiver.secret)
    try:
        yield stack
    finally:
        stack_stop(stack)


@pytest.fixture(autouse=True)
def services_back(request):
    """Each test starts with every service up and two live workers, whatever the test
    before it broke; a dead worker is replaced as a process supervisor would."""
    if "stack" not in request.fixturenames:
        yield
        return
    stack = request.getfixturevalue("stack")
    for service in (stack.redis, stack.s3_front):
        if not service.alive:
            service.start()
    for _ in range(2 - sum(worker.alive for worker in stack.workers)):
        stack.worker_start()
    yield


@pytest.fixture(scope="session")
def editor(stack):
    editor = Editor(
        port=stack.lb_port, username=stack.site["username"], password=stack.site["password"]
    )
    editor.login()
    return editor
