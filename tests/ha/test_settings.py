"""The settings for high availability, read from the environment as a server reads
them: a DATABASE_URL listing several PostgreSQL hosts, and a Celery broker behind Redis
Sentinel (bench/ha/README.md). Each case imports the settings in a fresh interpreter."""

import json
import os
import socket
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HA_DATABASE_URL = "postgres://athena:secret@127.0.0.1:5441,127.0.0.1:5442/athena"
SENTINELS = "sentinel://127.0.0.1:26391;sentinel://127.0.0.1:26392;sentinel://127.0.0.1:26393"


def settings_with(tmp_path, code="", **environment):
    """The settings (as JSON) that a process with ``environment`` gets; ``code`` may then
    use Django and print its own JSON."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DATABASE_", "CELERY_", "REDIS_", "PYTEST"))}
    env.update({"DJANGO_SETTINGS_MODULE": "athena.settings",
                "ATHENA_VAR_DIR": str(tmp_path / "var"), **environment})
    code = code or ("from django.conf import settings; import json; print(json.dumps("
                    "{'database': settings.DATABASES['default'], "
                    "'broker': settings.CELERY_BROKER_TRANSPORT_OPTIONS}, default=str))")
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],  # noqa: S603
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_database_url_listing_hosts_gives_libpq_every_host_and_asks_for_the_primary(tmp_path):
    database = settings_with(tmp_path, DATABASE_URL=HA_DATABASE_URL)["database"]

    assert (database["HOST"], database["PORT"]) == ("127.0.0.1,127.0.0.1", "5441,5442")
    assert database["OPTIONS"]["target_session_attrs"] == "read-write"
    assert database["OPTIONS"]["connect_timeout"] == 2
    assert database["CONN_HEALTH_CHECKS"] is True


def test_the_url_may_set_its_own_session_attributes_and_timeout(tmp_path):
    url = f"{HA_DATABASE_URL}?target_session_attrs=primary&connect_timeout=5"

    options = settings_with(tmp_path, DATABASE_URL=url)["database"]["OPTIONS"]

    assert options == {"target_session_attrs": "primary", "connect_timeout": 5,
                       "options": "-c jit=off"}


def test_a_single_host_is_left_as_libpq_has_it(tmp_path):
    url = "postgres://athena:secret@127.0.0.1:5432/athena"

    database = settings_with(tmp_path, DATABASE_URL=url)["database"]

    assert "target_session_attrs" not in database.get("OPTIONS", {})


def test_a_broker_behind_sentinel_names_its_master_and_keeps_the_redis_options(tmp_path):
    plain = settings_with(tmp_path, CELERY_BROKER_URL="redis://127.0.0.1:6379/0")["broker"]

    behind_sentinel = settings_with(tmp_path, CELERY_BROKER_URL=SENTINELS,
                                    CELERY_BROKER_SENTINEL_MASTER="athena-ha")["broker"]

    assert behind_sentinel == {**plain, "master_name": "athena-ha"}
    assert "visibility_timeout" in behind_sentinel


def _postgres_answers():
    with closing(socket.socket()) as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", 5432)) == 0


def _closed_port():
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free once closed: nothing listens there


@pytest.mark.skipif(not _postgres_answers(), reason="no PostgreSQL on 127.0.0.1:5432")
def test_django_connects_to_the_next_host_when_the_first_is_down(tmp_path):
    admin = os.environ.get("ATHENA_HA_ADMIN_DATABASE_URL",
                           "postgres://postgres:postgres@127.0.0.1:5432/postgres")
    credentials, _, rest = admin.removeprefix("postgres://").rpartition("@")
    url = f"postgres://{credentials}@127.0.0.1:{_closed_port()},{rest}"

    reached = settings_with(tmp_path, code=(
        "from django.db import connection; import json; connection.ensure_connection(); "
        "print(json.dumps({'port': connection.connection.info.port, 'read_only': "
        "connection.connection.execute('SHOW transaction_read_only').fetchone()[0]}))"),
        DATABASE_URL=url)

    assert reached == {"port": 5432, "read_only": "off"}
