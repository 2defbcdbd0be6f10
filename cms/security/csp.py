"""The Content-Security-Policy of every response, a little wider in the admin."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.urls import reverse

# Wagtail 8's edit forms still start some widgets with inline scripts that
# name the field they belong to (date and time pickers, inline panels,
# wagtail-localize's editor), so no fixed hash covers them and their templates
# carry no nonce. The admin, and only the admin, which only signed-in staff
# reach, allows inline scripts; everything else stays 'self'.
ADMIN_POLICY_UPDATE = {"script-src": ["'unsafe-inline'"]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(reverse("wagtailadmin_home")):
            parts.update = {**ADMIN_POLICY_UPDATE, **(parts.update or {})}
        return parts
