"""Product texts are translated with wagtail-localize; a translation sells the
same variants, stock and seasons as the original."""

import pytest

from cms.content.translation import object_translate
from cms.shop.models import ProductVariant

pytestmark = pytest.mark.django_db


def test_an_english_product_shows_its_translated_text_and_the_originals_variants(client, shop):
    object_translate(instance=shop["roses"].site.root_page.specific, language="en", texts={})
    english = object_translate(
        instance=shop["roses"],
        language="en",
        texts={"Red roses": "Red roses (en)", "A dozen.": "Twelve stems."},
    )
    assert not ProductVariant.objects.filter(product=english).exists()
    listing = client.get("/api/v1/shop/products/", {"locale": "en"}).json()["items"]
    roses = next(item for item in listing if item["id"] == english.pk)
    assert (roses["name"], roses["description"], roses["locale"]) == (
        "Red roses (en)",
        "Twelve stems.",
        "en",
    )
    assert [variant["id"] for variant in roses["variants"]] == [shop["rose"].pk]
    german = client.get("/api/v1/shop/products/").json()["items"]
    assert {item["name"] for item in german} == {"Red roses", "Glass vase"}
