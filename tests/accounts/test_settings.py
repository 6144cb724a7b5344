"""Production settings refuse to start on unsafe configuration."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "x9$Lq2!vR7#mT4@wZ8^pN1&bK6*hF3(jD5)sG0_cV-eY+uA=oI;rE:tW<yQ>zX"
GOOD_ENV = {
    "SECRET_KEY": GOOD_KEY,
    # The audit trail's checkpoints are signed with a key the database does not hold.
    "ATHENA_AUDIT_HMAC_KEY": "k" * 20 + "A7!mQ2#vX9$pL4@wR8^tN1&z",
    "ALLOWED_HOSTS": "athena.police.example",
    "DATABASE_URL": "postgres://athena@db.internal:5432/athena",
}


def import_production_settings(**overrides):
    env = {key: value for key, value in os.environ.items()
           if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEBUG",
                          "ATHENA_AUDIT_HMAC_KEY"}}
    env.update(GOOD_ENV)
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    env["DJANGO_SETTINGS_MODULE"] = "athena.settings_production"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )


def test_production_settings_start_with_real_configuration():
    result = import_production_settings()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("overrides", "complaint"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"SECRET_KEY": "insecure-development-key-not-for-production"}, "SECRET_KEY"),
        ({"SECRET_KEY": "a" * 60}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"DATABASE_URL": None}, "DATABASE_URL"),
        ({"DATABASE_URL": "sqlite:////tmp/athena.sqlite3"}, "DATABASE_URL"),
        ({"DEBUG": "true"}, "DEBUG"),
    ],
)
def test_production_settings_refuse_unsafe_configuration(overrides, complaint):
    result = import_production_settings(**overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr


def test_production_settings_require_two_factor_and_forbid_demo_data():
    result = subprocess.run(
        [sys.executable, "-c",
         "from django.conf import settings; import django; django.setup(); "
         "print(settings.ATHENA_REQUIRE_TWO_FACTOR, settings.ATHENA_ALLOW_DEMO_DATA)"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, **GOOD_ENV, "DJANGO_SETTINGS_MODULE": "athena.settings_production"},
    )
    assert result.stdout.split() == ["True", "False"], result.stderr
