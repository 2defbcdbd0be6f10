"""Each deployment value comes from the environment; the defaults need none."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from tests.api.test_caching import redis_test_url

ROOT = Path(__file__).resolve().parent.parent
SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "debug": settings.DEBUG,
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "cache": settings.CACHES["default"]["BACKEND"],
    "storage": settings.STORAGES["default"]["BACKEND"],
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "secret_key_set": bool(settings.SECRET_KEY),
    "middleware": settings.MIDDLEWARE,
}))
"""


def run_settings(module, tmp_path, code=SHOW_SETTINGS, **env):
    clean_env = {"PATH": os.environ["PATH"], "VAR_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean_env, "DJANGO_SETTINGS_MODULE": f"cms.settings.{module}"},
        capture_output=True,
        text=True,
        check=False,
    )


def settings_of(module, tmp_path, **env):
    result = run_settings(module, tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_dev_works_with_no_environment_at_all(tmp_path):
    dev = settings_of("dev", tmp_path)
    assert dev["debug"] is True
    assert dev["engine"] == "django.db.backends.sqlite3"
    assert dev["db_name"] == str(tmp_path / "db.sqlite3")
    assert dev["cache"].endswith("LocMemCache")
    assert dev["storage"].endswith("FileSystemStorage")
    assert dev["secret_key_set"]
    assert "127.0.0.1" in dev["allowed_hosts"]


def test_dev_secret_key_is_random_per_checkout_and_kept(tmp_path):
    settings_of("dev", tmp_path)
    key = (tmp_path / "dev-secret-key").read_text()
    assert len(key) >= 50
    settings_of("dev", tmp_path)
    assert (tmp_path / "dev-secret-key").read_text() == key


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_values(tmp_path, missing):
    env = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "holz.example"}
    del env[missing]
    result = run_settings("production", tmp_path, **env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_production_switches_integrations_on_from_the_environment(tmp_path):
    prod = settings_of(
        "production",
        tmp_path,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="holz.example,blumen.example",
        DATABASE_URL="postgres://cms:pw@db.internal:5432/cms",
        REDIS_URL="redis://cache.internal:6379/0",
        AWS_STORAGE_BUCKET_NAME="agency-media",
    )
    assert prod["debug"] is False
    assert prod["engine"] == "django.db.backends.postgresql"
    assert prod["db_name"] == "cms"
    assert prod["cache"] == "django_redis.cache.RedisCache"
    assert prod["storage"] == "storages.backends.s3.S3Storage"
    assert prod["allowed_hosts"] == ["holz.example", "blumen.example"]
    assert prod["middleware"][:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]


def test_redis_url_puts_the_cache_in_the_real_redis(tmp_path):
    url = redis_test_url()
    code = (
        "import django; django.setup()\n"
        "from django.core.cache import cache\n"
        "cache.set('settings-test', 'shared between app servers', 60)\n"
    )
    env = {"PATH": os.environ["PATH"], "VAR_DIR": str(tmp_path), "REDIS_URL": url}
    env |= {"DJANGO_SETTINGS_MODULE": "cms.settings.dev", "CACHE_KEY_PREFIX": "settings-test"}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    client = redis.Redis.from_url(url)
    keys = client.keys("settings-test:*")
    assert keys, "the value should be stored in Redis, not in process memory"
    client.delete(*keys)
