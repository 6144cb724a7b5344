"""Server time of the custody board with a full suite of 60 detainees.

Usage: .venv/bin/python bench/custody_board.py [--requests 100]

Throwaway SQLite database by default (ATHENA_VAR_DIR set to a temporary folder), or
whatever DATABASE_URL names. Budget: 100 ms p95 on the server.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
if "DATABASE_URL" not in os.environ:
    os.environ["ATHENA_VAR_DIR"] = tempfile.mkdtemp(prefix="athena-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "athena.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from athena.gc_tuning import tune_gc  # noqa: E402

tune_gc()  # as athena/wsgi.py does for the web server

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

BUDGET_MS = 100
DETAINEES = 60


def build_suite():
    from athena.accounts.models import User
    from athena.people.models import Person
    from custody.models import CustodyRecord, CustodySuite, RecordStatus
    from custody.services import (
        custody_authorise_detention,
        custody_book_in,
    )

    sergeant = User.objects.get(username="custody")
    officer = User.objects.get(username="officer")
    suite, _ = CustodySuite.objects.get_or_create(
        code="BEN", defaults={"force": sergeant.force, "name": "Bench suite"})
    people = list(Person.objects.order_by("pk")[:DETAINEES])
    now = timezone.now()
    for n, person in enumerate(people):
        if CustodyRecord.objects.filter(person=person).exclude(
                status=RecordStatus.CLOSED).exists():
            continue
        arrived = now - timedelta(minutes=20 + 23 * n)
        record = custody_book_in(acting_user=sergeant, suite=suite, person=person,
                                 arrested_at=arrived - timedelta(minutes=35),
                                 arrived_at=arrived, arrest_place="Bench Street",
                                 arresting_officer=officer, grounds="Bench grounds",
                                 cell=f"C{n + 1}")
        custody_authorise_detention(acting_user=sergeant, record=record,
                                    grounds="questioning", necessity=["investigation"],
                                    at=arrived + timedelta(minutes=10))
    return suite


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    suite = build_suite()
    from athena.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="custody"))
    url = f"/custody/?suite={suite.code}"
    client.get(url)
    response = client.get(url)
    rows = len(response.context["rows"])
    timings = {"full page": [], "htmx refresh": []}
    for _ in range(args.requests):
        for name, headers in (("full page", {}), ("htmx refresh", {"HTTP_HX_REQUEST": "true"})):
            start = time.perf_counter()
            client.get(url, **headers)
            timings[name].append((time.perf_counter() - start) * 1000)
    print(f"database: {connection.vendor}; detainees on the board: {rows}")
    failed = False
    for name, values in timings.items():
        values.sort()
        p95 = values[int(len(values) * 0.95) - 1]
        failed |= p95 > BUDGET_MS
        print(f"{name:14} median {statistics.median(values):6.1f} ms   p95 {p95:6.1f} ms")
    print(f"budget p95 {BUDGET_MS} ms: {'MISSED' if failed else 'met'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
