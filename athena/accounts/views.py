from base64 import b32encode
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from athena.accounts.forms import DeviceTokenForm, LoginForm, VerifyTokenForm
from athena.next_page import local_path, redirect_to_next


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


def _qr_code_svg(device):
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage,
                        box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Enrol an authenticator app: show its QR code, then confirm one of its codes."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator app",
                                           confirmed=False)
    form = DeviceTokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        otp_login(request, device)
        return redirect_to_next(request, default="home")
    return render(request, "accounts/two_factor_setup.html", {
        "form": form,
        "qr_code_svg": _qr_code_svg(device),
        "secret_key": b32encode(device.bin_key).decode(),
    })


@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    form = VerifyTokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        return redirect_to_next(request, default="home")
    return render(request, "accounts/two_factor_verify.html",
                  {"form": form, "next": local_path(request, request.GET.get("next")) or ""})
