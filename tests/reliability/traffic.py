"""Readers, an editor publishing through the admin, and the ledger the summary prints.

Every request is bounded by a timeout and every loop by a deadline. Reads
and publishes record their start and end on the monotonic clock, which is
what the staleness check compares: a read that started after a publish
returned must show that version or a newer one.
"""

import http.client
import itertools
import json
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import requests
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

READ_TIMEOUT = 30
VERSION = re.compile(r"^v(\d+)$")


@dataclass
class Ledger:
    """What the suite did, for the summary table at the end of the run."""

    statuses: Counter = field(default_factory=Counter)
    faults: list[str] = field(default_factory=list)
    checked: int = 0
    lost: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def request(self, status: int | str) -> None:
        with self.lock:
            self.statuses[status] += 1

    def fault(self, name: str) -> None:
        self.faults.append(name)

    def items(self, *, checked: int, lost: int) -> None:
        self.checked += checked
        self.lost += lost

    def table(self) -> str:
        rows = [("requests made", sum(self.statuses.values()))]
        rows += [(f"  status {status}", n) for status, n in sorted(self.statuses.items(), key=str)]
        rows += [("faults injected", len(self.faults))]
        rows += [(f"  {name}", 1) for name in self.faults]
        rows += [("items checked for loss", self.checked), ("items lost", self.lost)]
        width = max(len(label) for label, _ in rows) + 2
        return "\n".join(f"{label:<{width}}{value:>8}" for label, value in rows)


LEDGER = Ledger()


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    retry_after: str | None
    body: bytes


def get(port: int, path: str, *, timeout: float = READ_TIMEOUT) -> Reply:
    """One GET on a new connection (so the balancer spreads them), recorded in the ledger."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        reply = Reply(
            response.status,
            response.getheader("Content-Type", ""),
            response.getheader("Retry-After"),
            response.read(),
        )
    except (OSError, http.client.HTTPException) as error:
        LEDGER.request(f"error {type(error).__name__}")
        raise
    finally:
        connection.close()
    LEDGER.request(reply.status)
    return reply


def api_error_is_acceptable(reply: Reply) -> bool:
    """A 503 while the database is away is allowed, as JSON with Retry-After; no other 5xx."""
    if reply.status < 500:
        return True
    return (
        reply.status == 503
        and reply.content_type.startswith("application/json")
        and reply.retry_after is not None
        and "error" in json.loads(reply.body)
    )


@dataclass(frozen=True)
class Read:
    started: float
    ended: float
    port: int
    path: str
    status: int | str
    version: int | None
    acceptable: bool


@dataclass(frozen=True)
class Publish:
    version: int
    started: float
    ended: float
    status: int | str

    @property
    def ok(self) -> bool:
        return self.status == 302

    @property
    def title(self) -> str:
        return f"v{self.version}"


class Readers:
    """Threads reading one page's detail, by-path and a listing until a deadline."""

    def __init__(self, *, ports: list[int], site: dict, hostname: str, threads: int):
        page, home = site["page_id"], site["home_id"]
        self.paths = [
            f"/api/v1/pages/{page}/?site={hostname}",
            f"/api/v1/pages/by-path/?site={hostname}&path=/subject/",
            f"/api/v1/pages/?site={hostname}&child_of={home}&order=path",
        ]
        self.page_id = page
        self.ports = ports
        self.reads: list[Read] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self._loop, args=(n,), daemon=True) for n in range(threads)
        ]

    def _version(self, data) -> int | None:
        if "items" in data:
            data = next((item for item in data["items"] if item["id"] == self.page_id), {})
        match = VERSION.match(data.get("title", ""))
        return int(match[1]) if match else None

    def _loop(self, n: int) -> None:
        for i in itertools.count(n):
            if self.stopping.is_set():
                return
            port = self.ports[i % len(self.ports)]
            path = self.paths[i % len(self.paths)]
            started = time.monotonic()
            try:
                reply = get(port, path)
                status, acceptable = reply.status, api_error_is_acceptable(reply)
                version = self._version(json.loads(reply.body)) if reply.status == 200 else None
            except (OSError, http.client.HTTPException) as error:
                status, acceptable, version = type(error).__name__, False, None
            with self.lock:
                self.reads.append(
                    Read(started, time.monotonic(), port, path, status, version, acceptable)
                )

    def start(self) -> "Readers":
        for thread in self.threads:
            thread.start()
        return self

    def stop(self) -> list[Read]:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=READ_TIMEOUT + 5)
        with self.lock:
            return list(self.reads)


