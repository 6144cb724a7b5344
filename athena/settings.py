"""Athena settings: every value comes from the environment (django-environ).

The defaults are the quick start: a SQLite file and a filesystem Celery transport under
``var/``, so ``make run`` needs no services. ``athena.settings_production`` builds on this
module and refuses to start without real secrets and PostgreSQL.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("ATHENA_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)
# A development-only key so the quick start runs; production settings refuse it.
INSECURE_DEVELOPMENT_SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
PORT = env.int("PORT", default=8000)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "crispy_forms",
    "crispy_forms_gds",
    "django_htmx",
    "template_partials",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "athena.accounts",
    "athena.audit",
    "athena.jobs",
    "athena.people",
    "athena.offences",
    "athena.notifications",
    "cases",
    "custody",
    "intelligence",
]

MIDDLEWARE = [
    # First, so that it sees every response, even one another middleware failed with.
    "athena.security.SecurityHeadersMiddleware",
    # /healthz, answered before anything that needs the database.
    "athena.health.HealthFirstMiddleware",
    # Outside the outage middleware, so a 503 is logged as one and keeps its request id.
    "athena.logging.RequestIdMiddleware",
    # A failure to reach the database answers 503, not 500; outside every middleware
    # that reads the database (the session, the user).
    "athena.outage.OutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "athena.assets.DesignSystemAssetsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "athena.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "athena.security.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks, so it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "athena.urls"
WSGI_APPLICATION = "athena.wsgi.application"
ASGI_APPLICATION = "athena.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "athena.accounts.context_processors.navigation",
                "athena.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'athena.sqlite3'}"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL, a busy timeout and immediate transactions let the web server and the worker
    # share the file without "database is locked" errors.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file too, not Django's shared in-memory database: the browser tests'
    # live server then gives each request thread its own connection, as in real use.
    # One file per test process, so two test runs never share (and corrupt) one.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-athena-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # No JIT for the web's short queries: compiling took 658 of a review-queue count's
    # 712 ms under load, and turning it off took the load test from 13.4 to 23.2
    # requests/s (docs/benchmarks.md). ATHENA_POSTGRES_JIT=on gives it back.
    if not env.bool("ATHENA_POSTGRES_JIT", default=False):
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
# --- High availability: several PostgreSQL hosts (bench/ha/README.md) ---
# DATABASE_URL may list a Patroni cluster's nodes (postgres://user:pw@db1:5432,db2:5432/athena)
# and libpq tries them in turn. It must settle on the primary (a standby refuses every
# write) and give up on a dead host within seconds (libpq waits forever by default). The
# URL's ?target_session_attrs=...&connect_timeout=... win over these defaults.
if "," in str(DATABASES["default"].get("HOST", "")):
    _ha_options = DATABASES["default"].setdefault("OPTIONS", {})
    _ha_options.setdefault("target_session_attrs", "read-write")
    _ha_options.setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=2))
# --- end of high availability ---
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts, login and two-factor ----------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's model backend, with roles and permissions remembered per process.
    "athena.accounts.backends.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"

# Two-factor (TOTP) for every user when on; production settings turn it on.
ATHENA_REQUIRE_TWO_FACTOR = env.bool("ATHENA_REQUIRE_TWO_FACTOR", default=False)
OTP_TOTP_ISSUER = "Athena"

# Pause signing in to a username from one address for 15 minutes after 5 failed attempts
# from there. By username and address together: locking by username alone let anyone,
# anywhere, lock any officer out by typing their username five times; locking by address
# alone would lock out a whole station behind its force's proxy after one person's typos.
# Each further pause of that username from that address is twice as long, up to a day
# (athena/accounts/lockout.py says how the settings below fit together).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
ATHENA_SIGN_IN_PAUSE_FIRST = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
ATHENA_SIGN_IN_PAUSE_LONGEST = timedelta(
    hours=env.int("ATHENA_SIGN_IN_PAUSE_LONGEST_HOURS", default=24))
AXES_COOLOFF_TIME = "athena.accounts.lockout.cool_off"
AXES_HANDLER = "athena.accounts.lockout.SignInPauseHandler"
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Sessions end after this long without a request from their user (a page refreshing
# itself does not count), and this long after signing in whatever the user does: a shift.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
ATHENA_SESSION_ABSOLUTE_LIFETIME = timedelta(
    hours=env.int("ATHENA_SESSION_ABSOLUTE_HOURS", default=12))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security headers --------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Permissions-Policy: the browser features pages may use. None of these but full screen
# (a PDF viewer's), and that only for our own pages. Name only features Chromium knows,
# or every page logs an error (tests/browser/test_background_refresh.py looks).
ATHENA_PERMISSIONS_POLICY = {
    "accelerometer": [], "autoplay": [], "camera": [], "clipboard-read": [],
    "display-capture": [], "encrypted-media": [], "fullscreen": ["self"], "geolocation": [],
    "gyroscope": [], "hid": [], "idle-detection": [], "magnetometer": [], "microphone": [],
    "midi": [], "payment": [], "picture-in-picture": [], "publickey-credentials-get": [],
    "screen-wake-lock": [], "serial": [], "usb": [], "xr-spatial-tracking": [],
}

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files and the design system ------------------------------------------------
NODE_MODULES = BASE_DIR / "node_modules"
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("moj", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj"),
]
# The compiled GOV.UK and MoJ CSS load fonts and images from /assets/.
DESIGN_SYSTEM_ASSET_DIRS = [
    NODE_MODULES / "govuk-frontend" / "dist" / "govuk" / "assets",
    NODE_MODULES / "@ministryofjustice" / "frontend" / "moj" / "assets",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_CLASS_CONVERTERS = {
    "numberinput": "govuk-input",
    "dateinput": "govuk-input",
    "urlinput": "govuk-input",
    "telinput": "govuk-input",
    "searchinput": "govuk-input",
}

# --- Celery ------------------------------------------------------------------------------
CELERY_FILESYSTEM_DIR = VAR_DIR / "celery"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
# Redis hands a message nobody acknowledged to another worker after this long. It must be
# longer than the longest job's hard time limit plus the longest retry countdown
# (athena/jobs: 300 s each), or Redis would start a second copy of a job still running or
# a retry still waiting. Lost work comes back fast through the job leases and the sweeper
# (athena/jobs/models.py), not through Redis.
ATHENA_BROKER_VISIBILITY_TIMEOUT = 3600
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "processed", "control"):
        (CELERY_FILESYSTEM_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_DIR / "queue"),
        "data_folder_out": str(CELERY_FILESYSTEM_DIR / "queue"),
        "processed_folder": str(CELERY_FILESYSTEM_DIR / "processed"),
        "control_folder": str(CELERY_FILESYSTEM_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": ATHENA_BROKER_VISIBILITY_TIMEOUT,
        # A page that sends a job answers in its normal time with the broker frozen or
        # gone: one short try to connect and to talk (a live Redis answers in
        # milliseconds), then the job waits in its row for the sweeper
        # (athena/jobs/services.py job_send).
        "socket_connect_timeout": 1,
        "socket_timeout": 1,
        "max_retries": 0,
        # A worker on a connection that went silent (a frozen broker) drops it and
        # reconnects after some 1 + 2 x 5 s, not 51.
        "health_check_interval": 5,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker reconnects for as long as the broker is away (by default it exits after 100
# tries, and honcho stops the web server with it).
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# ... and tries again every few seconds, not every 30 (athena/celery.py).
CELERY_WORKER_CONSUMER = "athena.celery:QuickReconnectConsumer"
# Sending is tried once, never retried inside a request: the job row is the truth.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# Housekeeping's limits; each kind of job has its own queue and limits
# (athena/jobs/registry.py), and Procfile.dev's worker consumes every queue.
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
ATHENA_SWEEP_SECONDS = 15
# The worker's main process records its heartbeat this often (athena/jobs/heartbeat.py).
ATHENA_WORKER_HEARTBEAT_SECONDS = 10
CELERY_BEAT_SCHEDULE = {
    # Each expires by its next turn: a worker back from an outage runs the latest, not
    # every one beat sent meanwhile.
    "sweep-stale-jobs": {"task": "athena.jobs.sweep_stale_jobs",
                         "schedule": float(ATHENA_SWEEP_SECONDS),
                         "options": {"expires": ATHENA_SWEEP_SECONDS}},
    "clean-orphaned-uploads": {"task": "cases.clean_orphaned_uploads", "schedule": 3600.0,
                               "options": {"expires": 3600}},
}
# A queued job whose message is this overdue is sent again by the sweeper (each kind may
# say otherwise, athena/jobs/registry.py); a running one, once its lease runs out.
ATHENA_JOB_STALE_AFTER = timedelta(seconds=env.int("ATHENA_JOB_STALE_SECONDS", default=25))
ATHENA_JOB_MAX_ATTEMPTS = 5
# A delivery that cannot reach the database sends itself again after this many seconds.
ATHENA_JOB_DATABASE_RETRY_SECONDS = 5
# An autosaved section's PDF is rendered this long after the first change (cases/services.py,
# section_render_queue), so the autosaves of a minute's typing share one render.
ATHENA_SECTION_RENDER_DELAY_SECONDS = 30
# A progress page tells the officer the work is delayed once its job is older than this.
ATHENA_JOB_DELAYED_AFTER = timedelta(seconds=30)
# /healthz reports the worker (or the sweeper) unwell when its heartbeat is older than
# this: three of the worker's beats, two of the sweeper's.
ATHENA_HEARTBEAT_MAX_AGE = timedelta(seconds=30)
# --- High availability: Redis behind Sentinel (bench/ha/README.md) ---
# CELERY_BROKER_URL=sentinel://host1:26379;sentinel://host2:26379;... asks the Sentinels
# which Redis is master now; they name it here. Added to the options above, not instead.
if CELERY_BROKER_URL.startswith("sentinel://"):
    CELERY_BROKER_TRANSPORT_OPTIONS["master_name"] = env.str(
        "CELERY_BROKER_SENTINEL_MASTER", default="athena")
# --- end of high availability ---

# --- Logging ------------------------------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("LOG_FORMAT", default="console" if DEBUG else "json")
LOGGING_CONFIG = None
from athena.logging import configure_logging  # noqa: E402

configure_logging(level=LOG_LEVEL, fmt=LOG_FORMAT)

# --- Demo ---------------------------------------------------------------------------------
# Only `manage.py seed_demo` uses this; production settings forbid seeding.
ATHENA_ALLOW_DEMO_DATA = True
ATHENA_DEMO_PASSWORD = "athena-demo-2026"  # noqa: S105 - public demo password, README

# --- Case files ---------------------------------------------------------------------------
# The two-letter unit in new case URNs (force code, unit, number, year: 42CJ0000126).
ATHENA_CASE_UNIT_CODE = env.str("ATHENA_CASE_UNIT_CODE", default="CJ")
# Exhibits: the largest upload accepted, in bytes.
ATHENA_EXHIBIT_MAX_BYTES = env.int("ATHENA_EXHIBIT_MAX_BYTES", default=20 * 1024 * 1024)

# Mail for notifications (sent by the worker). The quick start writes mail to the log.
EMAIL_BACKEND = env.str("EMAIL_BACKEND",
                        default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="athena@localhost")
# The SMTP server of the smtp backend; a mail server that stops answering fails the send
# after EMAIL_TIMEOUT seconds rather than holding a worker.
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# Largest Digital Case File accepted for import (a whole file with its texts is far less).
ATHENA_DCF_MAX_BYTES = env.int("ATHENA_DCF_MAX_BYTES", default=10 * 1024 * 1024)

# The REST API: the same sign-in and the same permission rules as the pages.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Athena API",
    "DESCRIPTION": "Case files and their CPS Digital Case File export.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# The address links in notification emails start with.
ATHENA_BASE_URL = env.str("ATHENA_BASE_URL", default="http://127.0.0.1:8000")

# --- Audit trail tamper evidence (docs/security.md) --------------------------------------
# Checkpoints of the audit hash chain are signed with this HMAC key, which the database
# never holds. Production settings (no demo data) refuse to start without it; the quick
# start and the tests use a random key made on first use in ATHENA_AUDIT_HMAC_KEY_FILE.
ATHENA_AUDIT_HMAC_KEY = env.str("ATHENA_AUDIT_HMAC_KEY", default="")
ATHENA_AUDIT_HMAC_KEY_FILE = Path(env.str("ATHENA_AUDIT_HMAC_KEY_FILE",
                                          default=str(VAR_DIR / "audit-hmac.key")))
# Keys retired by a rotation (comma-separated), still accepted for older checkpoints.
ATHENA_AUDIT_HMAC_PREVIOUS_KEYS = env.list("ATHENA_AUDIT_HMAC_PREVIOUS_KEYS", default=[])
# A checkpoint every this many events, and by the worker at least this often if any came.
ATHENA_AUDIT_CHECKPOINT_EVERY = env.int("ATHENA_AUDIT_CHECKPOINT_EVERY", default=100)
ATHENA_AUDIT_CHECKPOINT_MINUTES = env.int("ATHENA_AUDIT_CHECKPOINT_MINUTES", default=15)
# The append-only file checkpoints also go to; empty: var/audit-checkpoints-<database>.jsonl.
ATHENA_AUDIT_CHECKPOINT_SINK = env.str("ATHENA_AUDIT_CHECKPOINT_SINK", default="")
CELERY_BEAT_SCHEDULE["audit-checkpoint"] = {
    "task": "athena.audit.checkpoint", "schedule": ATHENA_AUDIT_CHECKPOINT_MINUTES * 60.0,
}
# Page views append their events unchained; the worker seals them into the hash chain
# this often. Until then a new event is covered by nothing (docs/security.md).
ATHENA_AUDIT_SEAL_SECONDS = env.float("ATHENA_AUDIT_SEAL_SECONDS", default=5.0)
CELERY_BEAT_SCHEDULE["audit-seal"] = {
    "task": "athena.audit.seal", "schedule": ATHENA_AUDIT_SEAL_SECONDS,
}
