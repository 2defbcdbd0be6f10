"""Responses are cached and revalidated, and a publish is visible at once."""

import os

import pytest
import redis
from django.test import override_settings

from tests.content.factories import StandardPageFactory
from tests.media_pipeline.factories import ImageFactory

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


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
    client, page, django_capture_on_commit_callbacks
):
    url = f"/api/v1/pages/{page.pk}/"
    etag = client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        page.intro = "Draft intro"
        page.save_revision()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


@pytest.fixture
def redis_cache():
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "api-test",
        }
    }
    with override_settings(CACHES=caches):
        yield client
    client.flushdb()


def test_with_redis_the_cache_is_shared_and_purged(
    client, page, redis_cache, django_capture_on_commit_callbacks
):
    url = "/api/v1/pages/by-path/?path=/about/"
    assert client.get(url).json()["intro"] == "Old intro"
    assert redis_cache.keys("api-test:*delivery-api:*"), "responses are stored in Redis"

    publish(page, django_capture_on_commit_callbacks, intro="New intro")
    assert client.get(url).json()["intro"] == "New intro"
