from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "cms.shop"
    label = "shop"
    verbose_name = "Shop"
