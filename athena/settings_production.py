"""Production settings: the base settings, hardened, with loud refusal of unsafe values.

Use with ``DJANGO_SETTINGS_MODULE=athena.settings_production``. Importing this module
raises ``ImproperlyConfigured`` unless SECRET_KEY, ALLOWED_HOSTS and a PostgreSQL
DATABASE_URL are set for real, so a misconfigured server never starts.
"""

from django.core.exceptions import ImproperlyConfigured

from athena.logging import configure_logging
from athena.settings import *  # noqa: F403
from athena.settings import DATABASES, INSECURE_DEVELOPMENT_SECRET_KEY, LOG_LEVEL, env


def _require(condition, message):
    if not condition:
        raise ImproperlyConfigured(f"Production settings: {message}")


DEBUG = env.bool("DEBUG", default=False)
_require(not DEBUG, "DEBUG must be off.")

SECRET_KEY = env.str("SECRET_KEY", default="")
_require(
    len(SECRET_KEY) >= 50
    and SECRET_KEY != INSECURE_DEVELOPMENT_SECRET_KEY
    and len(set(SECRET_KEY)) >= 5,
    "SECRET_KEY must be set to a random value of at least 50 characters.",
)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
_require(
    ALLOWED_HOSTS and "*" not in ALLOWED_HOSTS,
    "ALLOWED_HOSTS must name the hosts this server answers for (no '*').",
)

_require(
    "DATABASE_URL" in env.ENVIRON
    and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql",
    "DATABASE_URL must point at PostgreSQL.",
)

ATHENA_REQUIRE_TWO_FACTOR = env.bool("ATHENA_REQUIRE_TWO_FACTOR", default=True)
_require(ATHENA_REQUIRE_TWO_FACTOR,
         "ATHENA_REQUIRE_TWO_FACTOR cannot be turned off: every user signs in with a "
         "second factor.")
ATHENA_ALLOW_DEMO_DATA = False
# The base settings configured logging before they knew this was production (as a
# console log, DEBUG being on there by default): production's log is JSON, one event a
# line, whatever LOG_FORMAT says.
LOG_FORMAT = "json"
configure_logging(level=LOG_LEVEL, fmt=LOG_FORMAT)

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
