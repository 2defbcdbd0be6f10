"""The florist's shop: catalogue, delivery calendar, orders, payments.

Every object belongs to one site. Stock and a day's free places are counters
that the database itself keeps from going wrong (CHECK constraints), and
orders change them only with conditional UPDATEs (cms.shop.orders).
"""

import secrets
from datetime import date, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from sites.forms import SiteOwnedForm
from sites.models import SiteLanguageDefault

IMAGE_MODEL = "media_pipeline.CustomImage"
MONEY = {"max_digits": 10, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal("0.00"))]


class VatClass(models.TextChoices):
    # German VAT: cut flowers and plants are taxed at the reduced rate.
    REDUCED = "reduced", "7 % (cut flowers, plants)"
    STANDARD = "standard", "19 % (vases, gifts)"


VAT_RATES = {VatClass.REDUCED: Decimal("0.07"), VatClass.STANDARD: Decimal("0.19")}


def site_field():
    return models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+", help_text="The shop's site."
    )


class ShopSettings(models.Model):
    """How one site's shop works: its clock, its cut-off, what it offers, and the
    seller's details that German invoices must carry."""

    site = models.OneToOneField(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="shop_settings"
    )
    time_zone = models.CharField(max_length=64, default="Europe/Berlin")
    same_day_cutoff = models.TimeField(
        default=time(12, 0), help_text="Orders for today are taken until this time (shop's time)."
    )
    pickup = models.BooleanField(default=True, help_text="Customers may collect from the shop.")
    pay_on_pickup = models.BooleanField(default=True)
    invoice = models.BooleanField(default=False, help_text="Customers may pay by invoice.")
    low_stock = models.PositiveIntegerField(
        default=3, help_text="Variants with this many or fewer left are flagged in the admin."
    )
    legal_name = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True, help_text="The seller's full address, for invoices.")
    vat_id = models.CharField("VAT ID or tax number", max_length=40, blank=True)
    email = models.EmailField(blank=True, help_text="Sender and reply address of shop e-mails.")

    base_form_class = SiteOwnedForm

    class Meta:
        verbose_name = "shop settings"
        verbose_name_plural = "shop settings"

    def __str__(self):
        return f"Shop of {self.site}"


class Product(SiteLanguageDefault, TranslatableMixin, ClusterableModel):
    site = site_field()
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    image = models.ForeignKey(
        IMAGE_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sort_order = models.PositiveIntegerField(default=0)

    base_form_class = SiteOwnedForm
    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("image"),
        FieldPanel("sort_order"),
        InlinePanel("variants", label="Variants", min_num=1),
        InlinePanel("seasons", label="Seasonal availability"),
    ]
    # Seasons are kept once, on the original: a translation shows the same
    # seasons (cms.shop.catalogue reads them by translation_key). Variants are
    # copied into each language for their translated names only; stock and
    # prices stay on the original's (ProductVariant.objects.stock_keeping()).
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        TranslatableField("variants"),
        SynchronizedField("site"),
        SynchronizedField("image"),
        SynchronizedField("sort_order"),
    ]
    exclude_fields_in_copy = ["seasons"]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class VariantQuerySet(models.QuerySet):
    def stock_keeping(self):
        """The variants that hold stock and prices, whose ids the API hands out:
        the original's. A translation's copy of a variant (same translation_key,
        made later, so a higher id) only carries the translated name."""
        earlier = ProductVariant.objects.filter(
            translation_key=OuterRef("translation_key"), pk__lt=OuterRef("pk")
        )
        return self.exclude(Exists(earlier))


class ProductVariant(TranslatableMixin, Orderable):
    product = ParentalKey(Product, on_delete=models.CASCADE, related_name="variants")
    name = models.CharField(max_length=80, help_text="Size and colour, e.g. 'Large, red'.")
    price = models.DecimalField(**MONEY, validators=NON_NEGATIVE, help_text="Including VAT, €.")
    vat_class = models.CharField(max_length=10, choices=VatClass.choices, default=VatClass.REDUCED)
    stock = models.PositiveIntegerField(default=0)
    perishable = models.BooleanField(
        default=True, help_text="Cut flowers: no right of withdrawal, as the checkout says."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("price"),
        FieldPanel("vat_class"),
        FieldPanel("stock"),
        FieldPanel("perishable"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("price"),
        SynchronizedField("vat_class"),
        SynchronizedField("perishable"),
        SynchronizedField("sort_order"),
    ]
    objects = VariantQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="shop_variant_stock_gte_0"),
            models.CheckConstraint(condition=Q(price__gte=0), name="shop_variant_price_gte_0"),
        ]

    def __str__(self):
        return f"{self.product.name} – {self.name}"

    @property
    def vat_rate(self) -> Decimal:
        return VAT_RATES[self.vat_class]


class Season(Orderable):
    """A window in which a product is sold: every year (Valentine's Day, Advent;
    the year of the dates is ignored and a window may run over New Year), or once."""

    product = ParentalKey(Product, on_delete=models.CASCADE, related_name="seasons")
    name = models.CharField(max_length=80, blank=True)
    yearly = models.BooleanField(default=True)
    start = models.DateField()
    end = models.DateField()

    panels = [FieldPanel("name"), FieldPanel("yearly"), FieldPanel("start"), FieldPanel("end")]

    def clean(self):
        if not self.yearly and self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "A one-off window must end on or after its start."})

    def covers(self, day: date) -> bool:
        if not self.yearly:
            return self.start <= day <= self.end
        first, last, today = ((d.month, d.day) for d in (self.start, self.end, day))
        if first <= last:
            return first <= today <= last
        return today >= first or today <= last


