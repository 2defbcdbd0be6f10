"""The processes the reliability suite owns, each in its own process group.

Every service here is the suite's own: a PostgreSQL cluster on 5433, Redis
on 6380, moto's S3 server, two gunicorn app servers, a load balancer and two
`db_worker`s, all on 127.0.0.1. Faults are injected into these only, never
into the shared PostgreSQL (5432) or Redis (6379).
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import psycopg

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"
PG_PORT = 5433
REDIS_PORT = 6380
PG_CLUSTER = "reliability"
BUCKET = "reliability-media"
PG_ISREADY = ["/usr/bin/pg_isready", "-q", "-h", "127.0.0.1"]
HOSTNAME = "reliability.test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def eventually(check, *, timeout: float, interval: float = 0.2) -> bool:
    """Whether `check()` became true within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
    return True


def wait_until(check, *, timeout: float, interval: float = 0.2, what: str = "") -> None:
    if not eventually(check, timeout=timeout, interval=interval):
        raise TimeoutError(f"gave up after {timeout:.0f} s waiting for {what or check}")


class Process:
    """A child process in a process group of its own, logging to a file."""

    def __init__(self, name: str, argv: list[str], *, env: dict, logs: Path, port: int = 0):
        self.name, self.argv, self.env, self.port = name, argv, env, port
        self.log = logs / f"{name}.log"
        self.popen: subprocess.Popen | None = None

    def start(self, *, timeout: float = 30) -> "Process":
        with self.log.open("ab") as log:
            self.popen = subprocess.Popen(
                self.argv, env=self.env, cwd=ROOT, stdout=log, stderr=log, start_new_session=True
            )
        if self.port:
            wait_until(
                lambda: self._check_alive() and port_open(self.port),
                timeout=timeout,
                what=f"{self.name} on port {self.port}",
            )
        return self

    def _check_alive(self) -> bool:
        if self.popen.poll() is not None:
            raise RuntimeError(f"{self.name} exited with {self.popen.returncode}; see {self.log}")
        return True

    @property
    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signals the whole group (gunicorn's workers too) and reaps the leader."""
        if not self.alive:
            return
        try:
            os.killpg(self.popen.pid, sig)
        except ProcessLookupError:
            return
        try:
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=15)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)


def _run(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kwargs)


class Postgres:
    """The suite's own cluster, created on first use; a fresh database per run."""

    def __init__(self, database: str):
        self.version = sorted(os.listdir("/etc/postgresql"))[-1]
        self.database = database
        self.url = f"postgres://postgres@127.0.0.1:{PG_PORT}/{database}"

    def _ctl(self, action: str) -> None:
        _run(["pg_ctlcluster", "--skip-systemctl-redirect", self.version, PG_CLUSTER, action])

    def start(self) -> None:
        clusters = _run(["pg_lsclusters", "--no-header"]).stdout.split()
        if PG_CLUSTER not in clusters:
            port = str(PG_PORT)
            _run(["pg_createcluster", self.version, PG_CLUSTER, "-p", port, "--", "--auth=trust"])
        if not self.ready():
            self._ctl("start")
        wait_until(self.ready, timeout=30, what="PostgreSQL on 5433")
        self.psql("postgres", f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        self.psql("postgres", f'CREATE DATABASE "{self.database}"')

    def restart(self) -> None:
        self._ctl("restart")

    def ready(self) -> bool:
        return subprocess.run([*PG_ISREADY, "-p", str(PG_PORT)]).returncode == 0

    def psql(self, database: str, sql: str) -> str:
        argv = ["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-d", database]
        return _run([*argv, "-v", "ON_ERROR_STOP=1", "-Atc", sql]).stdout

    def drop(self) -> None:
        if self.ready():
            self.psql("postgres", f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


@dataclass
class Stack:
    """Every service of one run and how to reach it."""

    logs: Path
    env: dict
    postgres: Postgres
    redis: Process
    moto: Process
    s3_front: Process
    apps: list[Process]
    balancer: Process
    workers: list[Process] = field(default_factory=list)
    site: dict = field(default_factory=dict)
    worker_generation: int = 0

    @property
    def lb_port(self) -> int:
        return self.balancer.port

    @property
    def app_ports(self) -> list[int]:
        return [app.port for app in self.apps]

    def manage(self, *args: str, timeout: float = 180, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            **kwargs,
        )

    def worker_start(self) -> Process:
        """A new db_worker with a unique id, so the task rows say which one ran a task."""
        self.worker_generation += 1
        worker_id = f"reliability-{self.worker_generation}"
        argv = [PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"]
        worker = Process(worker_id, [*argv, "--worker-id", worker_id], env=self.env, logs=self.logs)
        self.workers.append(worker.start())
        return worker

    def worker_by_id(self, worker_id: str) -> Process:
        return next(worker for worker in self.workers if worker.name == worker_id)

    def s3_client(self):
        # Straight to moto, not through the front that faults switch off.
        return boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{self.moto.port}",
            region_name="eu-central-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def s3_keys(self) -> set[str]:
        pages = self.s3_client().get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}

    def sql(self, query: str, *params) -> list[tuple]:
        """Rows of a query against the run's database."""
        with psycopg.connect(self.postgres.url, autocommit=True, connect_timeout=10) as db:
            return db.execute(query, params).fetchall()

    def all_processes(self) -> list[Process]:
        return [*self.workers, self.balancer, *self.apps, self.s3_front, self.moto, self.redis]


def _gunicorn(name: str, env: dict, logs: Path) -> Process:
    port = free_port()
    argv = [str(BIN / "gunicorn"), "cms.wsgi", "--bind", f"127.0.0.1:{port}"]
    # gthread: a slow admin publish or a cold page render does not hold up
    # cached reads queued behind it on the same worker.
    argv += ["--workers", "2", "--worker-class", "gthread", "--threads", "4"]
    argv += ["--timeout", "60", "--graceful-timeout", "5", "--backlog", "512"]
    return Process(name, argv, env=env, logs=logs, port=port)


def _balancer(name: str, backends: list[int], env: dict, logs: Path, port: int = 0) -> Process:
    port = port or free_port()
    argv = [sys.executable, str(Path(__file__).with_name("balancer.py")), str(port)]
    return Process(name, argv + [str(b) for b in backends], env=env, logs=logs, port=port)


def app_environment(*, database_url: str, s3_port: int, tmp: Path) -> dict:
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith("PYTEST")},
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "reliability-suite-only-" + os.urandom(32).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
        "AWS_S3_REGION_NAME": "eu-central-1",
        "AWS_DEFAULT_REGION": "eu-central-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "PUBLISHING_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8",
        "PUBLISHING_WEBHOOK_DEBOUNCE": "1",
        "PUBLISHING_WEBHOOK_BACKOFF": "1",
        "PUBLISHING_WEBHOOK_TIMEOUT": "10",
        # Short leases, so work a killed worker held is taken up again within
        # the suite's bounded waits rather than production's minutes.
        "PUBLISHING_WEBHOOK_LEASE": "15",
        "TASKS_RUNNING_LEASE": "30",
        "IMAGES_RENDER_CLAIM_SECONDS": "20",
        "PUBLISHING_SCHEDULE_INTERVAL": "5",
        "STATIC_ROOT": str(tmp / "static"),
        "VAR_DIR": str(tmp / "var"),
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "LOG_LEVEL": "WARNING",
        # The suite measures load and faults with an editor that signs in by
        # password over plain HTTP (traffic.py); the second factor is tested in
        # tests/security and tests/e2e. Its one editor never fails a sign-in,
        # so django-axes (on, as in production) never locks it out; the limit
        # is raised anyway so that a retried login during a database fault
        # cannot end the run.
        "TWO_FACTOR_REQUIRED": "false",
        "AXES_FAILURE_LIMIT": "1000",
    }


