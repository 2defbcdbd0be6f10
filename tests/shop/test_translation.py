"""Product texts and variant names are translated with wagtail-localize; a
translation sells the same variants (their ids, stock and prices) and seasons
as the original, under its own names."""

import json

import pytest

from cms.content.translation import object_translate
from cms.shop.models import ProductVariant

from .factories import order_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(shop):
    object_translate(instance=shop["roses"].site.root_page.specific, language="en", texts={})
    return object_translate(
        instance=shop["roses"],
        language="en",
        texts={"Red roses": "Red roses (en)", "A dozen.": "Twelve stems.", "12 stems": "A dozen"},
    )


def roses_in(client, english, locale=None) -> dict:
    query = {"locale": locale} if locale else {}
    listing = client.get("/api/v1/shop/products/", query).json()["items"]
    return next(item for item in listing if item["name"].startswith("Red roses"))


def test_an_english_product_shows_its_translated_text_and_the_originals_variants(
    client, shop, english
):
    roses = roses_in(client, english, "en")
    assert (roses["id"], roses["name"], roses["description"], roses["locale"]) == (
        english.pk,
        "Red roses (en)",
        "Twelve stems.",
        "en",
    )
    assert [(v["id"], v["name"], v["in_stock"]) for v in roses["variants"]] == [
        (shop["rose"].pk, "A dozen", 20)
    ]
    german = client.get("/api/v1/shop/products/").json()["items"]
    assert {item["name"] for item in german} == {"Red roses", "Glass vase"}
    assert roses_in(client, english)["variants"][0]["name"] == "12 stems"


def test_a_translations_copy_of_a_variant_is_not_sold_apart_from_the_original(
    client, shop, english
):
    (copy,) = ProductVariant.objects.filter(product=english)
    body = order_body(variant=copy, day=shop["day"])
    response = client.post(
        "/api/v1/shop/orders/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert list(response.json()["error"]["fields"]) == ["lines"]
    kept = ProductVariant.objects.stock_keeping().filter(product__site=english.site)
    assert list(kept.order_by("pk")) == [
        shop["rose"],
        shop["vase"],
    ]
