"""Money, as Decimal from end to end: line totals, delivery, total, and VAT per
rate. Prices include VAT (as a florist's price list does), so VAT is taken out
of each rate's gross amount; net + VAT equals gross for each rate by
construction, to the cent. One currency (EUR): a DecimalField is enough, so
django-money would add a currency column for nothing."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def cents(amount: Decimal) -> int:
    """The amount in the smallest unit, as Stripe takes it; refuses fractions of a cent."""
    value = amount * 100
    if value != value.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of cents")
    return int(value)


@dataclass(frozen=True)
class Line:
    unit_price: Decimal
    quantity: int
    vat_rate: Decimal

    @property
    def total(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class VatShare:
    rate: Decimal
    gross: Decimal
    net: Decimal
    vat: Decimal


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    delivery: Decimal
    total: Decimal
    vat: list[VatShare]


def delivery_price(*, zone, subtotal: Decimal) -> Decimal:
    """What delivery costs: nothing for collection or above the zone's threshold."""
    if zone is None:
        return Decimal("0.00")
    if zone.free_from is not None and subtotal >= zone.free_from:
        return Decimal("0.00")
    return zone.price


def _allocate(amount: Decimal, weights: dict[Decimal, Decimal]) -> dict[Decimal, Decimal]:
    """Splits amount over the rates in proportion to their weights, in whole
    cents that add up to it exactly (the largest share takes the remainder)."""
    total_weight = sum(weights.values())
    if not amount or not total_weight:
        return dict.fromkeys(weights, Decimal("0.00"))
    shares = {
        rate: (amount * weight / total_weight).quantize(CENT, ROUND_HALF_UP)
        for rate, weight in weights.items()
    }
    largest = max(weights, key=lambda rate: (weights[rate], rate))
    shares[largest] += amount - sum(shares.values())
    return shares


def totals(*, lines: list[Line], delivery: Decimal) -> Totals:
    """The order's totals. Delivery is an ancillary service: its VAT follows the
    goods it delivers, split over the rates in proportion to their value."""
    gross_by_rate: dict[Decimal, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for line in lines:
        gross_by_rate[line.vat_rate] += line.total
    subtotal = sum(gross_by_rate.values(), Decimal("0.00"))
    for rate, share in _allocate(delivery, dict(gross_by_rate)).items():
        gross_by_rate[rate] += share
    vat = []
    for rate in sorted(gross_by_rate):
        gross = gross_by_rate[rate]
        net = (gross / (1 + rate)).quantize(CENT, ROUND_HALF_UP)
        vat.append(VatShare(rate=rate, gross=gross, net=net, vat=gross - net))
    return Totals(subtotal=subtotal, delivery=delivery, total=subtotal + delivery, vat=vat)
