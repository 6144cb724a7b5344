"""Production refuses to run with two-factor sign-in off, and logs JSON, one event a line.

Each test loads athena.settings_production in a fresh interpreter with the environment a
real server has (tests/accounts/test_settings.py checks its other refusals).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_ENV = {
    "SECRET_KEY": "x9$Lq2!vR7#mT4@wZ8^pN1&bK6*hF3(jD5)sG0_cV-eY+uA=oI;rE:tW<yQ>zX",
    "ALLOWED_HOSTS": "athena.police.example",
    "DATABASE_URL": "postgres://athena@db.internal:5432/athena",
    "DJANGO_SETTINGS_MODULE": "athena.settings_production",
}
# Loads the settings (not the apps, which would want the other production services) and
# logs as the app does: through structlog, and through the standard library.
LOG_TWO_EVENTS = """
from django.conf import settings
settings.INSTALLED_APPS
import logging, structlog
structlog.get_logger("athena.request").info("request", status=200, user_id=7)
logging.getLogger("django.request").error("Internal Server Error")
"""


def run_production(code, **overrides):
    env = {key: value for key, value in os.environ.items()
           if key not in {"DEBUG", "LOG_FORMAT", "ATHENA_REQUIRE_TWO_FACTOR"}}
    env.update(PRODUCTION_ENV)
    env.update(overrides)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)


def test_production_refuses_two_factor_off():
    result = run_production(LOG_TWO_EVENTS, ATHENA_REQUIRE_TWO_FACTOR="false")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ATHENA_REQUIRE_TWO_FACTOR cannot be turned off" in result.stderr


def test_production_requires_two_factor_unless_told_otherwise():
    result = run_production(
        "from django.conf import settings; print(settings.ATHENA_REQUIRE_TWO_FACTOR)")
    assert result.stdout.strip() == "True", result.stderr


def test_production_logs_json_even_when_asked_for_the_console_format():
    result = run_production(LOG_TWO_EVENTS, LOG_FORMAT="console")
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(event["logger"], event["event"], event["level"]) for event in events] == [
        ("athena.request", "request", "info"),
        ("django.request", "Internal Server Error", "error"),
    ]
    assert events[0]["user_id"] == 7
    assert events[0]["timestamp"].endswith("Z")
