from base64 import b32encode
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login

from athena.accounts import two_factor
from athena.accounts.administration.selectors import users_manageable_by
from athena.accounts.forms import (
    WRONG_CODE,
    WRONG_NEW_CODE,
    LoginForm,
    ReplaceAuthenticatorForm,
    TokenForm,
    TwoFactorResetForm,
)
from athena.accounts.lockout import attempts_left, cooloff_words, pause_for
from athena.accounts.roles import Role
from athena.next_page import local_path, redirect_to_next

# The unconfirmed authenticator shown to this session, so a reload shows the same QR code.
PENDING_DEVICE = "two_factor_pending_device"
LOST_AUTHENTICATOR = ("If you have lost it, or changed phone without moving it, ask an "
                      "administrator of your force to reset your two-factor sign-in.")


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        """A wrong password says how many tries are left before signing in to that
        username from here is paused (the lockout's own count, django-axes)."""
        username = form.data.get("username", "")
        if form.non_field_errors() and username:
            address = self.request.axes_ip_address
            left = attempts_left(username=username, ip_address=address)
            if left is not None:
                pause = pause_for(username=username, ip_address=address)
                form.add_error(None, f"You have {left} attempt{pluralize(left)} left before "
                                     "signing in from this device is paused for "
                                     f"{cooloff_words(pause)}.")
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


def _qr_code_svg(device):
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage,
                        box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def _pending_device(request):
    device = two_factor.pending_authenticator(request.user,
                                              request.session.get(PENDING_DEVICE))
    request.session[PENDING_DEVICE] = device.pk
    return device


def _device_context(device):
    return {"qr_code_svg": _qr_code_svg(device),
            "secret_key": b32encode(device.bin_key).decode()}


@require_GET
def account(request):
    """The user's own account: who they are, and their two-factor sign-in."""
    user = request.user
    return render(request, "accounts/account.html", {
        "roles": [Role(name).label for name in user.role_names if name in Role.values],
        "has_authenticator": two_factor.has_authenticator(user),
        "administers_users": user.has_perm("accounts.administer_users"),
    })


@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Enrol a first authenticator app; or, for a user already signed in with one,
    replace it. A user who has one but has not given its code is sent to give it: the
    password alone never adds a device."""
    user = request.user
    if two_factor.has_authenticator(user):
        if not user.is_verified():
            two_factor.set_up_refused(user=user, page="set_up")
            messages.info(request, "You already have an authenticator app: enter a code "
                                   f"from it to sign in. {LOST_AUTHENTICATOR}")
            return redirect("accounts:two_factor_verify")
        return _replace(request)
    device = _pending_device(request)
    form = TokenForm(request.POST or None, submit_label="Confirm and continue")
    if request.method == "POST" and form.is_valid():
        try:
            enrolled = two_factor.authenticator_enrol(user=user, device=device,
                                                      token=form.cleaned_data["token"])
        except two_factor.TwoFactorRefused as refusal:
            messages.info(request, str(refusal))
            return redirect("accounts:two_factor_verify")
        if enrolled:
            otp_login(request, device)
            return redirect_to_next(request, default="home")
        form.add_error("token", WRONG_NEW_CODE)
    return render(request, "accounts/two_factor_setup.html",
                  {"form": form, **_device_context(device)})


def _replace(request):
    user = request.user
    device = _pending_device(request)
    form = ReplaceAuthenticatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        errors = two_factor.authenticator_replace(
            user=user, current_token=form.cleaned_data["current_token"], device=device,
            token=form.cleaned_data["token"])
        if not errors:
            otp_login(request, device)
            messages.success(request, "Your new authenticator app is set up. The old one "
                                      "no longer works for Athena.")
            return redirect("accounts:account")
        for field, message in errors.items():
            form.add_error(field, message)
    return render(request, "accounts/two_factor_replace.html",
                  {"form": form, **_device_context(device)})


@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    if request.user.is_verified():
        return redirect_to_next(request, default="home")
    if not two_factor.has_authenticator(request.user):
        return redirect("accounts:two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.second_factor_check(user=request.user,
                                                token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect_to_next(request, default="home")
        form.add_error("token", WRONG_CODE)
    return render(request, "accounts/two_factor_verify.html", {
        "form": form, "next": local_path(request, request.GET.get("next")) or "",
        "lost_authenticator": LOST_AUTHENTICATOR})


@require_http_methods(["GET", "POST"])
def two_factor_reset(request):
    """An administrator resets a colleague's two-factor sign-in (a lost or stolen
    phone), with the reason; the colleague sets up a new authenticator at next sign-in."""
    if not request.user.has_perm("accounts.administer_users"):
        raise PermissionDenied
    form = TwoFactorResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = (users_manageable_by(request.user)
                  .filter(username=form.cleaned_data["username"].strip()).first())
        if person is None:
            form.add_error("username", "There is no one with that username in your force")
        else:
            try:
                two_factor.two_factor_reset(acting_user=request.user, user=person,
                                            reason=form.cleaned_data["reason"])
            except two_factor.TwoFactorRefused as refusal:
                form.add_error("username", str(refusal))
            else:
                messages.success(request, f"Two-factor sign-in is reset for "
                                          f"{person.display_name}. They set up a new "
                                          "authenticator app when they next sign in.")
                return redirect("accounts:two_factor_reset")
    return render(request, "accounts/two_factor_reset.html", {"form": form})
