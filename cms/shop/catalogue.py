"""What the shop sells on a day, in a language: products of the site, their
variants (stock and prices of the original's, names in the language) and
seasons (kept on the original, shared by every translation)."""

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db.models import F, OuterRef, Subquery
from wagtail.models import Locale

from .models import VAT_RATES, Product, ProductVariant, Season


class VariantListed(NamedTuple):
    """A variant as the catalogue lists it, in the language asked for."""

    pk: int
    name: str
    price: Decimal
    vat_rate: Decimal
    stock: int
    perishable: bool


def products_available(*, site, locale: Locale, day: date | None) -> list[Product]:
    """The site's products in that language, those in season on `day` if given.
    Three queries whatever the number of products; each product's `locale` is
    the one asked for, not read again."""
    products = list(Product.objects.filter(site=site, locale=locale))
    keys = [product.translation_key for product in products]
    # Each variant's name in the language asked for, where a translation has one.
    translated = ProductVariant.objects.filter(
        translation_key=OuterRef("translation_key"), locale=locale
    ).values("name")[:1]
    # Read as values, with the product's key as a column: a model instance per
    # variant (and a product per row) would cost more than the rest of the listing.
    rows = (
        ProductVariant.objects.stock_keeping()
        .filter(product__site=site, product__translation_key__in=keys)
        .annotate(translated_name=Subquery(translated))
        .order_by("sort_order", "pk")
        .values_list(
            "product__translation_key",
            "pk",
            "name",
            "translated_name",
            "price",
            "vat_class",
            "stock",
            "perishable",
        )
    )
    variants: dict = {}
    for key, pk, name, translated_name, price, vat_class, stock, perishable in rows:
        variants.setdefault(key, []).append(
            VariantListed(
                pk=pk,
                name=translated_name or name,
                price=price,
                vat_rate=VAT_RATES[vat_class],
                stock=stock,
                perishable=perishable,
            )
        )
    seasons: dict = {}
    for season in (
        Season.objects.filter(product__site=site, product__translation_key__in=keys)
        .annotate(product_key=F("product__translation_key"))
        .order_by("sort_order", "pk")
    ):
        seasons.setdefault(season.product_key, []).append(season)
    available = []
    for product in products:
        product.locale = locale
        product.shop_variants = variants.get(product.translation_key, [])
        product.shop_seasons = seasons.get(product.translation_key, [])
        if (
            day is None
            or not product.shop_seasons
            or any(season.covers(day) for season in product.shop_seasons)
        ):
            available.append(product)
    return available
