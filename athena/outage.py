"""What a request gets while the database cannot be reached: 503, never 500.

A page that fails because the database is away (stopped, restarting, its network gone)
answers 503 with Retry-After: the styled page templates/503.html, or a short JSON or
htmx answer to a script. It says the service is briefly unavailable, not that something
broke, and the custody service worker shows its saved copy in its place (sw.js).

The database is usually first touched by a middleware (loading the session, the user),
whose errors Django turns into a 500 before any outer middleware sees an exception. So
the failure is noted as Django reports it (``got_request_exception``) and the 500 is
swapped here on its way out; a view's failure is caught directly (``process_exception``).

A database error that is not an outage (a bad query, a deadlock, a missing table) stays
a 500: it is a bug or a clash, not something that mends in a minute.
"""

import sys

import structlog
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

log = structlog.get_logger(__name__)

RETRY_AFTER_SECONDS = 60
MESSAGE = ("Athena is briefly unavailable. Try again in a minute. Entries saved on this "
           "device are sent by themselves when it is back.")
# PostgreSQL: connection_exception (class 08), admin or crash shutdown, starting up.
_POSTGRES_UNREACHABLE_CLASS = "08"
_POSTGRES_UNREACHABLE = {"57P01", "57P02", "57P03"}
# SQLite (the quick start): busy or locked past the busy timeout, an I/O error, the file
# cannot be opened.
_SQLITE_UNREACHABLE = {5, 6, 10, 14}
_FAILURE = "_athena_failed_with"


def database_unreachable(error):
    """True when ``error`` says the database could not be reached or went away, rather
    than that a query was wrong."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__  # the driver's own error, which Django wraps
    sqlite_code = getattr(cause, "sqlite_errorcode", None)
    if sqlite_code is not None:
        return sqlite_code & 0xFF in _SQLITE_UNREACHABLE
    state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if state is None:
        # A failed connection or a dropped one carries no SQLSTATE: the server never
        # answered.
        return True
    return state.startswith(_POSTGRES_UNREACHABLE_CLASS) or state in _POSTGRES_UNREACHABLE


def _note_failure(sender, request=None, **kwargs):
    """got_request_exception, sent while Django handles the error: keep it on the
    request for OutageMiddleware."""
    if request is not None:
        setattr(request, _FAILURE, sys.exc_info()[1])


got_request_exception.connect(_note_failure, dispatch_uid="athena.outage.note_failure")


def _wants_json(request):
    return ("application/json" in request.headers.get("Accept", "")
            or request.path.startswith("/api/"))


def unavailable_response(request):
    """The 503 answer: JSON to a script that asked for JSON, a line to htmx, else the
    page. Rendered without the request, so nothing here touches the database (no user,
    no context processors)."""
    if _wants_json(request):
        response = JsonResponse({"message": MESSAGE}, status=503)
    elif request.headers.get("HX-Request") == "true":
        response = HttpResponse(f'<p class="govuk-body">{MESSAGE}</p>', status=503)
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Given outside CommonMiddleware, which would say it (without it an HTTP/1.1 server
    # closes the connection after the answer).
    response["Content-Length"] = str(len(response.content))
    patch_cache_control(response, no_store=True)
    return response


class OutageMiddleware:
    """Turns a failure to reach the database into 503 (see the module). Near the top of
    MIDDLEWARE, outside every middleware that reads the database, inside
    SecurityHeadersMiddleware, which gives the 503 the headers of every error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        failure = getattr(request, _FAILURE, None)
        if response.status_code == 500 and database_unreachable(failure):
            return self._unavailable(request, failure)
        return response

    def process_exception(self, request, exception):
        if database_unreachable(exception):
            return self._unavailable(request, exception)
        return None

    @staticmethod
    def _unavailable(request, error):
        log.warning("database.unavailable", path=request.path, method=request.method,
                    error_type=type(error).__name__)
        return unavailable_response(request)
