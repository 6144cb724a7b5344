"""Headers every response carries, and the two limits on a session: idle time and a shift.

Personal data must not stay in a browser's or a proxy's cache, and a page must not be
framed or given the camera, whatever produced it: a view, a view that failed, or a
middleware that failed before django-csp and the clickjacking middleware saw the
response (a 500 raised while saving a session, for one).
"""

import time
from urllib.parse import urlsplit

from csp.utils import build_policy
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url
from django.utils.cache import patch_cache_control
from django_htmx.http import HttpResponseClientRedirect

from athena.accounts.middleware import SlidingSessionMiddleware

# The header app.mjs adds to a request the page makes by itself on a timer
# (hx-trigger="every 30s"): the custody board's refresh, a submission's progress.
BACKGROUND_HEADER = "X-Athena-Background"


def permissions_policy(features):
    """The Permissions-Policy header for ``{"camera": [], "fullscreen": ["self"]}``."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in features.items())


class SecurityHeadersMiddleware:
    """First in MIDDLEWARE, so it sees every response the others send or fail with.

    - ``Cache-Control: no-store`` on every response to a signed-in user (pages, partials,
      PDFs, exhibits, exports, the API) and on every server error. The custody service
      worker still keeps its copies: the Cache API stores what the worker puts there,
      whatever the response's Cache-Control says.
    - ``Permissions-Policy`` on every response.
    - The site's Content-Security-Policy and ``X-Frame-Options: DENY`` on a response
      that lacks them because it came from outside django-csp's and the clickjacking
      middleware's reach. Not on Django's debug pages, which need their inline styles.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = permissions_policy(settings.ATHENA_PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        # A server error is checked first: working out who is signed in may be what
        # failed (the database is down), and must not fail again here.
        if response.status_code >= 500 or _signed_in(request):
            patch_cache_control(response, no_store=True)
            response["Pragma"] = "no-cache"
        if not (settings.DEBUG and response.status_code in (404, 500)):
            self._deny_framing_and_scripts(response)
        return response

    @staticmethod
    def _deny_framing_and_scripts(response):
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        exempt = getattr(response, "_csp_exempt", False)
        if not exempt and "Content-Security-Policy" not in response:
            # Without a nonce: a page that reached here unseen by django-csp has no
            # script that was given one.
            response["Content-Security-Policy"] = build_policy()
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)


def _signed_in(request):
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def is_background(request):
    """True for a request the page made by itself on a timer, not one its user made."""
    return request.headers.get(BACKGROUND_HEADER) == "1"


class SessionLifetimeMiddleware(SlidingSessionMiddleware):
    """A session ends ATHENA_SESSION_ABSOLUTE_LIFETIME (a shift) after signing in,
    however busy its user, and SESSION_COOKIE_AGE after its user last did something.

    Only a request the user made renews the idle limit (at most once a minute, as
    SlidingSessionMiddleware explains); a page refreshing itself on a timer does not, so
    a custody board left open does not keep its session alive for ever. The idle limit is
    also checked here, not only by the session's expiry in the database, so that nothing
    else that saves a session (a poll, a view) can stretch it.

    After MessageMiddleware, so that the sign-in page can say why the session ended; a
    page that refreshes itself is sent there whole, not given the sign-in page to swap
    into itself.
    """

    SIGNED_IN_AT = "_signed_in_at"

    def __call__(self, request):
        now = int(time.time())
        ended = self._ended(request.session, now)
        if ended:
            auth.logout(request)
            if ended == "shift":
                messages.info(request, _shift_over_message())
        response = self.get_response(request)
        self._keep(request, now)
        return self._whole_page_to_sign_in(request, response)

    def _ended(self, session, now):
        """The limit the signed-in session has reached, "shift" or "idle", or None."""
        if auth.SESSION_KEY not in session:
            return None
        signed_in_at = session.get(self.SIGNED_IN_AT)
        shift = settings.ATHENA_SESSION_ABSOLUTE_LIFETIME.total_seconds()
        if signed_in_at is not None and now - signed_in_at >= shift:
            return "shift"
        renewed_at = session.get(self.KEY)
        if renewed_at is not None and now - renewed_at >= settings.SESSION_COOKIE_AGE:
            return "idle"
        return None

    def _keep(self, request, now):
        session = getattr(request, "session", None)
        if session is None or not session.session_key or auth.SESSION_KEY not in session:
            return
        if not is_background(request) and (
                now - session.get(self.KEY, 0) >= self.RENEW_AFTER_SECONDS):
            session[self.KEY] = now  # modified: saved with a fresh expiry and cookie
        if session.modified:
            # Signing in writes the session, so its response starts the shift; stamped
            # only with a write already due, never costing one of its own. (A session
            # made without a request, or before this limit, starts it at its next write.)
            session.setdefault(self.SIGNED_IN_AT, now)

    @staticmethod
    def _whole_page_to_sign_in(request, response):
        htmx = getattr(request, "htmx", None)
        if (not htmx or _signed_in(request) or response.status_code != 302
                or urlsplit(response["Location"]).path != resolve_url(settings.LOGIN_URL)):
            return response
        # Back, after signing in, to the page the user had open, not to the partial.
        page = htmx.current_url_abs_path or request.get_full_path()
        return HttpResponseClientRedirect(redirect_to_login(page).url)


def _shift_over_message():
    hours = round(settings.ATHENA_SESSION_ABSOLUTE_LIFETIME.total_seconds() / 3600)
    return (f"You were signed out because you signed in more than {hours} "
            f"hour{'' if hours == 1 else 's'} ago. Sign in again to carry on.")
