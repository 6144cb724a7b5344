import time
from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
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
        from athena.accounts.two_factor import has_authenticator

        if has_authenticator(user):
            query = urlencode({"next": request.path})
            return self._send(request, f"{reverse('accounts:two_factor_verify')}?{query}")
        if settings.ATHENA_REQUIRE_TWO_FACTOR:
            return self._send(request, reverse("accounts:two_factor_setup"))
        return None

    @staticmethod
    def _send(request, address):
        """A page goes to ``address``; a script asking for JSON is told so, not sent to
        an HTML page it would take for an answer."""
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"sign_in": address, "message": "Give your security code "
                                 "to go on."}, status=401)
        return redirect(address)


class SlidingSessionMiddleware:
    """Sign a user out after SESSION_COOKIE_AGE without a request, renewing the session
    at most once a minute. Saving it on every request (SESSION_SAVE_EVERY_REQUEST) costs
    a database write per page and per autosave; a minute's slack in a 30-minute idle
    sign-out costs nothing. Signing in starts the minute (``session_started``)."""

    RENEW_AFTER_SECONDS = 60
    KEY = "_renewed_at"

    @classmethod
    def session_started(cls, sender, request, user, **kwargs):
        """user_logged_in: a new session has a fresh expiry already."""
        request.session[cls.KEY] = int(time.time())

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.RENEW_AFTER_SECONDS:
                session[self.KEY] = now  # modified: saved with a fresh expiry and cookie
        return response
