"""The customer's link to an order: its reference, signed, so that knowing
one order's link tells nothing about another's."""

from django.core import signing

from .models import Order

SALT = "cms.shop.order"


def order_token(order: Order) -> str:
    return signing.Signer(salt=SALT).sign(order.reference)


def order_by_token(token: str) -> Order | None:
    try:
        reference = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Order.objects.filter(reference=reference).first()
