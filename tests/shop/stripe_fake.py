"""localstripe, a stateful fake Stripe, on 127.0.0.1 only, with fresh state,
and a small receiver that keeps the webhooks it sends (with their signatures)
so that tests can deliver them to the shop as often and in whatever order
they like."""

import json
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import requests

from tests.subprocesses import child_env

SERVER = (
    "import sys; from aiohttp import web; import localstripe.server as s; "
    "web.run_app(s.app, host='127.0.0.1', port=int(sys.argv[1]), print=None)"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Receiver(BaseHTTPRequestHandler):
    received: list[tuple[bytes, str]]

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((body, self.headers["Stripe-Signature"]))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


class FakeStripe:
    def __init__(self, *, secret: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        # A new process each time: localstripe keeps its objects in memory and
        # only reads its state file when started by its own command.
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(self.port)], env=child_env()
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        handler = type("Handler", (Receiver,), {"received": []})
        self.received = handler.received
        self.receiver = HTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.receiver.serve_forever, daemon=True).start()
        requests.post(
            f"{self.base}/_config/webhooks/tests",
            data={"url": f"http://127.0.0.1:{self.receiver.server_port}/", "secret": secret},
            timeout=5,
        ).raise_for_status()

    def events(self, *, count: int, timeout: float = 20) -> list[tuple[bytes, str]]:
        """The webhooks sent so far, once `count` have come (localstripe sends after a second)."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return list(self.received)

    @staticmethod
    def event_type(body: bytes) -> str:
        return json.loads(body)["type"]

    def stop(self):
        self.receiver.shutdown()
        self.process.terminate()
        self.process.wait(timeout=10)
