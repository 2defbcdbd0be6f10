"""Wagtail admin views for the second factor (enrol, verify, manage, reset) and
the lockout screen. Styled with Wagtail's own admin templates."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views import View
from django.views.generic import TemplateView
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp_webauthn.models import WebAuthnCredential
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .devices import (
    device_verify,
    devices_reset,
    recovery_codes_create,
    totp_device_for_enrolment,
    totp_enrolment_confirm,
    totp_qr_svg,
    totp_secret,
    user_is_enrolled,
)
from .forms import CodeForm
from .lockouts import lockout_release, lockouts_list


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _recovery_codes(request, codes: list[str], next_url: str):
    return render(request, "security/recovery_codes.html", {"codes": codes, "next": next_url})


class EnrolView(View):
    """First sign-in: scan the QR code (or type the secret), confirm with a code,
    then see the recovery codes, once."""

    template_name = "security/enrol.html"

    def dispatch(self, request, *args, **kwargs):
        if user_is_enrolled(request.user):
            return redirect(
                f"{reverse('security_verify')}?{urlencode({'next': _next_url(request)})}"
            )
        self.device = totp_device_for_enrolment(user=request.user)
        return super().dispatch(request, *args, **kwargs)

    def render(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "qr_svg": totp_qr_svg(self.device),
                "secret": totp_secret(self.device),
                "next": _next_url(self.request),
            },
        )

    def get(self, request):
        return self.render(CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if form.is_valid() and totp_enrolment_confirm(
            device=self.device, token="".join(form.cleaned_data["code"].split())
        ):
            otp_login(request, self.device)
            return _recovery_codes(
                request, recovery_codes_create(user=request.user), _next_url(request)
            )
        form.add_error(
            None, "This code is not right. Check the time on your phone and try the newest code."
        )
        return self.render(form)


class VerifyView(View):
    template_name = "security/verify.html"

    def dispatch(self, request, *args, **kwargs):
        if not user_is_enrolled(request.user):
            return redirect(
                f"{reverse('security_enrol')}?{urlencode({'next': _next_url(request)})}"
            )
        return super().dispatch(request, *args, **kwargs)

    def render(self, form):
        has_passkey = WebAuthnCredential.objects.filter(
            user=self.request.user, confirmed=True
        ).exists()
        return render(
            self.request,
            self.template_name,
            {"form": form, "next": _next_url(self.request), "has_passkey": has_passkey},
        )

    def get(self, request):
        return self.render(CodeForm())

    def post(self, request):
        form = CodeForm(request.POST)
        if form.is_valid():
            device = device_verify(user=request.user, token=form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                return redirect(_next_url(request))
        form.add_error(None, "This code is not valid, or it was used already.")
        return self.render(form)


class DevicesView(WagtailAdminTemplateMixin, TemplateView):
    """The signed-in user's own second factors: passkeys and new recovery codes."""

    template_name = "security/devices.html"
    page_title = "Two-factor authentication"
    header_icon = "key"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "devices": list(devices_for_user(self.request.user)),
            "enrolled": user_is_enrolled(self.request.user),
        }

    def post(self, request):
        if not request.user.is_verified():
            raise PermissionDenied
        return _recovery_codes(
            request, recovery_codes_create(user=request.user), reverse("security_devices")
        )


def _superuser_only(request) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


class DevicesResetView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "security/devices_reset.html"
    page_title = "Reset two-factor authentication"
    header_icon = "key"

    def dispatch(self, request, *args, user_id, **kwargs):
        _superuser_only(request)
        self.target = get_object_or_404(get_user_model(), pk=user_id)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "target": self.target}

    def post(self, request):
        removed = devices_reset(user=self.target, by=request.user)
        messages.success(
            request,
            f"Removed {removed} two-factor device(s) of {self.target.get_username()}; "
            "they set up a new one at their next sign-in.",
        )
        return redirect("wagtailusers_users:index")


class LockoutsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "security/lockouts.html"
    page_title = "Locked logins"
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        _superuser_only(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "lockouts": lockouts_list(),
            "limit": settings.AXES_FAILURE_LIMIT,
        }

    def post(self, request):
        kind, value = request.POST.get("kind"), request.POST.get("value", "")
        if kind not in {"username", "ip_address"} or not value:
            return redirect("security_lockouts")
        lockout_release(kind=kind, value=value, by=request.user)
        messages.success(request, f"Unlocked {value}.")
        return redirect("security_lockouts")


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: Wagtail's sign-in page with the reason."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "security/locked_out.html",
        {"form": LoginForm(request), "minutes": minutes},
        status=429,
    )