def stack_start(tmp: Path, *, receiver_url: str, secret: str) -> Stack:
    """Starts everything, migrates, creates the site; the caller stops it with stack_stop."""
    logs = tmp / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    (tmp / "var").mkdir(exist_ok=True)
    postgres = Postgres(f"cms_reliability_{os.getpid()}")
    moto_port, s3_port = free_port(), free_port()
    env = app_environment(database_url=postgres.url, s3_port=s3_port, tmp=tmp)
    redis_argv = ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1"]
    redis_argv += ["--save", "", "--appendonly", "no"]
    moto_argv = [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(moto_port)]
    stack = Stack(
        logs=logs,
        env=env,
        postgres=postgres,
        redis=Process("redis", redis_argv, env=env, logs=logs, port=REDIS_PORT),
        moto=Process("moto", moto_argv, env=env, logs=logs, port=moto_port),
        s3_front=Process("s3-front", [], env=env, logs=logs),
        apps=[_gunicorn("app-1", env, logs), _gunicorn("app-2", env, logs)],
        balancer=Process("balancer", [], env=env, logs=logs),
    )
    try:
        if port_open(REDIS_PORT):
            raise RuntimeError(f"port {REDIS_PORT} is taken: a Redis from an earlier run?")
        postgres.start()
        stack.redis.start()
        stack.moto.start()
        stack.s3_front = _balancer("s3-front", [moto_port], env, logs, port=s3_port)
        stack.s3_front.start()
        stack.s3_client().create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
        )
        for command in (["migrate", "--no-input", "-v", "0"], ["collectstatic", "--no-input"]):
            result = stack.manage(*command)
            if result.returncode:
                raise RuntimeError(f"manage.py {command[0]} failed:\n{result.stderr[-3000:]}")
        stack.site = site_setup(stack, receiver_url=receiver_url, secret=secret)
        for app in stack.apps:
            app.start(timeout=60)
        stack.balancer = _balancer("balancer", stack.app_ports, env, logs)
        stack.balancer.start()
        for _ in range(2):
            stack.worker_start()
    except BaseException:
        stack_stop(stack)
        raise
    return stack


def site_setup(stack: Stack, *, receiver_url: str, secret: str) -> dict:
    env = {**stack.env, "RELIABILITY_RECEIVER_URL": receiver_url, "RELIABILITY_SECRET": secret}
    result = subprocess.run(
        [PYTHON, "-m", "tests.reliability.site_setup"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode:
        raise RuntimeError(f"site set-up failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def stack_stop(stack: Stack) -> None:
    """Stops every process the run started, even after a failure half-way through."""
    for process in stack.all_processes():
        if process.popen is not None:
            process.kill()
    stack.postgres.drop()
