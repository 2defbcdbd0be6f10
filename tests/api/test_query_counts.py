"""A page's cost in queries does not depend on how much content it holds."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from cms.content.translation import object_translate
from sites.models import SiteSettings
from tests.content.factories import StandardPageFactory
from tests.media_pipeline.factories import ImageFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    """Queries of a request that finds nothing cached."""
    for alias in caches:
        caches[alias].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


def test_page_detail_queries_do_not_grow_with_blocks_images_or_links(client, make_rich_page):
    small = make_rich_page(blocks=3, slug="small", images=2, links=1)
    large = make_rich_page(blocks=60, slug="large", images=12, links=20)

    small_count = queries_for(client, f"/api/v1/pages/by-path/?path=/{small.slug}/")
    large_count = queries_for(client, f"/api/v1/pages/by-path/?path=/{large.slug}/")

    # Sites with their settings, every site's home pages, the page, its own
    # row, ancestors, translations, images with their renditions, and the
    # linked pages in the page's language: none of them per block or image.
    assert small_count == large_count <= 8


def test_page_detail_queries_do_not_grow_with_languages(client, make_rich_page, home):
    german = make_rich_page(blocks=10, slug="languages", images=3, links=3)
    alone = queries_for(client, f"/api/v1/pages/by-path/?path=/{german.slug}/")
    for page in (home, german):
        object_translate(instance=page, language="en", texts={})

    translated = queries_for(client, f"/api/v1/pages/by-path/?path=/{german.slug}/")

    assert translated == alone <= 8


def test_listing_queries_do_not_grow_with_page_count(client, make_rich_page, home):
    make_rich_page(blocks=3, slug="one")
    few = queries_for(client, "/api/v1/pages/?limit=3")
    for n in range(10):
        make_rich_page(blocks=3, slug=f"more-{n}", links=1, images=1)
    many = queries_for(client, "/api/v1/pages/?limit=50")
    assert few == many


def test_a_listing_of_a_hundred_pages_with_images_costs_at_most_six_queries(client, home):
    photos = [ImageFactory() for _ in range(5)]
    for n in range(100):
        StandardPageFactory(parent=home, slug=f"page-{n}", hero_image=photos[n % 5])

    response_queries = queries_for(client, "/api/v1/pages/?limit=100&type=content.StandardPage")

    assert response_queries <= 6


def test_a_cached_page_costs_no_query(client, make_rich_page, django_assert_num_queries):
    page = make_rich_page(blocks=10, slug="cached")
    url = f"/api/v1/pages/by-path/?path=/{page.slug}/"
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_sites_kept_in_the_cache_follow_a_change_at_once(client, make_rich_page, home):
    page = make_rich_page(blocks=3, slug="kept")
    url = f"/api/v1/pages/by-path/?path=/{page.slug}/"
    assert client.get(url).json()["url"].startswith("http://localhost")
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(), defaults={"frontend_base_url": "https://www.example.com"}
    )
    # Only the answers' own cache, which publishing purges after commit; the
    # sites kept for every request must have been forgotten by the change itself.
    caches["api"].clear()

    assert client.get(url).json()["url"] == "https://www.example.com/kept/"
