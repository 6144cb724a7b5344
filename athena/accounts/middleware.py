from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

# Pages a signed-in user may reach before their second factor is checked.
_OPEN_BEFORE_SECOND_FACTOR = ("accounts:two_factor_setup", "accounts:two_factor_verify",
                              "accounts:logout", "healthz")


class TwoFactorRequiredMiddleware:
    """Send a signed-in user to their second factor before any other page.

    Everybody with a confirmed authenticator must use it; when ATHENA_REQUIRE_TWO_FACTOR
    is on, everybody without one must first enrol.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in _OPEN_BEFORE_SECOND_FACTOR:
            return None
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        from django_otp import user_has_device

        if user_has_device(user, confirmed=True):
            query = urlencode({"next": request.path})
            return redirect(f"{reverse('accounts:two_factor_verify')}?{query}")
        if settings.ATHENA_REQUIRE_TWO_FACTOR:
            return redirect("accounts:two_factor_setup")
        return None
