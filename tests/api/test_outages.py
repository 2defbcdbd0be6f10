"""A database that cannot be reached is a 503 the API and the admin recover from by themselves."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="pointing the connection elsewhere would lose SQLite's in-memory test database",
    ),
]


def test_an_unreachable_database_gets_503_json_and_the_api_recovers_by_itself():
    # Transactional tests may have emptied the tables: any answer but a 503 is "back".
    client = Client(raise_request_exception=False)
    url = "/api/v1/pages/?site=localhost"
    caches["api"].clear()
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = 1  # nothing listens: as during a restart
    try:
        api = client.get(url)
        admin = client.get("/admin/login/")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port

    assert api.status_code == 503
    assert api.json()["error"]["code"] == "service_unavailable"
    assert api["Retry-After"] == "5"
    assert admin.status_code == 503
    assert admin["Retry-After"] == "5"
    assert client.get(url).status_code in (200, 404)
