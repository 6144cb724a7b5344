"""Structured logs (structlog) carrying a request id, and the middleware that sets it.

Log events name ids and codes only: no names, dates of birth or other personal data.
"""

import logging.config
import re
import uuid

import structlog
from django.utils.functional import SimpleLazyObject, empty

REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def configure_logging(*, level, fmt):
    renderer = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {
                "structured": {
                    "()": structlog.stdlib.ProcessorFormatter,
                    "processors": [
                        structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                        renderer,
                    ],
                    "foreign_pre_chain": shared,
                },
            },
            "handlers": {
                "console": {"class": "logging.StreamHandler", "formatter": "structured"},
            },
            "root": {"handlers": ["console"], "level": level},
            "loggers": {
                # Django's request logger prints the path and query string, which can hold
                # search terms (names): our middleware logs requests without them.
                "django.request": {"level": "ERROR"},
                "django.server": {"level": "WARNING"},
                # WeasyPrint narrates every step of every PDF at INFO.
                "weasyprint": {"level": "WARNING"},
                "fontTools": {"level": "WARNING"},
            },
        }
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def current_request_id():
    return structlog.contextvars.get_contextvars().get("request_id")


class RequestIdMiddleware:
    """Give every request an id (or keep a well-formed one from a proxy) for logs and audit."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.log = structlog.get_logger("athena.request")

    def __call__(self, request):
        incoming = request.META.get(REQUEST_ID_HEADER, "")
        request.id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request.id)
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        self.log.info(
            "request",
            method=request.method,
            view=getattr(request.resolver_match, "view_name", None),
            status=response.status_code,
            user_id=_user_id_if_loaded(request),
        )
        return response


def _user_id_if_loaded(request):
    """The signed-in user's id, if the request already looked them up. Never a query of
    its own: with the database away (a 503) looking them up here would raise and lose
    the request's log line and id."""
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject):
        if user._wrapped is empty:
            return None
        user = user._wrapped
    return user.pk if user is not None and user.is_authenticated else None
