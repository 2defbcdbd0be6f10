"""A database that cannot be reached is a 503 the API and the admin recover from by themselves.

The outage is real: a separate process whose connection goes to a port where
nothing listens (as during a restart), then back to the test database.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

CODE = """
import json, sys
import django
django.setup()
from django.db import connection
from django.test import Client

client = Client(raise_request_exception=False)
port = connection.settings_dict["PORT"]
connection.settings_dict["PORT"] = 1
down = [client.get(url) for url in ("/api/v1/pages/?site=localhost", "/admin/login/")]
connection.close()
connection.settings_dict["PORT"] = port
back = client.get("/api/v1/pages/?site=localhost")
print(json.dumps({
    "api": [down[0].status_code, down[0]["Content-Type"], down[0].content.decode(),
            down[0].get("Retry-After")],
    "admin": [down[1].status_code, down[1].get("Retry-After")],
    "back": back.status_code,
}))
"""


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="another process cannot reach SQLite's in-memory test database",
)
def test_an_unreachable_database_gets_503_json_and_the_api_recovers_by_itself():
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    result = subprocess.run(
        [sys.executable, "-c", CODE], cwd=ROOT, env=env, capture_output=True, timeout=120
    )
    assert result.returncode == 0, result.stderr.decode()
    seen = json.loads(result.stdout.decode().strip().splitlines()[-1])

    status, content_type, body, retry_after = seen["api"]
    assert (status, content_type, retry_after) == (503, "application/json", "5")
    assert json.loads(body)["error"]["code"] == "service_unavailable"
    assert seen["admin"] == [503, "5"]
    assert seen["back"] in (200, 404), "the next request after the outage is served"
