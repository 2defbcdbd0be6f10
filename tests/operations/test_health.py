"""/healthz and /readyz as a load balancer sees them: real PostgreSQL or SQLite,
a Redis that is not there, a moto S3 server that stops, a migration not applied."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from botocore.config import Config
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

from cms.operations.health import migrations_expected
from tests.api.test_caching import redis_caches, redis_test_url
from tests.media_pipeline.test_s3 import moto_bucket
from tests.subprocesses import child_env

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db
ALL_OK = {
    "database": "ok",
    "migrations": "ok",
    "cache.default": "ok",
    "cache.api": "ok",
    "storage": "ok",
    "tasks": "ok",
}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_healthz_says_the_process_is_alive_without_touching_the_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@override_settings(TASKS=DATABASE_QUEUE)
def test_readyz_checks_every_service_in_two_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": ALL_OK}


@override_settings(ALLOWED_HOSTS=["holz.example"], SECURE_SSL_REDIRECT=True)
def test_probes_answer_whatever_host_and_scheme_the_load_balancer_uses(client):
    """A probe to the container's address over plain HTTP is not a visitor:
    no 400 for its Host, no redirect to HTTPS."""
    for path in ("/healthz", "/readyz"):
        response = client.get(path, HTTP_HOST="10.0.3.7:8000")
        assert response.status_code == 200, (path, response.content)
    assert client.get("/api/v1/settings/", HTTP_HOST="10.0.3.7:8000").status_code == 400


def test_readyz_names_redis_when_it_is_down_and_recovers_when_it_is_back(client, settings):
    settings.CACHES = redis_caches("redis://127.0.0.1:1/0")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"] == {**ALL_OK, "cache.default": "unavailable", "cache.api": "unavailable"}
    assert "127.0.0.1" not in response.content.decode()

    settings.CACHES = redis_caches(redis_test_url())
    assert client.get("/readyz").status_code == 200


def test_readyz_names_a_migration_that_is_not_applied(client):
    app, name = next(key for key in migrations_expected() if key[0] == "publishing")
    MigrationRecorder(connection).record_unapplied(app, name)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {**ALL_OK, "migrations": "unapplied"}


@pytest.fixture
def moto_storage(monkeypatch):
    """Media on a moto S3 server on 127.0.0.1, which the test may stop."""
    server, endpoint, _ = moto_bucket(monkeypatch, "probe-media")
    options = {
        "bucket_name": "probe-media",
        "endpoint_url": endpoint,
        "region_name": "eu-central-1",
        "client_config": Config(connect_timeout=1, retries={"total_max_attempts": 1}),
    }
    stopped = []
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        storages._storages.clear()
        yield lambda: stopped.append(server.stop())
    storages._storages.clear()
    if not stopped:
        server.stop()


def test_readyz_names_s3_when_it_stops_answering(client, moto_storage):
    assert client.get("/readyz").json()["checks"]["storage"] == "ok"
    moto_storage()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {**ALL_OK, "storage": "unavailable"}


def test_readyz_names_the_database_when_it_is_unreachable_and_reveals_nothing(tmp_path):
    """A server of its own whose PostgreSQL port is closed; the password of
    the database URL shows up neither in the answer nor in the log."""
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "response = Client().get('/readyz', HTTP_HOST='10.0.3.7')\n"
        "print(response.status_code, response.content.decode())\n"
    )
    env = child_env(
        VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="probe-" + "k" * 60,
        ALLOWED_HOSTS="holz.example",
        WAGTAILADMIN_BASE_URL="https://cms.agency.example",
        DATABASE_URL="postgres://cms:db-password-never-shown@127.0.0.1:1/cms",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    *log_lines, answer = result.stdout.strip().splitlines()
    status, _, body = answer.partition(" ")
    assert status == "503"
    unknown = {"migrations": "unknown", "tasks": "unknown"}
    assert json.loads(body) == {
        "status": "unavailable",
        "checks": {**ALL_OK, "database": "unavailable", **unknown},
    }
    assert any("the database is unreachable" in line for line in log_lines)
    assert "db-password-never-shown" not in result.stdout + result.stderr
    assert "127.0.0.1" not in body
