"""Server time of the offence picker's results endpoint, measured in-process (no network),
over the whole CJS Offence Index (15,352 offences).

Usage: .venv/bin/python bench/offence_search.py [--rounds 3]

Runs against a throwaway SQLite database by default (ATHENA_VAR_DIR is set to a temporary
folder), or whatever DATABASE_URL names. The queries are what officers type, including
every prefix of a few searches as they are typed; each round sends all 82 of them. Prints
the median and 95th percentile in milliseconds, overall and by kind of query; the budget
is 50 ms at the 95th percentile.
"""

import argparse
import atexit
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
if "DATABASE_URL" not in os.environ:
    os.environ["ATHENA_VAR_DIR"] = tempfile.mkdtemp(prefix="athena-bench-")
    atexit.register(shutil.rmtree, os.environ["ATHENA_VAR_DIR"], ignore_errors=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "athena.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

BUDGET_MS = 50


def _typed(text):
    """Every prefix of ``text``, as the picker sees it while it is typed."""
    return [text[:end] for end in range(1, len(text) + 1) if text[:end].strip()]


QUERIES = {
    "code": ["TH68010", "th68010", "CJ88116", "RT88333", "TH68023", "MD71530", "CD71039",
             "PL86001", "TH68", "CJ", "RT88", "XX00"],
    "words": ["shop theft", "assault beating", "robbery", "burglary dwelling",
              "criminal damage", "drive disqualified", "possess cannabis", "drunk disorderly",
              "theft", "assault", "fail", "drive", "possess", "harassment",
              "assault emergency worker", "careless driving", "speeding motorway",
              "common assault", "public order", "threatening behaviour",
              "racially aggravated harassment", "fraud false representation", "handling stolen",
              "breach restraining order", "knife public place", "taking vehicle without consent",
              "attachment of earnings"],
    "as typed": _typed("shop theft") + _typed("assault by beating") + _typed("TH68010"),
    "no match": ["zebra crossing juggling", "xyzzy", "shop robbery", "%", "<script>",
                 "' OR 1=1 --", "😀", "x" * 300],
}
NON_CRIMINAL = {"attachment of earnings", "drive", "fail"}


def load_catalogue():
    from athena.offences.models import Offence
    from athena.offences.services import OFFENCES_FILE, offences_load

    if Offence.objects.count() < 15_000:
        offences_load(rows=json.loads(OFFENCES_FILE.read_text(encoding="utf-8")))
    return Offence.objects.count()


def officer():
    from athena.accounts.models import Force, User

    force = Force.objects.get_or_create(code="42", defaults={"name": "Essex"})[0]
    user, _ = User.objects.get_or_create(username="bench_offence_picker",
                                         defaults={"force": force})
    return user


def percentiles(timings):
    timings = sorted(timings)
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    setup_test_environment()
    call_command("migrate", verbosity=0)
    count = load_catalogue()
    client = Client()
    client.force_login(officer())
    requests = [(kind, query, {"offence_query": query,
                               **({"include_non_criminal": "1"} if query in NON_CRIMINAL else {})})
                for kind, queries in QUERIES.items() for query in queries]

    url = "/offences/picker/"
    client.get(url, {"offence_query": "warm up"})
    timings = {kind: [] for kind in QUERIES}
    for _ in range(args.rounds):
        for kind, _query, params in requests:
            start = time.perf_counter()
            response = client.get(url, params)
            timings[kind].append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{params} answered {response.status_code}")

    everything = [t for kind_timings in timings.values() for t in kind_timings]
    print(f"database: {django.db.connection.vendor}; offences: {count}; "
          f"requests: {len(everything)}")
    print(f"{'queries':12} {'requests':>8} {'median ms':>10} {'p95 ms':>8}")
    for kind, kind_timings in timings.items():
        median, p95 = percentiles(kind_timings)
        print(f"{kind:12} {len(kind_timings):8} {median:10.1f} {p95:8.1f}")
    median, p95 = percentiles(everything)
    print(f"{'all':12} {len(everything):8} {median:10.1f} {p95:8.1f}   "
          f"budget p95 {BUDGET_MS} ms: {'met' if p95 <= BUDGET_MS else 'MISSED'}")


if __name__ == "__main__":
    main()
