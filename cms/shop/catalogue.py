"""What the shop sells on a day, in a language: products of the site, their
variants and seasons (kept on the original, shared by every translation)."""

from datetime import date

from django.db.models import F
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
    for variant in (
        ProductVariant.objects.filter(product__site=site, product__translation_key__in=keys)
        .annotate(product_key=F("product__translation_key"))
        .order_by("sort_order", "pk")
    ):
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
