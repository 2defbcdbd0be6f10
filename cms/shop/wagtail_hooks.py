from wagtail.snippets.models import register_snippet

from sites.admin_views import SiteOwnedSnippetViewSet

from .models import ClosedDay, DeliveryDay, DeliveryZone, Product


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


for viewset in (ProductViewSet, DeliveryZoneViewSet, DeliveryDayViewSet, ClosedDayViewSet):
    register_snippet(viewset)
