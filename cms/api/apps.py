from django.apps import AppConfig


class DeliveryApiConfig(AppConfig):
    name = "cms.api"
    label = "delivery_api"
    verbose_name = "Delivery API"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
