"""The florist's admin screens beside the snippets: the picking list of a day
(what to bind, for whom) and stock levels with a low-stock notice. Both show
the editor's own sites only (sites.permissions)."""

from collections import Counter
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from sites.permissions import sites_for_user

from .invoices import invoice_html
from .models import Order, OrderStatus, PaymentMethod, ProductVariant, ShopSettings

S = OrderStatus
# The orders the shop still has to bind: paid ones, and those paid later.
TO_PICK = Q(status__in=[S.PAID, S.IN_PREPARATION]) | Q(
    status=S.PENDING_PAYMENT,
    payment_method__in=[PaymentMethod.INVOICE, PaymentMethod.PAY_ON_PICKUP],
)


class _ShopAdminView(WagtailAdminTemplateMixin, TemplateView):
    permission = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PickingListView(_ShopAdminView):
    template_name = "shop/admin/picking_list.html"
    page_title = "Picking list"
    header_icon = "list-ul"
    permission = "shop.view_order"

    def get_context_data(self, **kwargs):
        try:
            day = date.fromisoformat(self.kwargs.get("day") or timezone.localdate().isoformat())
        except ValueError as error:
            raise Http404("Not a date") from error
        orders = list(
            Order.objects.filter(TO_PICK, site__in=sites_for_user(self.request.user), date=day)
            .select_related("site")
            .prefetch_related("lines")
            .order_by("pickup", "postcode", "created_at")
        )
        items: Counter = Counter()
        for order in orders:
            for line in order.lines.all():
                items[line.description] += line.quantity
        return {
            **super().get_context_data(**kwargs),
            "day": day,
            "orders": orders,
            "items": sorted(items.items()),
        }


def low_stock_variants(*, sites) -> list[ProductVariant]:
    """Variants at or under their shop's low-stock mark (3 where none is set)."""
    marks = dict(ShopSettings.objects.filter(site__in=sites).values_list("site_id", "low_stock"))
    variants = (
        ProductVariant.objects.stock_keeping()
        .filter(product__site__in=sites)
        .select_related("product", "product__site")
    )
    return [v for v in variants if v.stock <= marks.get(v.product.site_id, 3)]


class StockView(_ShopAdminView):
    template_name = "shop/admin/stock.html"
    page_title = "Stock levels"
    header_icon = "pick"
    permission = "shop.change_product"

    def get_context_data(self, **kwargs):
        sites = sites_for_user(self.request.user)
        low = {v.pk for v in low_stock_variants(sites=sites)}
        variants = (
            ProductVariant.objects.stock_keeping()
            .filter(product__site__in=sites)
            .select_related("product", "product__site")
            .order_by(F("stock").asc(), "product__name")
        )
        return {
            **super().get_context_data(**kwargs),
            "variants": [(v, v.pk in low) for v in variants],
            "low_count": len(low),
        }


def invoice_view(request, pk: int):
    """The order's invoice as the customer got it, for the editor's own sites."""
    if not request.user.has_perm("shop.view_order"):
        raise PermissionDenied
    order = get_object_or_404(
        Order, pk=pk, site__in=sites_for_user(request.user), invoice_number__isnull=False
    )
    return HttpResponse(invoice_html(order=order))
