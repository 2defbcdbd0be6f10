"""The shop's JSON: what the API reads (validated here, so that each field's
problem gets its own message) and the shapes it answers in, for the document."""

from datetime import date as Date
from typing import Annotated, Literal

from ninja import Schema
from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from cms.api.http import Id, text
from cms.api.schemas import Image


class LineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    variant: Id
    quantity: Annotated[int, Field(ge=1, le=100)]


class DeliveryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pickup: Literal[False] = False
    date: Date
    postcode: Annotated[str, Field(pattern=r"^[0-9]{5}$")]
    recipient: text(120) = ""
    street: text(200, min_length=1)
    city: text(100, min_length=1)


class PickupIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pickup: Literal[True]
    date: Date


# Something@something.something, without spaces or control characters. No `\s`:
# Python's and JavaScript's differ (U+0085), and clients check the same pattern.
_PART = r"[^@\x00-\x20\x7f-\x9f]+"
EMAIL = rf"^{_PART}@{_PART}\.{_PART}$"


class CustomerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: text(120, min_length=1)
    email: Annotated[str, Field(max_length=254, pattern=EMAIL)]
    phone: text(40) = ""


class BillingIn(BaseModel):
    """Whom the invoice is made out to. Required when the order is paid by
    invoice or its total is over 250 € (German invoices must then name the
    recipient's address), for collections too."""

    model_config = ConfigDict(extra="forbid")
    name: text(120, min_length=1)
    street: text(200, min_length=1)
    postcode: text(10, min_length=1)
    city: text(100, min_length=1)


def _delivery_kind(value) -> str:
    picked = value.get("pickup") if isinstance(value, dict) else getattr(value, "pickup", None)
    return "pickup" if picked is True else "delivery"


# The branch names that pydantic puts in an error's location; not the client's.
DELIVERY_KINDS = ("pickup", "delivery")


class OrderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lines: Annotated[list[LineIn], Field(min_length=1, max_length=50)]
    delivery: Annotated[
        Annotated[PickupIn, Tag("pickup")] | Annotated[DeliveryIn, Tag("delivery")],
        Discriminator(_delivery_kind),
    ]
    customer: CustomerIn
    billing: BillingIn | None = None
    # Lines and any character but NUL, which neither database stores.
    gift_message: Annotated[str, Field(max_length=1000, pattern=r"^[^\x00]*$")] = ""
    payment_method: Literal["card", "invoice", "pay_on_pickup"]


class Season(Schema):
    name: str
    yearly: bool
    start: Date
    end: Date


class Variant(Schema):
    id: int
    name: str
    price: str = Field(description="Including VAT, in euros, e.g. '24.90'.")
    vat_rate: str = Field(description="'0.07' or '0.19'.")
    in_stock: int
    perishable: bool = Field(description="Perishable: no right of withdrawal (say so at checkout).")


class Product(Schema):
    id: int
    name: str
    description: str
    locale: str
    image: Image | None
    variants: list[Variant]
    seasons: list[Season]


class ProductList(Schema):
    items: list[Product]


class DeliveryDay(Schema):
    date: Date
    free: int
    price: str = Field(description="Delivery to the postcode, in euros, before any threshold.")
    free_from: str | None
    minimum_order: str


class DeliveryDayList(Schema):
    zone: str | None = Field(description="The delivery zone; null where the shop does not deliver.")
    pickup: bool = Field(description="Whether the shop also offers collection.")
    items: list[DeliveryDay]


class Line(Schema):
    variant: int | None
    description: str
    quantity: int
    unit_price: str
    total: str
    vat_rate: str
    perishable: bool


class VatShare(Schema):
    rate: str
    gross: str
    net: str
    vat: str


class Payment(Schema):
    method: Literal["card", "invoice", "pay_on_pickup"]
    paid: bool
    amount_cents: int
    client_secret: str | None = Field(None, description="Card: for Stripe.js to confirm.")
    publishable_key: str | None = None
    invoice_number: int | None = None


class Order(Schema):
    token: str = Field(description="For GET /shop/orders/{token}/, the customer's link.")
    status: Literal[
        "pending_payment",
        "paid",
        "in_preparation",
        "out_for_delivery",
        "delivered",
        "cancelled",
        "refunded",
        "expired",
    ]
    date: Date
    pickup: bool
    expires_at: str | None
    lines: list[Line]
    subtotal: str
    delivery_price: str
    total: str
    vat: list[VatShare]
    no_withdrawal: bool = Field(
        description="True when perishable goods have no right of withdrawal."
    )
    payment: Payment


def order_in_schema() -> dict:
    """OrderIn's JSON schema with its parts written in place: the body is read
    by hand (so that each field's problem is a 422 of its own), and the
    document's components only hold what django-ninja puts there."""
    schema = OrderIn.model_json_schema()
    definitions = schema.pop("$defs", {})

    def inline(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return inline(schema)
