"""Production's log lines: JSON on stdout, a request id on each line of a
request, and no password, token, secret or session id, whatever the request
carried and whichever logger wrote it."""

import io
import json
import logging
import logging.config

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from wagtail.models import Site

from cms.content.preview import preview_token_create
from tests.content.factories import StandardPageFactory
from tests.test_settings import run_settings

pytestmark = pytest.mark.django_db

RIGHT_PASSWORD = "Right-horse-battery-staple-4711"
WRONG_PASSWORD = "Wrong-horse-battery-staple-0815"
WEBHOOK_SECRET = "whsec-0a9b8c7d6e5f4a3b2c1d"
BEARER = "bearer-credential-5f4dcc3b5aa765d61d83"
API_KEY = "apikey-e99a18c428cb38d5f260"
REQUEST_ID = "4f0b9a2e-2d1c-4e5f-9a8b-7c6d5e4f3a2b"


@pytest.fixture
def production_logging(settings, tmp_path):
    """What production writes to stdout: its logging configuration (read in a
    process of its own, as production would) with the handler's stream kept
    here. The test's own configuration comes back afterwards."""
    code = "from django.conf import settings; import json; print(json.dumps(settings.LOGGING))"
    env = {
        "SECRET_KEY": "log-test-" + "s" * 50,
        "ALLOWED_HOSTS": "holz.example",
        "WAGTAILADMIN_BASE_URL": "https://cms.agency.example",
        "LOG_LEVEL": "INFO",
    }
    result = run_settings("production", tmp_path, code=code, **env)
    assert result.returncode == 0, result.stderr
    logging.config.dictConfig(json.loads(result.stdout))
    (handler,) = (h for h in logging.getLogger().handlers if h.get_name() == "console")
    stdout = io.StringIO()
    handler.setStream(stdout)
    yield stdout
    logging.config.dictConfig(settings.LOGGING)


@override_settings(ROOT_URLCONF="tests.operations.urls")
def test_no_secret_reaches_a_log_line(home, production_logging):
    about = StandardPageFactory(parent=home, slug="about", title="About")
    draft = about.save_revision()
    preview_token = preview_token_create(
        page=about, revision_id=draft.pk, site=Site.objects.get(is_default_site=True)
    )
    get_user_model().objects.create_superuser("anna", "anna@holz.example", RIGHT_PASSWORD)
    client = Client(raise_request_exception=False)

    wrong = client.post("/admin/login/", {"username": "anna", "password": WRONG_PASSWORD})
    assert wrong.status_code == 200
    right = client.post("/admin/login/", {"username": "anna", "password": RIGHT_PASSWORD})
    assert right.status_code == 302
    session_id = client.cookies["sessionid"].value
    client.cookies["csrftoken"] = csrf_token = "csrf-9f86d081884c7d659a2f"
    carried = {
        "HTTP_AUTHORIZATION": f"Bearer {BEARER}",
        "HTTP_X_API_KEY": API_KEY,
        "HTTP_X_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "HTTP_X_REQUEST_ID": REQUEST_ID,
    }
    secrets = [RIGHT_PASSWORD, WRONG_PASSWORD, WEBHOOK_SECRET, BEARER, API_KEY]
    secrets += [preview_token, session_id, csrf_token]

    # The delivery API's 4xx (django.request warnings) with the token in the query.
    unknown_site = client.get(
        "/api/v1/preview/", {"site": "nowhere.example", "token": preview_token}, **carried
    )
    assert unknown_site.status_code >= 400
    expired = client.get("/api/v1/preview/", {"token": preview_token + "x"}, **carried)
    assert expired.status_code == 401
    # Unexpected errors in the delivery API and the admin side: JSON and HTML
    # 500s whose exception text holds whatever the request brought.
    failing = f"?token={preview_token}&password={WRONG_PASSWORD}&secret={WEBHOOK_SECRET}"
    body = json.dumps({"password": RIGHT_PASSWORD, "secret": WEBHOOK_SECRET})
    api_failure = client.post(
        "/api/v1/failing/" + failing, body, content_type="application/json", **carried
    )
    assert api_failure.status_code == 500
    assert api_failure.json()["error"]["code"] == "internal_error"
    form = {"password": RIGHT_PASSWORD, "api_key": API_KEY, "webhook_secret": WEBHOOK_SECRET}
    assert client.post("/failing/" + failing, form, **carried).status_code == 500
    # A 404 for a URL carrying the secrets, and our own code logging a dict.
    assert client.get("/no-such-page/" + failing, **carried).status_code == 404
    logging.getLogger("cms.publishing").warning(
        "Endpoint %s refused", {"url": "https://build.example/hook", "secret": WEBHOOK_SECRET}
    )

    output = production_logging.getvalue()
    lines = [json.loads(line) for line in output.splitlines()]
    request_lines = [line for line in lines if line["logger"] == "django.request"]
    assert len(request_lines) >= 5, lines
    assert all(line["request_id"] == REQUEST_ID for line in request_lines)
    assert any("Traceback" in line.get("exc_info", "") for line in request_lines)
    assert any(line["logger"] == "cms.publishing" for line in lines)
    for secret in secrets:
        assert secret not in output, secret


def test_a_request_gets_an_id_or_keeps_a_sane_one_from_the_load_balancer(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID=REQUEST_ID)["X-Request-ID"] == REQUEST_ID
    generated = client.get("/healthz")["X-Request-ID"]
    assert len(generated) >= 32
    assert client.get("/healthz")["X-Request-ID"] != generated
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x"}\n{"level": "ERROR"')["X-Request-ID"]
    assert "ERROR" not in forged


def test_redaction_reads_a_name_or_url_only_from_where_its_run_of_characters_starts():
    """What keeps redaction linear: tried from every position inside a long run
    of name characters (a 10 KB hostile Host header), the patterns made it
    quadratic, 27 s of CPU for one request."""
    from cms.operations.logs import SENSITIVE_PAIR, URL_CREDENTIALS, redact_text

    name_run = "a" * 50 + "token=abc"
    assert SENSITIVE_PAIR.search(name_run, 1) is None
    assert redact_text(name_run).endswith("token=[redacted]")
    url_run = "a" * 50 + "postgres://cms:pw@db/cms"
    assert URL_CREDENTIALS.search(url_run, 1) is None
    assert redact_text("see postgres://cms:pw@db/cms") == "see postgres://cms:[redacted]@db/cms"
