"""The shop's endpoints in the delivery API: catalogue, delivery days, orders
and Stripe's webhook; cms.urls mounts them beside the API's own. The shop sits
above cms.api (pyproject.toml) because it answers with the API's site
resolution, errors and image JSON, as cms.publishing does."""

from datetime import date, timedelta
from typing import Annotated

from django.conf import settings
from ninja import Field, Header, Query, Router
from pydantic import ValidationError
from wagtail.models import Locale

from cms.api.errors import ApiError, error_codes_add, error_response
from cms.api.http import (
    Language,
    SiteQuery,
    base_url,
    json_object,
    json_response,
    resolve_site,
    responses,
    text,
)
from cms.api.images import image_data, images_with_renditions
from cms.api.locales import site_locales

from . import pricing, schemas
from .calendar import delivery_days_free, shop_settings_get, zone_for
from .catalogue import products_available
from .links import order_by_token, order_token
from .models import Order, PaymentMethod
from .orders import OrderInvalid, OrderRefused, OrderRequest, order_place, orders_expire
from .payments import PaymentUnavailable, payment_start
from .schemas import DELIVERY_KINDS
from .webhooks import InvalidWebhook, stripe_event_handle

router = Router()
MAX_DAYS = 62

error_codes_add(
    {
        "out_of_stock": "not enough left of a variant (see `variant`)",
        "day_full": "the delivery day has no free place left",
        "invalid_order": "some fields of the order are not valid, or name what the shop "
        "cannot do: an unknown variant, a day it does not deliver, a postcode outside "
        "its zones (see `fields`)",
        "order_not_found": "no order for that link",
        "payment_unavailable": "the card payment could not be started; send the order again "
        "with the same `Idempotency-Key` to resume it",
    }
)


class ProductQuery(SiteQuery):
    available_on: date | None = Field(None, description="Only products in season that day.")
    locale: Language | None = None


@router.get(
    "/shop/products/",
    response=responses(schemas.ProductList, cached=False),
    summary="The shop's products",
    description="Products in the site's language (or `locale`), each with its variants "
    "(price including VAT, stock) and seasons; with `available_on`, only those in season.",
)
def shop_products(request, query: Query[ProductQuery]):
    site = resolve_site(query.site)
    locales = site_locales(site)
    language = locales.check(query.locale or locales.default)
    locale = Locale.objects.filter(language_code=language).first()
    products = products_available(site=site, locale=locale, day=query.available_on)
    # Every image with its renditions in one query, not one per product.
    images = images_with_renditions(ids={p.image_id for p in products if p.image_id}, crops=[None])
    url = base_url(request)
    return json_response({"items": [_product_json(p, images, url) for p in products]})


def _product_json(product, images: dict, url: str) -> dict:
    image = images.get(product.image_id)
    return {
        "id": product.pk,
        "name": product.name,
        "description": product.description,
        "locale": product.locale.language_code,
        "image": image_data(image, base_url=url) if image else None,
        "variants": [
            {
                "id": v.pk,
                "name": v.name,
                "price": str(v.price),
                "vat_rate": str(v.vat_rate),
                "in_stock": v.stock,
                "perishable": v.perishable,
            }
            for v in product.shop_variants
        ],
        "seasons": [
            {"name": s.name, "yearly": s.yearly, "start": s.start, "end": s.end}
            for s in product.shop_seasons
        ],
    }


class DeliveryDayQuery(SiteQuery):
    postcode: Annotated[str, Field(pattern=r"^[0-9]{5}$")]
    start: date | None = Field(None, alias="from", description="First day; today if left out.")
    end: date | None = Field(None, alias="to", description=f"Last day; at most {MAX_DAYS} days on.")


@router.get(
    "/shop/delivery-days/",
    response=responses(schemas.DeliveryDayList, cached=False),
    summary="Days with a free delivery place, and the delivery price",
    description="`zone` is null and `items` empty when the shop does not deliver to the postcode.",
)
def shop_delivery_days(request, query: Query[DeliveryDayQuery]):
    site = resolve_site(query.site)
    shop = shop_settings_get(site=site)
    zone = zone_for(site=site, postcode=query.postcode)
    if zone is None:
        return json_response({"zone": None, "pickup": shop.pickup, "items": []})
    start = query.start or date.today()
    end = min(query.end or start + timedelta(days=13), start + timedelta(days=MAX_DAYS))
    days = delivery_days_free(shop=shop, start=start, end=end) if start <= end else []
    return json_response(
        {
            "zone": zone.name,
            "pickup": shop.pickup,
            "items": [
                {
                    "date": day.date,
                    "free": day.capacity - day.booked,
                    "price": str(zone.price),
                    "free_from": str(zone.free_from) if zone.free_from is not None else None,
                    "minimum_order": str(zone.minimum_order),
                }
                for day in days
            ],
        }
    )


