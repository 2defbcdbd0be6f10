"""Fakes of Stripe on 127.0.0.1 only. localstripe, a stateful fake Stripe,
with fresh state, and a small receiver that keeps the webhooks it sends (with
their signatures) so that tests can deliver them to the shop as often and in
whatever order they like; and IdempotentStripe, for the idempotency keys that
localstripe ignores."""

import json
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from urllib.parse import parse_qs

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


class IdempotentStripe:
    """A fake of Stripe's PaymentIntent endpoint for what localstripe cannot do:
    localstripe ignores Idempotency-Key. Like Stripe, this one keeps the answer
    to each key and gives it again for a repeated key (refusing a repeat with
    other parameters), and it can lose its first answers: the intent is made,
    then the connection is closed without a word, as when the network drops
    between the shop and Stripe."""

    def __init__(self):
        self.intents: list[dict] = []
        self.keys: list[str] = []
        self.answers: dict[str, tuple[dict, bytes]] = {}
        self.drop = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                key = self.headers.get("Idempotency-Key", "")
                status, answer = fake.answer(self.path, key, form)
                if fake.drop:
                    fake.drop -= 1
                    self.close_connection = True
                    return
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, path: str, key: str, form: dict) -> tuple[int, bytes]:
        self.keys.append(key)
        if path != "/v1/payment_intents":
            return 404, json.dumps({"error": {"message": f"No fake for {path}"}}).encode()
        if key in self.answers:
            first, answer = self.answers[key]
            if first != form:
                error = {"type": "idempotency_error", "message": "Keys are for one request."}
                return 400, json.dumps({"error": error}).encode()
            return 200, answer
        number = len(self.intents) + 1
        intent = {
            "id": f"pi_fake{number}",
            "object": "payment_intent",
            "amount": int(form["amount"]),
            "currency": form["currency"],
            "client_secret": f"pi_fake{number}_secret_{number}",
            "status": "requires_payment_method",
        }
        self.intents.append(intent)
        answer = json.dumps(intent).encode()
        if key:
            self.answers[key] = (form, answer)
        return 200, answer

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
