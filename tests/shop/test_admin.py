"""The florist's admin: orders by day with a picking list, stock with a
low-stock notice, status changes along the flow only, and the invoice."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from cms.provisioning import client_site_create
from cms.shop.models import Order, ProductVariant

from .factories import order_body, shop_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def florist(db):
    client = client_site_create(name="Blumen Test", hostname="blumen.example")
    editor = get_user_model().objects.create_user(username="florist", password="x" * 12)
    editor.groups.add(client.editors)
    return {"site": client.site, "editor": editor, **shop_create(site=client.site)}


def place(client, florist, **extra) -> Order:
    body = order_body(variant=florist["rose"], quantity=2, day=florist["day"], **extra)
    response = client.post(
        "/api/v1/shop/orders/?site=blumen.example",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return Order.objects.latest("pk")


def test_the_picking_list_shows_what_to_bind_that_day(client, florist):
    place(client, florist, gift_message="Alles Gute, Oma!")
    place(client, florist, pickup=True, method="pay_on_pickup")
    client.force_login(florist["editor"])
    page = client.get(f"/admin/shop/picking/{florist['day'].isoformat()}/").content.decode()
    assert "Red roses – 12 stems</td><td>4</td>" in page
    assert "Alles Gute, Oma!" in page
    assert "Collection" in page


def test_low_stock_is_flagged(client, florist):
    ProductVariant.objects.filter(pk=florist["vase"].pk).update(stock=2)
    client.force_login(florist["editor"])
    page = client.get("/admin/shop/stock/").content.decode()
    assert "1 variant running low" in page
    assert "2 <strong>(low)</strong>" in page


def test_the_status_changes_in_the_admin_along_the_flow_only(
    client, florist, django_capture_on_commit_callbacks
):
    order = place(client, florist)
    client.force_login(florist["editor"])
    url = f"/admin/snippets/shop/order/edit/{order.pk}/"
    refused = client.post(url, {"status": "delivered"})
    assert refused.status_code == 200
    assert "cannot become delivered" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        for status in ("in_preparation", "out_for_delivery"):
            assert client.post(url, {"status": status}).status_code == 302
    order.refresh_from_db()
    assert order.status == "out_for_delivery"
    assert any("on its way" in m.subject for m in mail.outbox)


def test_the_invoice_carries_the_fields_german_law_asks_for(client, florist):
    order = place(client, florist)
    client.force_login(florist["editor"])
    invoice = client.get(f"/admin/shop/invoice/{order.pk}/").content.decode()
    for required in (
        "Blumen Test GmbH",
        "DE123456789",
        f"Rechnung Nr. {order.invoice_number}",
        "Rechnungsdatum",
        "Lieferdatum",
        "Jana Berg",
        "Red roses – 12 stems",
        "7 %",
    ):
        assert required in invoice
    # 2 × 29.90 + 6.50 delivery, all at 7 %: 66.30 gross, 61.96 net, 4.34 VAT
    # (written the German way).
    assert "61,96 €" in invoice and "4,34 €" in invoice and "66,30 €" in invoice
