"""The Content-Security-Policy of every response, a little wider in the admin."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.urls import reverse

# Wagtail 8's admin sets style attributes from its own scripts and templates
# (progress bars, focal-point boxes, the page editor's collapsible panels,
# Draftail's toolbar); those are inline styles, which no hash or nonce can
# cover. Its scripts need nothing inline. So the admin, and only the admin,
# allows inline styles; scripts stay 'self' everywhere.
ADMIN_POLICY_UPDATE = {"style-src": ["'unsafe-inline'"]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(reverse("wagtailadmin_home")):
            parts.update = {**ADMIN_POLICY_UPDATE, **(parts.update or {})}
        return parts