@router.post(
    "/shop/orders/",
    response=responses(schemas.Order, 409, 413, 422, 502, status=201, cached=False)
    | {200: schemas.Order},
    summary="Place an order",
    description="Reserves stock and (for a delivery) a place on the day, atomically. "
    "201 with the order and its payment step; 200 with the same order when an "
    "`Idempotency-Key` is sent again; 409 `out_of_stock` or `day_full`; 422 "
    "`invalid_order` with a message per field, for a malformed order or one the "
    "shop cannot take as it is. `billing` (the invoice's name and address) is required "
    "when the order is paid by invoice or its total is over 250 €, for collections too. "
    "Card orders not paid within the shop's time expire and give their "
    "stock and place back. 502 `payment_unavailable` when Stripe cannot be reached: an "
    "order sent with an `Idempotency-Key` is kept until it expires, and sending it again "
    "with the same key resumes its payment; one sent without a key is given back at once.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": schemas.order_in_schema()}},
        }
    },
)
def shop_order_create(
    request,
    query: Query[SiteQuery],
    idempotency_key: Annotated[text(255) | None, Header(alias="Idempotency-Key")] = None,
):
    site = resolve_site(query.site)
    payload = _order_in(request)
    delivery, billing = payload.delivery, payload.billing
    order_request = OrderRequest(
        lines=[(line.variant, line.quantity) for line in payload.lines],
        date=delivery.date,
        pickup=delivery.pickup,
        postcode=getattr(delivery, "postcode", ""),
        recipient=getattr(delivery, "recipient", ""),
        street=getattr(delivery, "street", ""),
        city=getattr(delivery, "city", ""),
        customer_name=payload.customer.name,
        customer_email=payload.customer.email,
        customer_phone=payload.customer.phone,
        billing_name=billing.name if billing else "",
        billing_street=billing.street if billing else "",
        billing_postcode=billing.postcode if billing else "",
        billing_city=billing.city if billing else "",
        gift_message=payload.gift_message,
        payment_method=payload.payment_method,
        idempotency_key=idempotency_key or "",
    )
    try:
        order, created = order_place(site=site, request=order_request)
    except OrderInvalid as error:
        raise ApiError(
            422, "invalid_order", "The shop cannot take this order.", fields=error.fields
        ) from error
    except OrderRefused as error:
        raise ApiError(409, error.code, error.message, **error.details) from error
    if order.payment_method == PaymentMethod.CARD and order.status == "pending_payment":
        try:
            order = payment_start(order=order)
        except PaymentUnavailable as error:
            if not order.idempotency_key:
                # Nothing charged, and nobody can come back to this order: it
                # expires as any unpaid one, at once. With a key, the client's
                # retry resumes it (Stripe answers with the intent it may have made).
                Order.objects.filter(pk=order.pk).update(expires_at=order.created_at)
                orders_expire()
            raise ApiError(
                502, "payment_unavailable", "Card payments are unavailable; try again."
            ) from error
    return json_response(order_json(order), status=201 if created else 200)


def _order_in(request) -> schemas.OrderIn:
    try:
        return schemas.OrderIn.model_validate(json_object(request))
    except ValidationError as error:
        fields: dict[str, list[str]] = {}
        for problem in error.errors():
            # The union's branch name (pickup / delivery) is ours, not the client's.
            location = [str(part) for part in problem["loc"]]
            if location[:1] == ["delivery"] and location[1:2] and location[1] in DELIVERY_KINDS:
                del location[1]
            fields.setdefault(".".join(location) or "body", []).append(problem["msg"])
        raise ApiError(
            422, "invalid_order", "Some fields need attention.", fields=fields
        ) from error


def order_json(order: Order) -> dict:
    lines = list(order.lines.all())
    totals = pricing.totals(
        lines=[
            pricing.Line(unit_price=line.unit_price, quantity=line.quantity, vat_rate=line.vat_rate)
            for line in lines
        ],
        delivery=order.delivery_price,
    )
    card = order.payment_method == PaymentMethod.CARD
    return {
        "token": order_token(order),
        "status": order.status,
        "date": order.date,
        "pickup": order.pickup,
        "expires_at": order.expires_at.isoformat() if order.expires_at else None,
        "lines": [
            {
                "variant": line.variant_id,
                "description": line.description,
                "quantity": line.quantity,
                "unit_price": str(line.unit_price),
                "total": str(line.total),
                "vat_rate": str(line.vat_rate),
                "perishable": line.perishable,
            }
            for line in lines
        ],
        "subtotal": str(order.subtotal),
        "delivery_price": str(order.delivery_price),
        "total": str(order.total),
        "vat": [
            {"rate": str(s.rate), "gross": str(s.gross), "net": str(s.net), "vat": str(s.vat)}
            for s in totals.vat
        ],
        "no_withdrawal": any(line.perishable for line in lines),
        "payment": {
            "method": order.payment_method,
            "paid": order.paid_at is not None,
            "amount_cents": pricing.cents(order.total),
            "client_secret": order.client_secret or None if card else None,
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY or None if card else None,
            "invoice_number": order.invoice_number,
        },
    }


@router.get(
    "/shop/orders/{token}/",
    response=responses(schemas.Order, cached=False),
    summary="An order, for the customer's link",
)
def shop_order_detail(request, token: text(200, min_length=1), query: Query[SiteQuery]):
    site = resolve_site(query.site)
    order = order_by_token(token)
    if order is None or order.site_id != site.pk:
        raise ApiError(404, "order_not_found", "No order for that link.")
    return json_response(order_json(order))


@router.post("/shop/stripe-webhook/", include_in_schema=False)
def shop_stripe_webhook(request):
    """Stripe's calls; not for frontends, so not in the document."""
    try:
        stripe_event_handle(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except InvalidWebhook:
        return error_response(400, "bad_request", "Not a valid Stripe event.")
    return json_response({"received": True})
