"""The reference frontend's CMS and built site, for its browser tests and its Lighthouse benchmark.

A CMS (runserver, with the demo carpentry site in a SQLite database of its own
and tasks run in-process, so that publishing sends its webhooks at once) and
the static site built from its export, served on 127.0.0.1.
"""

import gzip
import io
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Sequence
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.subprocesses import child_env

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "examples" / "astro-site"
NODE_BIN = SITE / "node_modules" / ".bin"
NODE = shutil.which("node") or "node"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, *, timeout: float, message: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.2)
    raise AssertionError(message)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own 127.0.0.1 server)
            return True
    except OSError:
        return False


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Cms:
    """`setup`: statements run once the demo is loaded, in the same process
    (each process imports Django and Wagtail again, seconds apiece)."""

    def __init__(
        self,
        directory: Path,
        port: int,
        *,
        template: str | None = None,
        renditions: bool = False,
        setup: Sequence[str] = (),
    ):
        self.url = f"http://127.0.0.1:{port}"
        self.env = child_env(
            VAR_DIR=str(directory),
            DJANGO_SETTINGS_MODULE="cms.settings.dev",
            TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
            SECRET_KEY="example-site-test-secret-key-0123456789-0123456789",
        )
        if template:  # the suite's migrated database (tests/conftest.py)
            shutil.copy(template, directory / "db.sqlite3")
        # One process for every step: each start imports Django and Wagtail
        # again, seconds apiece (more under coverage).
        steps = [
            "call_command('migrate', interactive=False, verbosity=0)",
            "call_command('load_demo')",
        ]
        if renditions:  # made up front, as on a site in use
            load_env = {}
        else:
            # Made when first asked for, as on a site with no worker running:
            # the demo loads in seconds, not a minute. The tasks that would
            # have kept the reference index up to date wait in the database.
            load_env = {"TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}
            steps.append("call_command('rebuild_references_index')")
        # The server imports Django while the demo loads; it is asked for
        # nothing before the load is done.
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/python"), "manage.py", "runserver", f"127.0.0.1:{port}",
             "--noreload"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            self.manage(
                "shell", "--no-imports", "-c",
                "\n".join(["from django.core.management import call_command", *steps, *setup]),
                **load_env,
            )  # fmt: skip
            wait_until(lambda: answers(f"{self.url}/healthz"), timeout=60, message="CMS not up")
        except BaseException:
            self.stop()
            raise

    def manage(self, *args: str, **env: str) -> str:
        return subprocess.run(
            [str(ROOT / ".venv/bin/python"), "manage.py", *args],
            cwd=ROOT, env={**self.env, **env}, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip

    def shell(self, code: str) -> str:
        return self.manage("shell", "--no-imports", "-c", code)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def project_copy(directory: Path) -> Path:
    """The site's project in `directory`, without what builds and checks leave
    in it, sharing the installed node_modules."""
    root = directory / "astro-site"
    shutil.copytree(
        SITE,
        root,
        ignore=shutil.ignore_patterns("node_modules", "dist*", ".cache", ".astro", "api.d.ts"),
    )
    (root / "node_modules").symlink_to(SITE / "node_modules")
    return root


class Site:
    """The built site in its own folder, served on 127.0.0.1 as a static host would."""

    def __init__(self, directory: Path, port: int, cms: Cms):
        self.url = f"http://127.0.0.1:{port}"
        # A copy of the project: Astro keeps build files in its folder, which
        # two builds at once (two test workers) would overwrite.
        self.root = project_copy(directory)
        self.dist = directory / "dist"
        self.content = directory / "content"
        self.env = {
            "PATH": os.environ["PATH"],
            "CMS_URL": cms.url,
            # The demo's carpentry site; the tax office and the florist are beside it.
            "CMS_SITE": "localhost",
            "SITE_URL": self.url,
            "CONTENT_DIR": str(self.content),
            "OUT_DIR": str(self.dist),
            "ASTRO_TELEMETRY_DISABLED": "1",
        }
        built = subprocess.run(
            [NODE, "scripts/build.mjs"], cwd=self.root, env=self.env, capture_output=True, text=True
        )
        if built.returncode:
            raise RuntimeError(f"The site did not build:\n{built.stderr[-3000:]}")
        handler = partial(StaticHandler, directory=str(self.dist))
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page_id(self, path: str) -> int:
        """A page's id, from the export the last build stored."""
        return json.loads((self.content / "content.json").read_text())["pages"][path]["id"]

    def html(self, path: str) -> Path:
        return self.dist / path.strip("/") / "index.html"


class StaticHandler(SimpleHTTPRequestHandler):
    """Files as a static host serves them: text gzipped for clients that accept it."""

    COMPRESSED = {"text/html", "application/xml", "text/xml", "text/plain"}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.is_file() and self.guess_type(path) in self.COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", f"{self.guess_type(path)}; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format, *args):
        pass
