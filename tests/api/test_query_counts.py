"""A page's cost in queries does not depend on how much content it holds."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    """Queries of a request that finds nothing cached."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


def test_page_detail_queries_do_not_grow_with_blocks_images_or_links(client, make_rich_page):
    small = make_rich_page(blocks=3, slug="small", images=2, links=1)
    large = make_rich_page(blocks=60, slug="large", images=12, links=20)

    small_count = queries_for(client, f"/api/v1/pages/by-path/?path=/{small.slug}/")
    large_count = queries_for(client, f"/api/v1/pages/by-path/?path=/{large.slug}/")

    # Site, the site's language home pages and languages, page, its specific
    # row, ancestors, translations, site roots (two: Wagtail reads each site's
    # root translations), frontend URLs, default languages, locales, images,
    # renditions, the linked pages' versions in the page's language, linked
    # pages, and three view-restriction checks.
    assert small_count == large_count == 19


def test_listing_queries_do_not_grow_with_page_count(client, make_rich_page, home):
    make_rich_page(blocks=3, slug="one")
    few = queries_for(client, "/api/v1/pages/?limit=3")
    for n in range(10):
        make_rich_page(blocks=3, slug=f"more-{n}", links=1, images=1)
    many = queries_for(client, "/api/v1/pages/?limit=50")
    assert few == many


def test_a_cached_page_costs_no_query(client, make_rich_page, django_assert_num_queries):
    page = make_rich_page(blocks=10, slug="cached")
    url = f"/api/v1/pages/by-path/?path=/{page.slug}/"
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
