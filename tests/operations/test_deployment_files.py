"""compose.yaml, the balancer's configuration and the Dockerfile agree with
each other and with the code. There is no Docker engine here: these read the
files as Docker, HAProxy and the settings would."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def one_off(service: dict) -> bool:
    return service.get("restart") == "no"


def app_services(services) -> dict:
    return {name: s for name, s in services.items() if s.get("build") == "."}


def web_servers(services) -> set[str]:
    """App services running the image's default command: gunicorn."""
    return {
        name
        for name, service in app_services(services).items()
        if "command" not in service and not one_off(service)
    }


def balancer_backend_servers() -> tuple[set[str], str]:
    config = (ROOT / "deploy" / "haproxy.cfg").read_text()
    backend = re.split(r"^backend app$", config, flags=re.MULTILINE)[1].split("\nbackend ")[0]
    servers = set(re.findall(r"^\s*server\s+\S+\s+([\w-]+):8000", backend, re.MULTILINE))
    return servers, backend


def test_every_long_running_service_has_a_healthcheck(services):
    long_running = {name: s for name, s in services.items() if not one_off(s)}
    assert {"balancer", "worker", "db", "cache", "storage"} <= set(long_running)
    for name, service in long_running.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


def test_two_app_servers_run_behind_the_balancer_which_asks_readyz(services):
    web = web_servers(services)
    assert len(web) >= 2
    servers, backend = balancer_backend_servers()
    assert servers == web
    assert "http-check send meth GET uri /readyz" in backend
    assert "http-check expect status 200" in backend
    assert re.search(r"default-server\s.*\bcheck\b", backend)
    balancer_waits_for = set(services["balancer"]["depends_on"])
    assert web <= balancer_waits_for


def test_every_app_process_starts_after_migrate_has_succeeded(services):
    migrate = services["migrate"]
    assert migrate["command"][-3:] == ["manage.py", "migrate", "--no-input"]
    assert one_off(migrate)
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    apps = {name: s for name, s in app_services(services).items() if not one_off(s)}
    assert {"worker"} | web_servers(services) == set(apps)
    for name, service in apps.items():
        condition = service["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", name
    assert services["worker"]["command"] == ["python", "manage.py", "db_worker"]


def test_one_image_serves_web_worker_and_commands(services):
    images = {s["image"] for s in app_services(services).values()}
    assert images == {"${CMS_IMAGE:-cms:latest}"}


def test_secrets_come_from_the_env_file_only(services):
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    text = (ROOT / "compose.yaml").read_text()
    interpolated = set(re.findall(r"\$\{([A-Z_]+)", text))
    assert interpolated <= documented, interpolated - documented
    for name, service in services.items():
        environment = service.get("environment", {})
        for key, value in environment.items():
            if re.search(r"PASSWORD|SECRET|KEY", key) or "@" in str(value):
                assert "${" in str(value) or "$$" in str(value), (name, key)
    for service in app_services(services).values():
        assert service["env_file"] == ".env"


def test_the_dockerfile_builds_wheels_then_runs_them_as_a_user_with_a_healthcheck():
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM (\S+) AS (\w+)", dockerfile, re.MULTILINE)
    assert stages == [("python:3.11-slim", "builder"), ("python:3.11-slim", "runtime")]
    builder, runtime = dockerfile.split("AS runtime", 1)
    assert "--require-hashes" in builder and "requirements.lock" in builder
    assert "from=builder" in runtime and "--no-index" in runtime
    users = re.findall(r"^USER (\S+)", runtime, re.MULTILINE)
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert "collectstatic" in runtime
    assert "HEALTHCHECK" in runtime and "cms.operations.probe" in runtime
    assert '"python:cms.operations.gunicorn"' in runtime
    assert ".env" in (ROOT / ".dockerignore").read_text().split()


HAPROXY = shutil.which("haproxy")
OPENSSL = shutil.which("openssl")


@pytest.mark.skipif(not (HAPROXY and OPENSSL), reason="needs haproxy and openssl (apt-get)")
def test_haproxy_accepts_the_balancer_configuration(tmp_path):
    """HAProxy's own check of deploy/haproxy.cfg, with a throwaway certificate."""
    certs = tmp_path / "certs"
    certs.mkdir()
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            OPENSSL,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=cms.agency.example",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    (certs / "site.pem").write_text(cert.read_text() + key.read_text())
    config = (ROOT / "deploy" / "haproxy.cfg").read_text()
    config = config.replace("/usr/local/etc/haproxy/certs/", f"{certs}/")
    (tmp_path / "haproxy.cfg").write_text(config)
    result = subprocess.run(
        [HAPROXY, "-c", "-f", str(tmp_path / "haproxy.cfg")],
        env={"PATH": os.environ["PATH"], "MEDIA_HOST": "media.agency.example"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Configuration file is valid" in result.stdout
