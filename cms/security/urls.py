from django.urls import include, path

from . import views

# Mounted under the admin (wagtail_hooks.py), so Wagtail's own login check
# guards them; cms.security.middleware lets an unverified user reach the
# first two and the passkey endpoints.
urlpatterns = [
    path("two-factor/verify/", views.VerifyView.as_view(), name="security_verify"),
    path("two-factor/enrol/", views.EnrolView.as_view(), name="security_enrol"),
    path("two-factor/", views.DevicesView.as_view(), name="security_devices"),
    path(
        "two-factor/users/<int:user_id>/reset/",
        views.DevicesResetView.as_view(),
        name="security_devices_reset",
    ),
    path("two-factor/passkeys/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
    path("locked-logins/", views.LockoutsView.as_view(), name="security_lockouts"),
]
