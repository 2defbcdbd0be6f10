from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

from . import urls


@hooks.register("register_admin_urls")
def register_admin_urls():
    return urls.urlpatterns


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return SuperuserMenuItem(
        "Locked logins", reverse("security_lockouts"), icon_name="lock", order=900
    )


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    return {
        "url": reverse("security_devices"),
        "label": "Two-factor authentication",
        "help_text": "Passkeys, your authenticator app and recovery codes.",
    }


@hooks.register("register_user_listing_buttons")
def register_reset_button(user, request_user):
    if request_user.is_superuser and user.pk != request_user.pk:
        yield Button(
            "Reset two-factor",
            reverse("security_devices_reset", args=[user.pk]),
            icon_name="key",
            priority=60,
        )