class DeliveryZone(models.Model):
    """Where the shop delivers: postcodes by prefix ("041, 042") or range."""

    site = site_field()
    name = models.CharField(max_length=80)
    postcode_prefixes = models.CharField(
        max_length=200, blank=True, help_text="Comma-separated prefixes, e.g. '041, 0431'."
    )
    postcode_from = models.CharField(max_length=10, blank=True)
    postcode_to = models.CharField(max_length=10, blank=True)
    price = models.DecimalField(**MONEY, validators=NON_NEGATIVE)
    free_from = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text="Orders of at least this much are delivered free.",
    )
    minimum_order = models.DecimalField(**MONEY, default=Decimal("0.00"), validators=NON_NEGATIVE)

    base_form_class = SiteOwnedForm
    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("postcode_prefixes"),
                FieldPanel("postcode_from"),
                FieldPanel("postcode_to"),
            ],
            heading="Postcodes",
        ),
        FieldPanel("price"),
        FieldPanel("free_from"),
        FieldPanel("minimum_order"),
    ]

    def __str__(self):
        return self.name

    def covers(self, postcode: str) -> bool:
        prefixes = [p.strip() for p in self.postcode_prefixes.split(",") if p.strip()]
        if any(postcode.startswith(prefix) for prefix in prefixes):
            return True
        if self.postcode_from and self.postcode_to and len(postcode) == len(self.postcode_from):
            return self.postcode_from <= postcode <= self.postcode_to
        return False


class DeliveryDay(models.Model):
    """A day the shop delivers, with how many deliveries it can make. `booked`
    only moves through conditional UPDATEs; the CHECK keeps it within capacity."""

    site = site_field()
    date = models.DateField()
    capacity = models.PositiveIntegerField()
    booked = models.PositiveIntegerField(default=0, editable=False)

    base_form_class = SiteOwnedForm
    panels = [FieldPanel("site"), FieldPanel("date"), FieldPanel("capacity")]

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["site", "date"], name="shop_delivery_day_unique"),
            models.CheckConstraint(
                condition=Q(booked__lte=F("capacity")), name="shop_delivery_day_within_capacity"
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} ({self.booked}/{self.capacity})"


class ClosedDay(models.Model):
    site = site_field()
    date = models.DateField()
    reason = models.CharField(max_length=120, blank=True)

    base_form_class = SiteOwnedForm
    panels = [FieldPanel("site"), FieldPanel("date"), FieldPanel("reason")]

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["site", "date"], name="shop_closed_day_unique")
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.reason}".strip()


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", "Pending payment"
    PAID = "paid", "Paid"
    IN_PREPARATION = "in_preparation", "In preparation"
    OUT_FOR_DELIVERY = "out_for_delivery", "Out for delivery"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"
    REFUNDED = "refunded", "Refunded"
    EXPIRED = "expired", "Expired"


class PaymentMethod(models.TextChoices):
    CARD = "card", "Card (Stripe)"
    INVOICE = "invoice", "Invoice"
    PAY_ON_PICKUP = "pay_on_pickup", "Pay on collection"


def order_reference() -> str:
    return secrets.token_hex(12)


class Order(models.Model):
    site = site_field()
    reference = models.CharField(
        max_length=32, unique=True, default=order_reference, editable=False
    )
    status = models.CharField(
        max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING_PAYMENT
    )
    payment_method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    pickup = models.BooleanField(default=False)
    date = models.DateField(help_text="Delivery or collection day.")
    zone = models.ForeignKey(DeliveryZone, null=True, blank=True, on_delete=models.PROTECT)
    # Whether a place of the day's capacity is held, so that giving it back
    # happens exactly once.
    holds_place = models.BooleanField(default=False, editable=False)
    recipient = models.CharField(max_length=120, blank=True)
    street = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    city = models.CharField(max_length=100, blank=True)
    customer_name = models.CharField(max_length=120)
    customer_email = models.EmailField()
    customer_phone = models.CharField(max_length=40, blank=True)
    # Whom the invoice is made out to; required where the invoice must name
    # the recipient's address (cms.shop.invoices.invoice_needs_address).
    billing_name = models.CharField(max_length=120, blank=True)
    billing_street = models.CharField(max_length=200, blank=True)
    billing_postcode = models.CharField(max_length=10, blank=True)
    billing_city = models.CharField(max_length=100, blank=True)
    gift_message = models.TextField(blank=True)
    subtotal = models.DecimalField(**MONEY)
    delivery_price = models.DecimalField(**MONEY)
    total = models.DecimalField(**MONEY)
    idempotency_key = models.CharField(max_length=255, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    invoice_number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    payment_intent = models.CharField(max_length=255, blank=True, editable=False)
    client_secret = models.CharField(max_length=255, blank=True, editable=False)

    class Meta:
        ordering = ["date", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="shop_order_idempotency_key_unique",
            ),
            models.UniqueConstraint(
                fields=["site", "invoice_number"], name="shop_order_invoice_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(total=F("subtotal") + F("delivery_price")),
                name="shop_order_total_is_sum",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self):
        return f"Order {self.reference[:8]} ({self.get_status_display()})"


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(ProductVariant, null=True, on_delete=models.SET_NULL)
    description = models.CharField(max_length=220)
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(**MONEY)
    vat_rate = models.DecimalField(max_digits=4, decimal_places=2)
    perishable = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="shop_line_quantity_gte_1")
        ]

    def __str__(self):
        return f"{self.quantity} × {self.description}"

    @property
    def total(self) -> Decimal:
        return self.unit_price * self.quantity


class StripeEvent(models.Model):
    """A Stripe webhook event handled once: its id is the deduplication key."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.event_id
