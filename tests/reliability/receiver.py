"""A webhook receiver as a frontend would run one: checks signatures, records what came.

It follows the README's Python example (HMAC-SHA256 over "<timestamp>.<raw
body>", a fresh timestamp). Every POST is recorded, signed or not, so the
tests can require that all were signed. `slow_next(seconds)` makes the next
request wait before answering, which keeps a delivery in flight long
enough to kill the worker sending it.
"""

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_AGE = 300


@dataclass(frozen=True)
class Received:
    event_id: str
    delivery_id: str
    signed: bool
    body: bytes
    change_ids: tuple[int, ...]


class Receiver:
    def __init__(self, secret: str):
        self.secret = secret
        self.received: list[Received] = []
        self.lock = threading.Lock()
        self._slow_seconds = 0.0
        self.slow_started = threading.Event()
        self.slowed: Received | None = None  # the request kept waiting
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                entry = receiver.record(self.headers, body)
                with receiver.lock:
                    delay, receiver._slow_seconds = receiver._slow_seconds, 0.0
                if delay:
                    receiver.slowed = entry
                    receiver.slow_started.set()
                    time.sleep(delay)
                try:
                    self.send_response(204)
                    self.end_headers()
                except OSError:  # the worker sending it was killed meanwhile
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/rebuild"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "Receiver":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def slow_next(self, seconds: float) -> None:
        with self.lock:
            self._slow_seconds = seconds
        self.slow_started.clear()

    def verified(self, headers, body: bytes) -> bool:
        timestamp = headers.get("X-Webhook-Timestamp", "")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_AGE:
            return False
        expected = (
            "sha256="
            + hmac.new(
                self.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
            ).hexdigest()
        )
        return hmac.compare_digest(expected, headers.get("X-Signature", ""))

    def record(self, headers, body: bytes) -> Received:
        signed = self.verified(headers, body)
        try:
            payload = json.loads(body)
            changes = payload["changes"]
            event_id = payload["id"]
        except (ValueError, KeyError, TypeError):
            payload, changes, event_id = {}, [], ""
        entry = Received(
            event_id=event_id,
            delivery_id=headers.get("X-Webhook-Delivery", ""),
            signed=signed and event_id == headers.get("X-Webhook-Id"),
            body=body,
            change_ids=tuple(change["id"] for change in changes),
        )
        with self.lock:
            self.received.append(entry)
        return entry

    def snapshot(self) -> list[Received]:
        with self.lock:
            return list(self.received)

    def deliveries_of(self, event_id: str) -> list[Received]:
        return [entry for entry in self.snapshot() if entry.event_id == event_id]

    def change_ids(self) -> set[int]:
        return {change for entry in self.snapshot() for change in entry.change_ids}
