import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings
from django_tasks import default_task_backend
from wagtail.models import Site

from cms.publishing.models import WebhookEndpoint
from tests.localize.conftest import german_site_create


class Receiver:
    """A real HTTP server on 127.0.0.1 that records what it gets and answers
    with the next status from `statuses` (200 once they run out)."""

    def __init__(self):
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(f"answered {status}".encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/build"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def payloads(self) -> list[dict]:
        return [json.loads(request["body"]) for request in self.requests]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.stop()


@pytest.fixture
def site(home):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def endpoint(site, receiver):
    return WebhookEndpoint.objects.create(
        site=site, name="Frontend build", url=receiver.url, secret="s3cret-for-tests"
    )


@pytest.fixture
def german_site(home):
    """Per test here: these tests also build their own home page."""
    return german_site_create(home)


@pytest.fixture
def worker():
    """A queue that keeps tasks until the test runs them, as db_worker would once they are due."""
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):

        class Worker:
            @property
            def queued(self):
                return list(default_task_backend.results)

            def queued_webhooks(self):
                return [result for result in self.queued if result.task.name == "webhook_deliver"]

            def run_next(self):
                result = default_task_backend.results.pop(0)
                return result.task.call(*result.args, **result.kwargs)

            def run_last(self):
                result = default_task_backend.results.pop()
                return result.task.call(*result.args, **result.kwargs)

            def run_all(self) -> int:
                """Runs queued tasks, including those they enqueue, in order; returns how many."""
                ran = 0
                while default_task_backend.results:
                    self.run_next()
                    ran += 1
                return ran

        yield Worker()


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def publish(page, **changes):
        with django_capture_on_commit_callbacks(execute=True):
            for name, value in changes.items():
                setattr(page, name, value)
            page.save_revision().publish()

    return publish
