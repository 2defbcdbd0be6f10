"""What the container runs, run here: gunicorn with the image's configuration,
the HEALTHCHECK probe, and the worker's readiness command."""

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.media_pipeline.test_s3 import free_port
from tests.subprocesses import child_env

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SECRET = "preview-token-in-the-query-3f9a"
REQUEST_ID = "0d1f6a3c9b8e4d2fa7c65b4e3d2c1b0a"


def probe(port: int) -> int:
    env = child_env(PORT=str(port))
    return subprocess.run(
        [sys.executable, "-m", "cms.operations.probe"], cwd=ROOT, env=env, check=False
    ).returncode


@pytest.fixture
def web(tmp_path):
    """The image's web command on 127.0.0.1 with one worker, its stdout kept."""
    port = free_port()
    env = child_env(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="container-test-" + "c" * 50,
        ALLOWED_HOSTS="holz.example",
        WAGTAILADMIN_BASE_URL="https://cms.agency.example",
        VAR_DIR=str(tmp_path),
        WEB_CONCURRENCY="1",
        PORT=str(port),
        STATIC_ROOT=str(tmp_path),
    )
    log = tmp_path / "stdout.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                *("--config", "python:cms.operations.gunicorn"),
                *("--bind", f"127.0.0.1:{port}", "cms.wsgi:application"),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
        )
    for _ in range(100):
        if probe(port) == 0:
            break
        time.sleep(0.2)
    yield port, log
    server.terminate()
    server.wait(timeout=30)


def test_the_web_process_answers_the_healthcheck_and_logs_json_without_query_strings(web):
    port, log = web
    assert probe(port) == 0
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz?token={SECRET}",
        headers={"X-Request-ID": REQUEST_ID, "Host": "10.0.3.7"},
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310 - our own server
        assert json.load(response) == {"status": "ok"}
        assert response.headers["X-Request-ID"] == REQUEST_ID
    for _ in range(50):
        if REQUEST_ID in log.read_text():
            break
        time.sleep(0.1)
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert any(
        "GET /healthz 200" in line["message"] and REQUEST_ID in line["message"] for line in access
    )
    assert any(line["logger"] == "gunicorn.error" for line in lines)
    assert SECRET not in log.read_text()


def test_the_probe_fails_when_nothing_answers():
    assert probe(free_port()) == 1


@pytest.mark.django_db
def test_the_readiness_command_fails_naming_what_is_down(settings, capsys):
    call_command("readiness")
    assert json.loads(capsys.readouterr().out)["database"] == "ok"
    settings.CACHES = {
        alias: {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
        for alias in ("default", "api")
    }
    with pytest.raises(CommandError, match=r"Not ready: cache\.api, cache\.default"):
        call_command("readiness")
