"""Each deployment value comes from the environment; the defaults need none."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from tests.api.test_caching import redis_test_url
from tests.subprocesses import child_env

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
    clean_env = child_env(**{"VAR_DIR": str(tmp_path), **env})
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


@pytest.fixture(scope="module")
def dev_first_start(tmp_path_factory):
    """A new checkout's first dev start, with no environment at all: its VAR_DIR
    and settings. Shared by the tests that read it, as each start imports
    Django and Wagtail (seconds)."""
    var_dir = tmp_path_factory.mktemp("dev")
    return var_dir, settings_of("dev", var_dir)


def test_dev_works_with_no_environment_at_all(dev_first_start):
    var_dir, dev = dev_first_start
    assert dev["debug"] is True
    assert dev["engine"] == "django.db.backends.sqlite3"
    assert dev["db_name"] == str(var_dir / "db.sqlite3")
    assert dev["cache"].endswith("LocMemCache")
    assert dev["storage"].endswith("FileSystemStorage")
    assert dev["secret_key_set"]
    assert "127.0.0.1" in dev["allowed_hosts"]


def test_dev_secret_key_is_random_per_checkout_and_kept(dev_first_start):
    var_dir, _ = dev_first_start
    key = (var_dir / "dev-secret-key").read_text()
    assert len(key) >= 50
    # A second start only needs its settings: dev.py reads or makes the key there.
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    again = run_settings("dev", var_dir, code=code)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == key
    assert (var_dir / "dev-secret-key").read_text() == key


PRODUCTION_REQUIRED = {
    "SECRET_KEY": "x" * 25 + "y" * 25 + "z0123",
    "ALLOWED_HOSTS": "holz.example",
    "WAGTAILADMIN_BASE_URL": "https://cms.agency.example",
}


def env_example() -> dict[str, str]:
    """The documented environment, .env.example, as docker compose reads it."""
    lines = (ROOT / ".env.example").read_text().splitlines()
    pairs = (line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))
    return {name.strip(): value.strip() for name, value in pairs}


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "WAGTAILADMIN_BASE_URL"])
def test_production_refuses_to_start_without_required_values(tmp_path, missing):
    env = dict(PRODUCTION_REQUIRED)
    del env[missing]
    result = run_settings("production", tmp_path, **env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_production_switches_integrations_on_from_the_environment(tmp_path):
    prod = settings_of(
        "production",
        tmp_path,
        **{**PRODUCTION_REQUIRED, "ALLOWED_HOSTS": "holz.example,blumen.example"},
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
    env = child_env(VAR_DIR=str(tmp_path), REDIS_URL=url)
    env |= {"DJANGO_SETTINGS_MODULE": "cms.settings.dev", "CACHE_KEY_PREFIX": "settings-test"}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    client = redis.Redis.from_url(url)
    keys = client.keys("settings-test:*")
    assert keys, "the value should be stored in Redis, not in process memory"
    client.delete(*keys)


@pytest.mark.parametrize(
    ("secret_key", "message"),
    [
        ("change-me-to-50-random-characters", "SECRET_KEY is the placeholder from .env.example"),
        ("short-but-random-Qx81_pLm", "SECRET_KEY must be at least 50 characters"),
        ("ab" * 40, "with at least 5 different ones"),
    ],
)
def test_production_refuses_a_weak_secret_key(tmp_path, secret_key, message):
    result = run_settings(
        "production", tmp_path, **{**PRODUCTION_REQUIRED, "SECRET_KEY": secret_key}
    )
    assert result.returncode != 0
    assert message in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


@pytest.mark.parametrize("url", ["127.0.0.1:8000", "cms.agency.example", "ftp://cms.example"])
def test_production_refuses_an_admin_url_editors_cannot_follow(tmp_path, url):
    result = run_settings(
        "production", tmp_path, **{**PRODUCTION_REQUIRED, "WAGTAILADMIN_BASE_URL": url}
    )
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL must be the admin's public address" in result.stderr


def deploy_check(tmp_path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=child_env(
            **{"VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "cms.settings.production", **env}
        ),
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_deploy_check_finds_nothing_with_the_documented_environment(tmp_path):
    env = {**env_example(), "SECRET_KEY": PRODUCTION_REQUIRED["SECRET_KEY"]}
    result = deploy_check(tmp_path, **env)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "security.W" not in result.stdout + result.stderr


def test_hsts_for_subdomains_and_preload_are_a_deliberate_opt_in(tmp_path):
    code = (
        "from django.conf import settings; import json\n"
        "print(json.dumps([settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD]))"
    )
    default = run_settings("production", tmp_path, code=code, **PRODUCTION_REQUIRED)
    assert json.loads(default.stdout) == [False, False]
    opted_in = {"SECURE_HSTS_INCLUDE_SUBDOMAINS": "true", "SECURE_HSTS_PRELOAD": "true"}
    both = run_settings("production", tmp_path, code=code, **PRODUCTION_REQUIRED, **opted_in)
    assert json.loads(both.stdout) == [True, True]
    assert deploy_check(tmp_path, **PRODUCTION_REQUIRED, **opted_in).returncode == 0
    preload_alone = {**PRODUCTION_REQUIRED, "SECURE_HSTS_PRELOAD": "true"}
    refused = run_settings("production", tmp_path, code=code, **preload_alone)
    assert "SECURE_HSTS_PRELOAD needs SECURE_HSTS_INCLUDE_SUBDOMAINS" in refused.stderr


def test_the_reliability_suite_environment_satisfies_production(tmp_path):
    from tests.reliability.services import app_environment

    env = app_environment(database_url="postgres://cms@127.0.0.1:5433/cms", s3_port=9, tmp=tmp_path)
    result = run_settings("production", tmp_path, **{k: v for k, v in env.items() if k != "PATH"})
    assert result.returncode == 0, result.stderr
