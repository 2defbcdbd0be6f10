"""The catalogue's cost in queries does not grow with the number of products,
their variants, seasons or images."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.shop.models import Product, ProductVariant, Season
from tests.media_pipeline.factories import ImageFactory

pytestmark = pytest.mark.django_db


def products_add(*, site, count: int, images: list) -> None:
    day = date.today()
    for n in range(count):
        product = Product.objects.create(site=site, name=f"Bouquet {n}", image=images[n % 2])
        for size in ("S", "M", "L"):
            ProductVariant.objects.create(product=product, name=size, price=Decimal("9.90"))
        Season.objects.create(product=product, start=day, end=day + timedelta(days=1))


def listing_queries(client) -> int:
    for alias in caches:
        caches[alias].clear()
    url = f"/api/v1/shop/products/?available_on={date.today().isoformat()}"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured), len(response.json()["items"])


def test_the_catalogue_costs_as_many_queries_for_fifty_products_as_for_five(client, shop):
    site, images = shop["zone"].site, [ImageFactory(), ImageFactory()]
    products_add(site=site, count=3, images=images)
    few, listed = listing_queries(client)
    assert listed == 5
    products_add(site=site, count=45, images=images)
    many, listed = listing_queries(client)
    assert listed == 50
    # Sites, the language, products, variants, seasons, images with their renditions.
    assert few == many <= 8
