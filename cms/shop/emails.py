"""The e-mails a customer gets: order confirmation, payment received, out for
delivery. Sent by the worker after the change committed, so a mail server
that is down never loses an order."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django_tasks import task

from .invoices import invoice_html
from .links import order_token
from .models import Order, ShopSettings

SUBJECTS = {
    "confirmation": "Your order {reference}",
    "payment_received": "Payment received for order {reference}",
    "out_for_delivery": "Your order {reference} is on its way",
}


@task()
def order_email_send(order_id: int, kind: str) -> None:
    order = Order.objects.select_related("site").prefetch_related("lines").get(pk=order_id)
    shop = ShopSettings.objects.filter(site_id=order.site_id).first()
    context = {
        "order": order,
        "shop": shop,
        "token": order_token(order),
        "perishable": any(line.perishable for line in order.lines.all()),
    }
    message = EmailMessage(
        SUBJECTS[kind].format(reference=order.reference[:8]),
        render_to_string(f"shop/email/{kind}.txt", context),
        (shop and shop.email) or settings.DEFAULT_FROM_EMAIL,
        [order.customer_email],
    )
    # The invoice goes with the first e-mail that follows its number.
    invoice_now = kind == "payment_received" or (
        kind == "confirmation" and order.payment_method == "invoice"
    )
    if invoice_now and order.invoice_number is not None:
        message.attach(
            f"rechnung-{order.invoice_number}.html", invoice_html(order=order), "text/html"
        )
    message.send()
