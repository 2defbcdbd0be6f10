from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet

from sites.admin_views import SiteOwnedSnippetViewSet

from .admin_views import PickingListView, StockView, invoice_view
from .forms import OrderStatusForm
from .models import ClosedDay, DeliveryDay, DeliveryZone, Order, Product, ShopSettings


class ProductViewSet(SiteOwnedSnippetViewSet):
    model = Product
    icon = "pick"
    menu_label = "Shop products"
    list_display = ["name", "site", "locale"]


class DeliveryZoneViewSet(SiteOwnedSnippetViewSet):
    model = DeliveryZone
    icon = "site"
    list_display = ["name", "postcode_prefixes", "price", "free_from", "site"]


class DeliveryDayViewSet(SiteOwnedSnippetViewSet):
    model = DeliveryDay
    icon = "date"
    list_display = ["date", "capacity", "booked", "site"]


class ClosedDayViewSet(SiteOwnedSnippetViewSet):
    model = ClosedDay
    icon = "cross"
    list_display = ["date", "reason", "site"]


class ShopSettingsViewSet(SiteOwnedSnippetViewSet):
    model = ShopSettings
    icon = "cogs"
    list_display = ["site", "time_zone", "same_day_cutoff", "pickup", "pay_on_pickup"]


class OrderViewSet(SiteOwnedSnippetViewSet):
    """Orders by delivery date; the shop changes only their status, along the flow."""

    model = Order
    icon = "tasks"
    list_display = ["date", "reference", "customer_name", "status", "total", "pickup", "site"]
    list_filter = ["status", "date", "pickup", "payment_method"]
    ordering = ["date", "created_at"]
    inspect_view_enabled = True
    edit_handler = ObjectList([FieldPanel("status")], base_form_class=OrderStatusForm)


for viewset in (
    ProductViewSet,
    DeliveryZoneViewSet,
    DeliveryDayViewSet,
    ClosedDayViewSet,
    ShopSettingsViewSet,
    OrderViewSet,
):
    register_snippet(viewset)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("shop/picking/", PickingListView.as_view(), name="shop_picking_today"),
        path("shop/picking/<str:day>/", PickingListView.as_view(), name="shop_picking"),
        path("shop/stock/", StockView.as_view(), name="shop_stock"),
        path("shop/invoice/<int:pk>/", invoice_view, name="shop_invoice"),
    ]


@hooks.register("register_admin_menu_item")
def register_picking_menu_item():
    return MenuItem("Picking list", reverse("shop_picking_today"), icon_name="list-ul", order=250)


@hooks.register("register_admin_menu_item")
def register_stock_menu_item():
    return MenuItem("Stock levels", reverse("shop_stock"), icon_name="pick", order=251)
