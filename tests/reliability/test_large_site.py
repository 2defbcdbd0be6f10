"""A site of 10,000 pages through the listing, the sitemap and the export.

The export promises flat memory however large the site (it reads pages in
chunks): its peak while streaming 10,000 pages stays near its peak for 1,000.
"""

import json
import time
import tracemalloc

import pytest
from wagtail.models import Page

from tests.content.factories import StandardPageFactory

from .bulk import standard_pages_bulk_create

pytestmark = pytest.mark.django_db

SMALL, LARGE = 1_000, 10_000


def export_peak(client) -> tuple[int, int, float]:
    """(pages streamed, peak bytes allocated while streaming, seconds)."""
    started = time.perf_counter()
    tracemalloc.start()
    try:
        response = client.get("/api/v1/export/?site=localhost")
        assert response.status_code == 200
        pages = 0
        last = None
        for chunk in response.streaming_content:
            for line in chunk.decode().splitlines():
                last = json.loads(line)
                pages += "type" in last
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert last["pages"] == pages
    return pages, peak, time.perf_counter() - started


def test_a_site_of_ten_thousand_pages_lists_maps_and_exports_in_flat_memory(client, home):
    # A section holds them, as a shop's products or a blog's posts would be.
    section = StandardPageFactory(parent=home, slug="archive")
    export_peak(client)  # imports and caches that any first request fills are not growth
    standard_pages_bulk_create(parent=section, count=SMALL)
    small_pages, small_peak, small_seconds = export_peak(client)
    assert small_pages == SMALL + 2  # the home page and the section too

    standard_pages_bulk_create(parent=section, count=LARGE - SMALL, prefix="more")
    total = Page.objects.live().descendant_of(home, inclusive=True).count()
    assert total == LARGE + 2

    listing = client.get("/api/v1/pages/?limit=100&offset=9950").json()
    assert (listing["count"], len(listing["items"])) == (total, 52)
    assert len(client.get("/api/v1/pages/").json()["items"]) == 20
    sitemap = client.get("/api/v1/sitemap/")
    assert sitemap.status_code == 200
    assert len(sitemap.json()["items"]) == total

    large_pages, large_peak, large_seconds = export_peak(client)
    assert large_pages == total
    print(
        f"\nexport peak memory: {SMALL} pages {small_peak / 1e6:.1f} MB ({small_seconds:.0f} s), "
        f"{LARGE} pages {large_peak / 1e6:.1f} MB ({large_seconds:.0f} s), "
        f"ratio {large_peak / small_peak:.2f}"
    )
    assert large_peak < 2 * small_peak
