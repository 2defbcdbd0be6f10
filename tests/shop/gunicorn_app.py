"""The application under gunicorn with several worker processes, on a copy of
the test's data: the PostgreSQL test database itself (its rows committed by a
transactional test), or on SQLite a file the in-memory test database is copied
into, since other processes cannot open the in-memory one."""

import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import requests
from django.conf import settings
from django.db import connection

from tests.subprocesses import GUNICORN_PRELOAD, child_env

from .stripe_fake import free_port

ROOT = Path(__file__).resolve().parents[2]


def database_url(tmp_path: Path) -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    copy = tmp_path / "shop.sqlite3"
    target = sqlite3.connect(copy)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{copy}"


class App:
    def __init__(self, tmp_path: Path, *, workers: int = 4):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url(tmp_path)
        env = child_env(
            DJANGO_SETTINGS_MODULE="cms.settings.dev",
            DATABASE_URL=self.database_url,
            SECRET_KEY="shop-concurrency-tests",
            VAR_DIR=str(tmp_path),
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        )
        self.log = (tmp_path / "gunicorn.log").open("w")
        argv = [sys.executable, "-m", "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        argv += ["--workers", str(workers), "--worker-class", "gthread", "--threads", "4"]
        argv += [GUNICORN_PRELOAD]
        argv += ["--timeout", "60", "--graceful-timeout", "5"]
        self.process = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                requests.get(f"{self.url}/healthz", timeout=10)
                break
            except (OSError, requests.RequestException):
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)

    def rows(self, query: str, *params) -> list[tuple]:
        """Rows as the app wrote them (on SQLite from its file, not the test's copy)."""
        if self.database_url.startswith("sqlite"):
            with sqlite3.connect(self.database_url.removeprefix("sqlite:///")) as db:
                return db.execute(query.replace("%s", "?"), params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.close()
