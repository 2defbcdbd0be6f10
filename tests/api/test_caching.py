"""Responses are cached and revalidated, and a publish is visible at once."""

import os

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings
from wagtail.models import PageViewRestriction

from cms.api.cache import ALL_SITES_KEY, site_version_key
from tests.content.factories import StandardPageFactory
from tests.media_pipeline.factories import ImageFactory

pytestmark = pytest.mark.django_db


def redis_test_url() -> str:
    """The Redis database these tests flush: one per pytest-xdist worker (gw0 gets
    TEST_REDIS_URL's, gw1 the one below it), so that workers never flush each other's."""
    base, _, number = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15").rpartition("/")
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    return f"{base}/{int(number) - worker}"


REDIS_URL = redis_test_url()


@pytest.fixture
def page(home):
    return StandardPageFactory(parent=home, slug="about", title="About", intro="Old intro")


def publish(page, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        for name, value in changes.items():
            setattr(page, name, value)
        page.save_revision().publish()


def test_every_response_has_an_etag_and_cache_control(client, page):
    for url in ("/api/v1/pages/", f"/api/v1/pages/{page.pk}/", "/api/v1/pages/999/"):
        response = client.get(url)
        assert response["ETag"].startswith('"')
        assert response["Cache-Control"]


def test_a_matching_etag_gets_304_without_a_body(client, page):
    url = f"/api/v1/pages/{page.pk}/"
    etag = client.get(url)["ETag"]
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_publishing_shows_the_new_content_at_once(client, page, django_capture_on_commit_callbacks):
    url = "/api/v1/pages/by-path/?path=/about/"
    before = client.get(url)
    assert before.json()["intro"] == "Old intro"

    publish(page, django_capture_on_commit_callbacks, intro="New intro")

    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["intro"] == "New intro"
    assert after["ETag"] != before["ETag"]


def test_unpublishing_removes_the_page_at_once(client, page, django_capture_on_commit_callbacks):
    url = f"/api/v1/pages/{page.pk}/"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert client.get(url).status_code == 404


def test_changing_an_image_refreshes_pages_that_show_it(
    client, home, django_capture_on_commit_callbacks
):
    image = ImageFactory(alt_text="Old alt")
    page = StandardPageFactory(parent=home, slug="photo", hero_image=image)
    url = f"/api/v1/pages/{page.pk}/"
    assert client.get(url).json()["hero_image"]["alt"] == "Old alt"
    with django_capture_on_commit_callbacks(execute=True):
        image.alt_text = "New alt"
        image.save()
    assert client.get(url).json()["hero_image"]["alt"] == "New alt"


def test_moving_a_page_changes_its_path_at_once(
    client, home, page, django_capture_on_commit_callbacks
):
    services = StandardPageFactory(parent=home, slug="services")
    url = f"/api/v1/pages/{page.pk}/"
    assert client.get(url).json()["path"] == "/about/"
    with django_capture_on_commit_callbacks(execute=True):
        page.move(services, pos="last-child")
    assert client.get(url).json()["path"] == "/services/about/"


def test_a_draft_does_not_purge_or_change_anything(
    client, page, django_capture_on_commit_callbacks, django_assert_num_queries
):
    url = f"/api/v1/pages/{page.pk}/"
    etag = client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        page.intro = "Draft intro"
        page.save_revision()
    with django_assert_num_queries(0):
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_making_a_page_private_removes_it_at_once(client, page, django_capture_on_commit_callbacks):
    url = f"/api/v1/pages/{page.pk}/"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    assert client.get(url).status_code == 404
    assert page.pk not in [item["id"] for item in client.get("/api/v1/pages/").json()["items"]]


def test_absolute_urls_follow_the_host_the_request_used(client, home):
    image = ImageFactory()
    page = StandardPageFactory(parent=home, slug="photo", hero_image=image)
    url = f"/api/v1/pages/{page.pk}/"
    internal = client.get(url, HTTP_HOST="internal:8000").json()
    public = client.get(url, HTTP_HOST="api.example.com").json()
    assert internal["hero_image"]["src"].startswith("http://internal:8000/")
    assert public["hero_image"]["src"].startswith("http://api.example.com/")


def test_unknown_query_parameters_do_not_fill_the_cache(client, page, django_assert_num_queries):
    client.get(f"/api/v1/pages/{page.pk}/?utm_source=a")
    with django_assert_num_queries(0):
        assert client.get(f"/api/v1/pages/{page.pk}/?utm_source=b&x=1").status_code == 200


def test_a_lost_version_key_never_revives_old_entries(
    client, page, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    url = f"/api/v1/pages/{page.pk}/"
    client.get(url)  # makes the versions
    client.get(url)  # stores the answer
    versions = caches["api"].get_many([ALL_SITES_KEY, site_version_key("")])
    caches["api"].delete(site_version_key(""))
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    caches["api"].delete(site_version_key(""))
    caches["api"].set_many(versions)  # the old entries are still there; their versions are not
    caches["api"].delete(site_version_key(""))
    client.get(url)
    assert caches["api"].get(site_version_key("")) != versions[site_version_key("")]


@pytest.fixture
def redis_cache():
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    with override_settings(CACHES=redis_caches(REDIS_URL)):
        yield client
    client.flushdb()


def redis_caches(location: str) -> dict:
    """Both aliases on one Redis, as production has them (cms/settings/base.py)."""
    return {
        alias: {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "api-test",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": alias == "default",
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
        for alias in ("default", "api")
    }


def test_with_redis_the_cache_is_shared_and_purged(
    client, page, redis_cache, django_capture_on_commit_callbacks
):
    url = "/api/v1/pages/by-path/?path=/about/"
    assert client.get(url).json()["intro"] == "Old intro"
    assert redis_cache.keys("api-test:*delivery-api:*"), "responses are stored in Redis"

    publish(page, django_capture_on_commit_callbacks, intro="New intro")
    assert client.get(url).json()["intro"] == "New intro"
