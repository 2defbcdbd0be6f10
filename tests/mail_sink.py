"""A mail server on 127.0.0.1 that keeps what it is sent, for tests whose e-mails
leave another process (a real db_worker), as they would for a real mail server.

It can stall on a message: take all of it and never answer, as a server does
whose answer is lost when the sender dies; the sender cannot know it was sent."""

import email
import socketserver
import threading
from collections.abc import Callable
from email.message import Message


class MailSink:
    def __init__(self, *, stall: Callable[[Message], bool] | None = None):
        self.messages: list[Message] = []
        self.stall = stall
        self.stalled = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                sink._converse(self.rfile, self.wfile)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _converse(self, rfile, wfile) -> None:
        def say(line: str) -> None:
            wfile.write(line.encode() + b"\r\n")
            wfile.flush()

        say("220 sink")
        while line := rfile.readline():
            verb = line[:4].upper()
            if verb == b"QUIT":
                say("221 bye")
                return
            if verb != b"DATA":
                say("250 ok")
                continue
            say("354 end with a dot")
            lines = []
            while (part := rfile.readline()) not in (b".\r\n", b""):
                lines.append(part[1:] if part.startswith(b"..") else part)
            message = email.message_from_bytes(b"".join(lines))
            with self._lock:
                self.messages.append(message)
                stall = self.stall is not None and not self.stalled.is_set() and self.stall(message)
                if stall:
                    self.stalled.set()
            if stall:
                self.release.wait()
                return
            say("250 kept")

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
