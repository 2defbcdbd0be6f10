"""No admin page for a signed-in user without a verified second factor."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from .devices import user_is_enrolled

# What a signed-in but unverified user may still reach under the admin:
# signing out, and the pages (and passkey endpoints) that verify or enrol them.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "security_verify",
    "security_enrol",
}
OPEN_NAMESPACES = {"otp_webauthn"}


def _is_open(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name in OPEN_URL_NAMES or bool(OPEN_NAMESPACES & set(match.namespaces))


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.TWO_FACTOR_REQUIRED
            and user.is_authenticated
            and not user.is_verified()
            and request.path_info.startswith(reverse("wagtailadmin_home"))
            and not _is_open(request.path_info)
        ):
            target = "security_verify" if user_is_enrolled(user) else "security_enrol"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
