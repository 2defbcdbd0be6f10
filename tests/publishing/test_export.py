"""The export streams a whole site, or exactly what changed since a cursor."""

import json

import pytest
from django.test import TestCase, override_settings
from wagtail.models import Page

from tests.conftest import home_create
from tests.content.factories import StandardPageFactory
from tests.shared_rows import fresh, fresh_row, rolled_back

pytestmark = pytest.mark.django_db


def export(client, **params) -> tuple[list[dict], dict]:
    response = client.get("/api/v1/export/", params)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    return lines[:-1], lines[-1]


@pytest.fixture(scope="module")
def site_rows(django_db_setup, django_db_blocker):
    """The home page and seven published pages, written once for this module:
    each test's changes are rolled back to them."""
    with rolled_back(django_db_blocker):
        # As a commit would: the publishes' change events are recorded.
        with TestCase.captureOnCommitCallbacks(execute=True):
            home = home_create()
            made = pages_publish(home)
        yield {"home": home, "pages": made}


def pages_publish(home) -> dict:
    made = {
        slug: StandardPageFactory(parent=home, slug=slug, title=slug.title())
        for slug in ("about", "services", "imprint", "privacy", "team", "jobs")
    }
    made["joinery"] = StandardPageFactory(parent=made["services"], slug="joinery")
    for page in made.values():
        page.save_revision().publish()
    return made


home = fresh_row("home")


@pytest.fixture
def pages(site_rows, db):
    """As the database has them: the tests change them in memory."""
    return {slug: fresh(page) for slug, page in site_rows["pages"].items()}


@override_settings(PUBLISHING_EXPORT_CHUNK_SIZE=3)
def test_the_export_streams_every_published_page_in_the_page_detail_shape(client, home, pages):
    StandardPageFactory(parent=home, slug="draft", live=False)

    items, last = export(client)

    assert [item["path"] for item in items] == [
        "/",
        "/about/",
        "/services/",
        "/services/joinery/",
        "/imprint/",
        "/privacy/",
        "/team/",
        "/jobs/",
    ]
    for item in items:
        assert item == client.get(f"/api/v1/pages/{item['id']}/").json()
    assert last == {"cursor": last["cursor"], "pages": 8, "deleted": 0}


@override_settings(PUBLISHING_EXPORT_CHUNK_SIZE=2)
def test_an_export_since_a_cursor_returns_exactly_the_changes_and_tombstones(
    client, home, pages, django_capture_on_commit_callbacks
):
    _, first = export(client)

    with django_capture_on_commit_callbacks(execute=True):
        pages["about"].intro = "New intro"
        pages["about"].save_revision().publish()
        pages["imprint"].unpublish()
        Page.objects.get(pk=pages["privacy"].pk).delete()
        services = Page.objects.get(pk=pages["services"].pk).specific
        services.slug = "what-we-do"
        services.save_revision().publish()
        Page.objects.get(pk=pages["jobs"].pk).move(pages["team"], pos="last-child")
        new = StandardPageFactory(parent=home, slug="news")
        new.save_revision().publish()

    items, last = export(client, since=first["cursor"])

    tombstones = [item for item in items if item.get("deleted")]
    changed = [item for item in items if not item.get("deleted")]
    assert items == tombstones + changed  # every tombstone before any page
    assert sorted((t["id"], t["path"]) for t in tombstones) == sorted(
        [
            (pages["imprint"].pk, "/imprint/"),
            (pages["privacy"].pk, "/privacy/"),
            (pages["services"].pk, "/services/"),
            (pages["joinery"].pk, "/services/joinery/"),
            (pages["jobs"].pk, "/jobs/"),
        ]
    )
    assert sorted((p["id"], p["path"]) for p in changed) == sorted(
        [
            (pages["about"].pk, "/about/"),
            (pages["services"].pk, "/what-we-do/"),
            (pages["joinery"].pk, "/what-we-do/joinery/"),
            (pages["jobs"].pk, "/team/jobs/"),
            (new.pk, "/news/"),
        ]
    )
    assert next(p for p in changed if p["id"] == pages["about"].pk)["intro"] == "New intro"
    assert int(last["cursor"]) > int(first["cursor"])
    assert (last["pages"], last["deleted"]) == (5, 5)

    # Nothing changed since: nothing but the same cursor.
    assert export(client, since=last["cursor"]) == ([], {**last, "pages": 0, "deleted": 0})


def test_since_also_takes_a_time(client, pages, django_capture_on_commit_callbacks):
    from cms.publishing.models import ChangeEvent

    moment = ChangeEvent.objects.order_by("-pk").first().created_at
    with django_capture_on_commit_callbacks(execute=True):
        pages["team"].save_revision().publish()
    items, _ = export(client, since=moment.isoformat())
    assert [item["id"] for item in items] == [pages["team"].pk]


@pytest.mark.parametrize("since", ["yesterday", "2026-01-01T00:00:00", "-1"])
def test_a_since_that_is_no_cursor_or_zoned_time_gets_400(client, home, since):
    response = client.get("/api/v1/export/", {"since": since})
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "since"


def test_a_cursor_this_server_never_gave_out_asks_for_a_full_export(client, home):
    response = client.get("/api/v1/export/", {"since": "99999999"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "cursor_unknown"


@pytest.mark.parametrize(
    "since", ["0120-11-04T04:43:48-23:40", "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59"]
)
def test_any_zoned_time_is_a_valid_since(client, home, since):
    """ISO 8601 allows offsets PostgreSQL does not, and times at the ends of
    the calendar that do not fit once in UTC."""
    response = client.get("/api/v1/export/", {"since": since})
    assert response.status_code == 200
    assert b'"cursor"' in b"".join(response.streaming_content)
