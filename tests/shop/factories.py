"""A florist's shop on the default site: two products (one cut flower at 7 %,
one vase at 19 %), a delivery zone and delivery days from tomorrow on."""

from datetime import date, time, timedelta
from decimal import Decimal

from cms.shop.models import (
    DeliveryDay,
    DeliveryZone,
    Product,
    ProductVariant,
    ShopSettings,
    VatClass,
)
from cms.shop.orders import OrderRequest, order_place


def shop_create(*, site, stock: int = 20, capacity: int = 10, days: int = 7) -> dict:
    ShopSettings.objects.update_or_create(
        site=site,
        defaults={
            "time_zone": "Europe/Berlin",
            "same_day_cutoff": time(12, 0),
            "pickup": True,
            "pay_on_pickup": True,
            "invoice": True,
            "legal_name": "Blumen Test GmbH",
            "address": "Marktstraße 1\n24103 Kiel",
            "vat_id": "DE123456789",
        },
    )
    roses = Product.objects.create(site=site, name="Red roses", description="A dozen.")
    rose = ProductVariant.objects.create(
        product=roses, name="12 stems", price=Decimal("29.90"), stock=stock
    )
    vases = Product.objects.create(site=site, name="Glass vase")
    vase = ProductVariant.objects.create(
        product=vases,
        name="Tall",
        price=Decimal("19.00"),
        vat_class=VatClass.STANDARD,
        perishable=False,
        stock=stock,
    )
    zone = DeliveryZone.objects.create(
        site=site,
        name="Kiel",
        postcode_prefixes="241",
        price=Decimal("6.50"),
        free_from=Decimal("80.00"),
        minimum_order=Decimal("15.00"),
    )
    start = date.today() + timedelta(days=1)
    for n in range(days):
        DeliveryDay.objects.create(site=site, date=start + timedelta(days=n), capacity=capacity)
    return {"rose": rose, "vase": vase, "zone": zone, "day": start, "roses": roses}


# Orders paid by invoice name whom the invoice is made out to.
BILLING = {"name": "Jana Berg", "street": "Blumenweg 2", "postcode": "24105", "city": "Kiel"}


def order_body(
    *, variant, quantity=1, day, pickup=False, method="invoice", billing=None, **extra
) -> dict:
    delivery = (
        {"pickup": True, "date": day.isoformat()}
        if pickup
        else {
            "date": day.isoformat(),
            "postcode": "24103",
            "recipient": "Oma Erna",
            "street": "Holstenstraße 5",
            "city": "Kiel",
        }
    )
    if billing is None and method == "invoice":
        billing = BILLING
    return {
        "lines": [{"variant": variant.pk, "quantity": quantity}],
        "delivery": delivery,
        "customer": {"name": "Jana Berg", "email": "jana@example.com"},
        "payment_method": method,
        **({"billing": billing} if billing else {}),
        **extra,
    }


def unpaid_card_order_place(shop: dict):
    """Three roses for the shop's first delivery day, by card, left unpaid: an
    order that expires and gives its stock and place back."""
    order, _ = order_place(
        site=shop["zone"].site,
        request=OrderRequest(
            lines=[(shop["rose"].pk, 3)],
            date=shop["day"],
            postcode="24103",
            street="Holstenstraße 5",
            city="Kiel",
            customer_name="Jana",
            customer_email="jana@example.com",
            payment_method="card",
        ),
    )
    return order
