"""What the shop sells on a day, in a language: products of the site, their
variants (stock and prices of the original's, names in the language) and
seasons (kept on the original, shared by every translation)."""

from datetime import date

from django.db.models import F, OuterRef, Subquery
from wagtail.models import Locale

from .models import Product, ProductVariant, Season


def products_available(*, site, locale: Locale, day: date | None) -> list[Product]:
    """The site's products in that language, those in season on `day` if given.
    Three queries whatever the number of products; each product's `locale` is
    the one asked for, not read again."""
    products = list(Product.objects.filter(site=site, locale=locale))
    keys = [product.translation_key for product in products]
    variants: dict = {}
    # The product's key comes along as a column: a product instance per row
    # would cost more than the rest of the listing.
    # Each variant's name in the language asked for, where a translation has one.
    translated = ProductVariant.objects.filter(
        translation_key=OuterRef("translation_key"), locale=locale
    ).values("name")[:1]
    for variant in (
        ProductVariant.objects.stock_keeping()
        .filter(product__site=site, product__translation_key__in=keys)
        .annotate(product_key=F("product__translation_key"), translated_name=Subquery(translated))
        .order_by("sort_order", "pk")
    ):
        variant.name = variant.translated_name or variant.name
        variants.setdefault(variant.product_key, {})[variant.pk] = variant
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
        product.shop_variants = list(variants.get(product.translation_key, {}).values())
        product.shop_seasons = seasons.get(product.translation_key, [])
        if (
            day is None
            or not product.shop_seasons
            or any(season.covers(day) for season in product.shop_seasons)
        ):
            available.append(product)
    return available
