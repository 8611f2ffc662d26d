"""Two-factor authentication for the admin, on django-otp.

An admin user adds an authenticator app (TOTP) once, at /admin/2fa/setup/,
and gets ten single-use backup codes. After each sign-in, /admin/2fa/verify/
asks for a code from the app (or a backup code). cms.security's
AdminTwoFactorMiddleware sends users there when `ADMIN_2FA_REQUIRED` is on.

django-otp slows down repeated wrong codes per device (OTP_TOTP_THROTTLE_FACTOR).
A lost device is removed by a superuser in /django-admin/ (OTP devices), after
which the user sets up a new one at the next sign-in.
"""

from __future__ import annotations

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10
DEVICE_NAME = "Authenticator app"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtailadmin_home")


def _with_next(view: str, request: HttpRequest) -> str:
    return f"{reverse(view)}?{urlencode({'next': _next_url(request)})}"


def _verified(request: HttpRequest, device) -> None:
    otp_login(request, device)
    # A new session key for the more privileged session, as at sign-in.
    request.session.cycle_key()


@never_cache
@login_required(login_url="wagtailadmin_login")
def setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: show its key and QR code, confirm with a code."""
    user = request.user
    if user_has_device(user):
        return redirect(_with_next("twofactor_verify", request))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_is_allowed()[0] and device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save()
            codes = _new_backup_codes(user)
            _verified(request, device)
            return render(
                request,
                "twofactor/backup_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error("token", _("That code is not valid. Try the current code from the app."))
    qr_code = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000")
    return render(
        request,
        "twofactor/setup.html",
        {
            "form": form,
            "qr_code": qr_code,
            "key": _grouped_base32(device),
            "next": _next_url(request),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required(login_url="wagtailadmin_login")
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for a code from the app or a backup code."""
    user = request.user
    if not user_has_device(user):
        return redirect(_with_next("twofactor_setup", request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        for device in devices_for_user(user):
            if verify_token(user, device.persistent_id, token):
                _verified(request, device)
                return redirect(_next_url(request))
        form.add_error("token", _("That code is not valid."))
    return render(
        request,
        "twofactor/verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


def _new_backup_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Backup codes")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _grouped_base32(device: TOTPDevice) -> str:
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


urlpatterns = [
    path("setup/", setup, name="twofactor_setup"),
    path("verify/", verify, name="twofactor_verify"),
]
