"""Money is exact: for any cart, line totals plus delivery are the total, and
for each VAT rate net plus VAT is gross, to the cent."""

import random
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cms.shop.pricing import CENT, Line, cents, delivery_price, totals

RATES = [Decimal("0.07"), Decimal("0.19")]
prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=2)
lines = st.builds(
    Line, unit_price=prices, quantity=st.integers(1, 50), vat_rate=st.sampled_from(RATES)
)
carts = st.lists(lines, min_size=1, max_size=12)


class Zone:
    def __init__(self, price, free_from):
        self.price = price
        self.free_from = free_from


zones = st.builds(
    Zone,
    price=st.decimals(min_value=Decimal("0.00"), max_value=Decimal("40.00"), places=2),
    free_from=st.none() | st.decimals(min_value=Decimal("0"), max_value=Decimal("200"), places=2),
)


# Hypothesis finds the edges (one cent, 999.99, 50 of a kind) and shrinks a
# failure to its smallest cart, at several milliseconds an example; the 10,000
# carts the issue asks for come from a seeded generator, a thousand times cheaper.
@settings(max_examples=1_000, deadline=None)
@given(cart=carts, zone=st.none() | zones)
def test_totals_add_up_to_the_cent_for_any_cart(cart, zone):
    assert_adds_up(cart, zone)


def test_ten_thousand_random_carts_add_up_to_the_cent():
    draw = random.Random(2026)  # noqa: S311 (repeatable test data, not a secret)
    for _ in range(10_000):
        cart = [
            Line(
                unit_price=Decimal(draw.randint(1, 99_999)) / 100,
                quantity=draw.randint(1, 50),
                vat_rate=draw.choice(RATES),
            )
            for _ in range(draw.randint(1, 12))
        ]
        zone = draw.choice(
            [
                None,
                Zone(Decimal(draw.randint(0, 4_000)) / 100, None),
                Zone(Decimal(draw.randint(0, 4_000)) / 100, Decimal(draw.randint(0, 20_000)) / 100),
            ]
        )
        assert_adds_up(cart, zone)


def assert_adds_up(cart, zone):
    subtotal = sum((line.unit_price * line.quantity for line in cart), Decimal("0"))
    delivery = delivery_price(zone=zone, subtotal=subtotal)
    result = totals(lines=cart, delivery=delivery)

    assert result.subtotal == subtotal
    assert result.total == subtotal + delivery
    assert sum(share.gross for share in result.vat) == result.total
    for share in result.vat:
        assert share.net + share.vat == share.gross
        assert share.net.quantize(CENT) == share.net and share.vat.quantize(CENT) == share.vat
        # The VAT is what the rate gives on the net amount, within rounding.
        assert abs(share.net * share.rate - share.vat) <= CENT
        goods = sum(
            (line.unit_price * line.quantity for line in cart if line.vat_rate == share.rate),
            Decimal("0"),
        )
        assert share.gross >= goods
    assert cents(result.total) * CENT == result.total
