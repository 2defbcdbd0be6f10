"""The florist demo: "Blumen Lindner" at blumen-lindner.localhost, a client
site with a seasonal shop (cms.shop), delivery zones and delivery days."""

import io
from datetime import date, time, timedelta
from decimal import Decimal

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import slugify
from wagtail.images import get_image_model

from cms.provisioning import client_site_create
from cms.shop.models import (
    DeliveryDay,
    DeliveryZone,
    Product,
    ProductVariant,
    Season,
    ShopSettings,
    VatClass,
)

from .flowers import flower_photo_jpeg

NAME = "Blumen Lindner"
HOSTNAME = "blumen-lindner.localhost"
R, S = VatClass.REDUCED, VatClass.STANDARD
VALENTINE = ("Valentinstag", date(2000, 2, 1), date(2000, 2, 14))
MOTHERS_DAY = ("Muttertag", date(2000, 4, 25), date(2000, 5, 14))
ADVENT = ("Advent", date(2000, 11, 20), date(2000, 12, 24))
SUMMER = ("Sommer", date(2000, 6, 1), date(2000, 8, 31))
SPRING = ("Frühling", date(2000, 3, 1), date(2000, 5, 31))
# name, description, palette, vase, seasons, variants (name, price, VAT class, stock)
PRODUCTS = [
    (
        "Rote Rosen",
        "Zwölf langstielige rote Rosen.",
        "red",
        False,
        [VALENTINE],
        [("12 Stiele", "39.90", R, 40), ("24 Stiele", "74.90", R, 15)],
    ),
    (
        "Herzstrauß",
        "Rosen und Nelken in Rot und Rosa.",
        "pink",
        False,
        [VALENTINE],
        [("Mittel", "34.90", R, 20), ("Groß", "49.90", R, 10)],
    ),
    (
        "Muttertagsstrauß",
        "Pfingstrosen, Ranunkeln und Schleierkraut.",
        "pink",
        False,
        [MOTHERS_DAY],
        [("Mittel", "32.90", R, 25), ("Groß", "46.90", R, 12)],
    ),
    (
        "Tulpen bunt",
        "Zwanzig Tulpen in Frühlingsfarben.",
        "yellow",
        False,
        [SPRING],
        [("20 Stiele", "24.90", R, 50)],
    ),
    (
        "Sonnenblumen",
        "Fünf Sonnenblumen mit Grün.",
        "yellow",
        False,
        [SUMMER],
        [("5 Stiele", "19.90", R, 30)],
    ),
    (
        "Adventskranz",
        "Tanne, Zapfen und vier Kerzen.",
        "green",
        False,
        [ADVENT],
        [("Ø 30 cm", "44.90", R, 15), ("Ø 40 cm", "59.90", R, 8)],
    ),
    (
        "Amaryllis",
        "Drei Amaryllis in Weiß.",
        "white",
        False,
        [ADVENT],
        [("3 Stiele", "27.90", R, 20)],
    ),
    (
        "Lavendel im Topf",
        "Duftender Lavendel, winterhart.",
        "purple",
        False,
        [SUMMER],
        [("Topf 14 cm", "12.90", R, 30)],
    ),
    (
        "Saisonstrauß",
        "Was der Markt heute bietet, vom Floristen gebunden.",
        "orange",
        False,
        [],
        [("Klein", "24.90", R, 30), ("Mittel", "34.90", R, 30), ("Groß", "49.90", R, 15)],
    ),
    (
        "Orchidee",
        "Phalaenopsis mit zwei Rispen, im Übertopf.",
        "purple",
        False,
        [],
        [("Weiß", "29.90", R, 12), ("Pink", "29.90", R, 12)],
    ),
    (
        "Glasvase",
        "Mundgeblasen, passend zu jedem Strauß.",
        "white",
        True,
        [],
        [("Hoch", "24.00", S, 10), ("Bauchig", "29.00", S, 8)],
    ),
    ("Keramikvase", "Handgetöpfert in Kiel.", "orange", True, [], [("Klein", "19.00", S, 6)]),
    (
        "Grußkarte",
        "Mit Ihrem Text, handgeschrieben.",
        "green",
        True,
        [],
        [("Karte", "3.50", S, 200)],
    ),
]


def florist_demo_load(*, progress=lambda message: None, today: date | None = None) -> bool:
    """Creates the florist's site and shop unless they exist; True when it made them."""
    client = client_site_create(name=NAME, hostname=HOSTNAME)
    site = client.site
    if Product.objects.filter(site=site).exists():
        return False
    with transaction.atomic():
        ShopSettings.objects.update_or_create(
            site=site,
            defaults={
                "time_zone": "Europe/Berlin",
                "same_day_cutoff": time(12, 0),
                "pickup": True,
                "pay_on_pickup": True,
                "invoice": True,
                "legal_name": "Blumen Lindner e. K.",
                "address": "Holtenauer Straße 12\n24105 Kiel",
                "vat_id": "DE298765432",
                "email": "bestellung@blumen-lindner.localhost",
            },
        )
        for order, (name, description, palette, vase, seasons, variants) in enumerate(PRODUCTS):
            product = Product.objects.create(
                site=site,
                name=name,
                description=description,
                sort_order=order,
                image=_image(client.collection, name, palette, vase),
            )
            for variant_name, price, vat_class, stock in variants:
                ProductVariant.objects.create(
                    product=product,
                    name=variant_name,
                    price=Decimal(price),
                    vat_class=vat_class,
                    stock=stock,
                    perishable=vat_class == R,
                )
            for season_name, start, end in seasons:
                Season.objects.create(
                    product=product, name=season_name, yearly=True, start=start, end=end
                )
            progress(f"  product {name}")
        DeliveryZone.objects.create(
            site=site,
            name="Kiel",
            postcode_prefixes="241",
            price=Decimal("5.90"),
            free_from=Decimal("60.00"),
            minimum_order=Decimal("20.00"),
        )
        DeliveryZone.objects.create(
            site=site,
            name="Umland",
            postcode_from="24200",
            postcode_to="24259",
            price=Decimal("9.90"),
            free_from=Decimal("100.00"),
            minimum_order=Decimal("35.00"),
        )
        start = today or date.today()
        for offset in range(28):
            day = start + timedelta(days=offset)
            if day.weekday() != 6:  # closed on Sundays: no delivery days
                DeliveryDay.objects.create(
                    site=site, date=day, capacity=12 if day.weekday() == 5 else 8
                )
    return True


def _image(collection, name: str, palette: str, vase: bool):
    data = flower_photo_jpeg(name=name, palette=palette, vase=vase)
    buffer = io.BytesIO(data)
    buffer.name = f"{slugify(name)}.jpg"
    image = get_image_model()(
        title=name,
        alt_text=f"{name} von {NAME}",
        credit=NAME,
        collection=collection,
        file=ImageFile(buffer),
    )
    image.save()
    return image