class Editor:
    """A superuser in the admin over HTTP, through the load balancer."""

    def __init__(self, *, port: int, username: str, password: str):
        self.base = f"http://127.0.0.1:{port}"
        self.session = requests.Session()
        # A new connection per request, so the balancer alternates app servers.
        self.session.headers["Connection"] = "close"
        self.username, self.password = username, password
        self.version = 0
        self.lock = threading.Lock()
        self._edit_forms: dict[int, dict] = {}

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        # Production marks the session and CSRF cookies Secure, which requests then
        # keeps to itself over plain HTTP; the suite talks HTTP on 127.0.0.1 as a
        # TLS-terminating proxy would, so it sends them by hand.
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.session.cookies)
        headers = {"Cookie": cookies}
        if method == "POST":
            headers["X-CSRFToken"] = self.session.cookies.get("csrftoken", "")
        try:
            response = self.session.request(
                method,
                self.base + path,
                allow_redirects=False,
                timeout=60,
                headers=headers,
                **kwargs,
            )
        except requests.RequestException as error:
            LEDGER.request(f"error {type(error).__name__}")
            raise
        LEDGER.request(response.status_code)
        return response

    def form(self, path: str, form_id: str) -> list[tuple[str, str]]:
        response = self.request("GET", path)
        response.raise_for_status()
        data = querydict_from_html(response.text, form_id=form_id)
        return [(key, value) for key in data for value in data.getlist(key)]

    def login(self) -> None:
        data = dict(self.form("/admin/login/", None))
        data.update(username=self.username, password=self.password)
        response = self.request("POST", "/admin/login/", data=data)
        assert response.status_code == 302, "the superuser could not log in"

    def next_version(self) -> int:
        with self.lock:
            self.version += 1
            return self.version

    def publish(self, page_id: int) -> Publish:
        """Publishes the page with the next title v<n> via the edit form's publish action."""
        version = self.next_version()
        fields = {
            "title": f"v{version}",
            "slug": "subject",
            "intro": f"Version {version}.",
            "body": streamfield([("paragraph", rich_text(f"<p>Version {version}.</p>"))]),
        }
        data = {
            **self._edit_base(page_id),
            **nested_form_data(fields),
            "action-publish": "action-publish",
        }
        started = time.monotonic()
        try:
            status = self.request("POST", f"/admin/pages/{page_id}/edit/", data=data).status_code
        except requests.RequestException as error:
            status = type(error).__name__
        return Publish(version, started, time.monotonic(), status)

    def _edit_base(self, page_id: int) -> dict:
        """The edit form's hidden and plain fields, read once: they do not change between
        publishes. StreamField inputs are drawn by JavaScript, so the body is built here."""
        if page_id not in self._edit_forms:
            pairs = self.form(f"/admin/pages/{page_id}/edit/", "page-edit-form")
            self._edit_forms[page_id] = {k: v for k, v in pairs if not k.startswith("body")}
        return self._edit_forms[page_id]


class Publisher:
    """Publishes one page every `period` seconds (or as fast as it can) until stopped."""

    def __init__(self, editor: Editor, page_id: int, *, period: float):
        self.editor, self.page_id, self.period = editor, page_id, period
        self.publishes: list[Publish] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        next_at = time.monotonic()
        while not self.stopping.is_set():
            self.publishes.append(self.editor.publish(self.page_id))
            next_at += self.period
            self.stopping.wait(max(0.0, next_at - time.monotonic()))

    def start(self) -> "Publisher":
        self.thread.start()
        return self

    def stop(self) -> list[Publish]:
        self.stopping.set()
        self.thread.join(timeout=120)
        return list(self.publishes)


@dataclass
class LoadResult:
    reads: list[Read]
    publishes: list[Publish]
    baseline: int

    @property
    def unacceptable(self) -> list[Read]:
        return [read for read in self.reads if not read.acceptable]

    @property
    def stale(self) -> list[tuple[Read, int]]:
        """Reads that show an older version than one whose publish had returned before."""
        done = sorted((p.ended, p.version) for p in self.publishes if p.ok)
        stale = []
        for read in self.reads:
            if read.version is None:
                continue
            required = max((v for ended, v in done if ended < read.started), default=0)
            if read.version < required:
                stale.append((read, required))
        return stale

    @property
    def invented(self) -> list[Read]:
        """Reads showing a version that no publish of this load had started when the read
        ended (versions up to `baseline` were published before the load began)."""
        started = {p.version: p.started for p in self.publishes}
        return [
            read
            for read in self.reads
            if read.version is not None
            and read.version > self.baseline
            and not started.get(read.version, float("inf")) < read.ended
        ]


class Load:
    """Readers and a publisher for the length of a `with` block."""

    def __init__(self, *, stack, editor: Editor, hostname: str, readers: int, period: float):
        ports = [stack.lb_port, stack.lb_port, stack.lb_port, stack.lb_port, *stack.app_ports]
        self.readers = Readers(ports=ports, site=stack.site, hostname=hostname, threads=readers)
        self.publisher = Publisher(editor, stack.site["page_id"], period=period) if period else None
        self.editor = editor
        self.result: LoadResult | None = None

    def __enter__(self) -> "Load":
        self.baseline = self.editor.version
        self.readers.start()
        if self.publisher:
            self.publisher.start()
        return self

    def __exit__(self, *exc) -> None:
        publishes = self.publisher.stop() if self.publisher else []
        self.result = LoadResult(self.readers.stop(), publishes, self.baseline)
