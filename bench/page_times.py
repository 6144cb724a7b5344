"""Server time of the main pages, measured in-process (no network), with demo data.

Usage: .venv/bin/python bench/page_times.py [--requests 50]

Runs against a throwaway SQLite database by default (ATHENA_VAR_DIR is set to a temporary
folder), or whatever DATABASE_URL names. Prints median and 95th percentile per page in
milliseconds; the budget is 100 ms on the server.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
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
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PAGES = [
    ("sign-in page", "/account/sign-in/", None),
    ("home (officer)", "/", "officer"),
    ("home (custody)", "/", "custody"),
    ("people search: 'jon smyth'", "/people/?q=jon+smyth", "officer"),
    ("people search: 'mohamed ali'", "/people/?q=mohamed+ali", "officer"),
    ("person record", "person", "officer"),
    ("audit trail", "/audit/", "admin"),
    ("health", "/healthz", None),
    ("home (supervisor)", "/", "supervisor"),
    ("review queue", "/cases/review/", "supervisor"),
    ("review of a file", "review", "supervisor"),
    ("file history", "history", "supervisor"),
    ("quality dashboard", "/cases/dashboard/", "supervisor"),
    ("home (CPS lawyer)", "/", "cps"),
    ("CPS: files sent", "/cases/cps/", "cps"),
    ("CPS: a file sent", "cps_file", "cps"),
    ("API: case files", "/api/cases/", "cps"),
    ("notifications", "/notifications/", "officer"),
    ("intelligence landing", "/intelligence/", "officer"),
    ("intelligence search: 'muhammad ali'", "/intelligence/search/?q=muhammad+ali",
     "officer_kent"),
    ("intelligence report", "report", "officer_kent"),
    ("subject profile", "subject", "officer_kent"),
]


def _state_reason(client, state_reason):
    """The reason for searching, stated once per session as the page asks (DPA s.62)."""

    class _Request:
        session = client.session

    state_reason(_Request, "Benchmark of the intelligence pages")
    _Request.session.save()


def measure(client, url, requests):
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code >= 500:
            raise SystemExit(f"{url} answered {response.status_code}")
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    call_command("load_offences", verbosity=0)
    call_command("seed_demo_cases", verbosity=0)
    call_command("seed_demo_intelligence", verbosity=0)
    from athena.jobs.tasks import record_heartbeat

    record_heartbeat()  # as a running worker would, so /healthz answers 200

    from athena.accounts.models import User
    from athena.people.models import Person
    from cases.models import CaseFile, CaseStatus
    from intelligence.access import state_reason
    from intelligence.models import IntelligenceReport, ReportStatus

    awaiting = CaseFile.objects.get(status=CaseStatus.SUBMITTED)
    sent = CaseFile.objects.get(status=CaseStatus.SENT_TO_CPS)
    report = IntelligenceReport.objects.filter(status=ReportStatus.DISSEMINATED,
                                               handling_code="P").order_by("pk").first()
    subject_id = report.links.filter(person__isnull=False).first().person_id
    special = {
        "person": f"/people/{Person.objects.order_by('pk').first().pk}/",
        "review": f"/cases/{awaiting.pk}/review/",
        "history": f"/cases/{awaiting.pk}/history/",
        "cps_file": f"/cases/cps/{sent.pk}/",
        "report": f"/intelligence/reports/{report.pk}/",
        "subject": f"/intelligence/subjects/{subject_id}/",
    }
    print(f"database: {django.db.connection.vendor}; people: {Person.objects.count()}; "
          f"requests per page: {args.requests}")
    print(f"{'page':38} {'median ms':>10} {'p95 ms':>8}")
    for name, url, username in PAGES:
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        url = special.get(url, url)
        if url.startswith("/intelligence/"):
            _state_reason(client, state_reason)
        client.get(url)  # warm caches and the session
        median, p95 = measure(client, url, args.requests)
        print(f"{name:38} {median:10.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
