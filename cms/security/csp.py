"""The Content-Security-Policy of every response, a little wider in the admin."""

from functools import cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

# Wagtail 8's edit forms still start some widgets with inline scripts that
# name the field they belong to (date and time pickers, inline panels,
# wagtail-localize's editor), so no fixed hash covers them and their templates
# carry no nonce. The admin, and only the admin, which only signed-in staff
# reach, allows inline scripts; everything else stays 'self'.
ADMIN_POLICY_UPDATE = {"script-src": ["'unsafe-inline'"]}

# What a view may set on its response to change or drop the policy (django-csp's decorators).
RESPONSE_POLICY_ATTRIBUTES = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)

# Admin or not -> the headers of a response with no policy or nonce of its own.
_usual_headers: dict[bool, dict[str, str]] = {}


@receiver(setting_changed)
def _usual_headers_forget(**kwargs) -> None:
    _usual_headers.clear()
    _admin_prefix.cache_clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and _is_admin(request.path_info):
            parts.update = {**ADMIN_POLICY_UPDATE, **(parts.update or {})}
        return parts

    def process_response(self, request, response):
        """Most responses use no nonce and set no policy of their own, so their
        headers are the same every time: those are built once. django-csp builds
        them per response from a deep copy of the settings, which cost as much as
        answering a cached API request."""
        if not self._usual(request, response):
            return super().process_response(request, response)
        admin = _is_admin(request.path_info)
        if admin not in _usual_headers:
            probe = HttpRequest()
            probe.path_info = request.path_info
            built = super().process_response(probe, HttpResponse())
            _usual_headers[admin] = {
                header: built[header] for header in (HEADER, HEADER_REPORT_ONLY) if header in built
            }
        for header, value in _usual_headers[admin].items():
            response[header] = value
        # As django-csp does: a nonce asked for from now on could not be in the header.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    @staticmethod
    def _usual(request, response) -> bool:
        excluding = any(
            (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
            for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
        )
        return not (
            settings.DEBUG
            or excluding
            or getattr(request, "_csp_nonce", None) is not None
            or HEADER in response
            or HEADER_REPORT_ONLY in response
            or any(hasattr(response, name) for name in RESPONSE_POLICY_ATTRIBUTES)
        )


def _is_admin(path: str) -> bool:
    return path.startswith(_admin_prefix())


@cache
def _admin_prefix() -> str:
    return reverse("wagtailadmin_home")
