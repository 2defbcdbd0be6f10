"""The florist demo: a second site with a seasonal shop, ready to order from."""

import json

import pytest
from wagtail.models import Site

from cms.demo.florist import HOSTNAME
from cms.shop.models import DeliveryDay, DeliveryZone, Product, ShopSettings

pytestmark = pytest.mark.django_db


def test_the_florist_sells_a_seasonal_catalogue_with_pictures(demo, client):
    site = Site.objects.get(hostname=HOSTNAME)
    assert site.site_name == "Blumen Lindner"
    products = Product.objects.filter(site=site)
    assert products.count() >= 12
    assert not products.filter(image=None).exists()
    assert products.filter(seasons__yearly=True).distinct().count() >= 6
    assert DeliveryZone.objects.filter(site=site).count() == 2
    assert DeliveryDay.objects.filter(site=site).count() >= 20
    shop = ShopSettings.objects.get(site=site)
    assert shop.pickup and shop.pay_on_pickup
    listing = client.get(f"/api/v1/shop/products/?site={HOSTNAME}").json()["items"]
    assert listing[0]["image"]["srcset"]["webp"]
    advent = client.get(f"/api/v1/shop/products/?site={HOSTNAME}&available_on=2026-12-10")
    names = {product["name"] for product in advent.json()["items"]}
    assert "Adventskranz" in names and "Sonnenblumen" not in names


def test_a_customer_can_order_from_the_demo_for_collection(demo, client):
    site = Site.objects.get(hostname=HOSTNAME)
    variant = Product.objects.get(site=site, name="Saisonstrauß").variants.first()
    day = DeliveryDay.objects.filter(site=site).order_by("date").last().date
    body = {
        "lines": [{"variant": variant.pk, "quantity": 1}],
        "delivery": {"pickup": True, "date": day.isoformat()},
        "customer": {"name": "Jana", "email": "jana@example.com"},
        "payment_method": "pay_on_pickup",
    }
    response = client.post(
        f"/api/v1/shop/orders/?site={HOSTNAME}", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
