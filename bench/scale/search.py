"""The intelligence search and the people search at force scale: p50/p95 over about 200
varied queries each, through the search functions and through the whole page.

Usage:
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/athena_bench \\
        .venv/bin/python bench/scale/search.py [--queries 200] [--rounds 2]
        [--explain-people N]

Runs on the database bench/scale/build.py built. The intelligence queries are
bench/intelligence_search.py's twelve kinds (names as recorded, misspelt, surname first,
aliases, common names, registrations, telephone numbers, postcodes, addresses,
references, words of the reports, and with filters), run as its bench users of four
forces. The people queries are drawn from the index the same way: names as recorded,
misspelt, surname first, aliases, common names, some with a date of birth, and PNC IDs.

Each query is timed twice: the search function alone, in a transaction
(``intelligence_search``, ``person_search``), and the page (``GET
/intelligence/search/?q=`` as an Essex analyst, ``GET /people/?query=`` as an Essex
officer) through the Django test client with the whole middleware stack: the reason
already stated, so each page runs the search, writes its audit event and renders.
``--rounds`` rounds after one warm-up round. Prints median, p95 and maximum by kind and
overall and the load average; exits 1 when a search function's p95 is over 150 ms.
``--explain-people N`` prints EXPLAIN ANALYZE of the queries of the N slowest people
searches.
"""

import argparse
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "athena.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import intelligence_search as intel_bench  # noqa: E402 - sets Django up
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

BUDGET_MS = 150
SEED = 17
REASON = "42/40123/26 burglary at Mill Lane: checking what is known of a named suspect"


def percentile(timings, fraction):
    ordered = sorted(timings)
    return ordered[max(0, math.ceil(len(ordered) * fraction) - 1)]


# --- Queries -----------------------------------------------------------------------------

def people_queries(rng, count):
    """[(kind, query, date of birth or None)]: ``count`` people searches."""
    from athena.people.models import Alias, Person

    per_kind = max(1, count // 7)
    people = intel_bench.sample(Person, rng, per_kind * 5)
    queries = []
    for person in people[:per_kind]:
        queries.append(("name", f"{person.forenames.split()[0]} {person.surname}", None))
    for person in people[per_kind:per_kind * 2]:
        forename = person.forenames.split()[0]
        queries.append(("name misspelt", f"{intel_bench.misspell(rng, forename)} "
                        f"{intel_bench.misspell(rng, person.surname)}", None))
    for person in people[per_kind * 2:per_kind * 3]:
        queries.append(("surname first", f"{person.surname}, {person.forenames.split()[0]}",
                        None))
    for person in [p for p in people[per_kind * 3:] if p.date_of_birth][:per_kind]:
        queries.append(("name and birth date",
                        f"{person.forenames.split()[0]} {person.surname}",
                        person.date_of_birth))
    for alias in intel_bench.sample(Alias, rng, per_kind):
        queries.append(("alias", f"{alias.forenames} {alias.surname}".strip(), None))
    for name in rng.choices(intel_bench.HARD_NAMES, k=per_kind):
        queries.append(("common names", name, None))
    with_pnc = intel_bench.sample(Person, rng, per_kind * 4, pnc_id__gt="")
    queries += [("PNC ID", person.pnc_id, None) for person in with_pnc[:count - len(queries)]]
    return queries


def intelligence_queries(count):
    """[(kind, query, filters)]: bench/intelligence_search.py's kinds, ``count`` in all."""
    kinds, _targets = intel_bench.workload(max(1, round(count / 12)))
    return [(kind, query, filters) for kind, queries in kinds.items()
            for query, filters in queries]


# --- Timing ------------------------------------------------------------------------------

def timed(function):
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def signed_in(username, reason_url, thing):
    """A test client signed in as ``username``, with the reason for ``thing`` stated."""
    from athena.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.post(reason_url, {"reason": REASON, "for": thing, "next": "/"})
    if response.status_code != 302:
        raise SystemExit(f"Stating the reason failed: {response.status_code}")
    return client


def measure_people(queries, rounds):
    from athena.people.selectors import person_search

    client = signed_in("load_officer_01", "/people/reason/", "people.search")
    timings = {"function": [], "page": []}
    by_kind = {}
    searches = []
    for round_number in range(rounds + 1):
        for kind, query, born in queries:
            def run(query=query, born=born):
                with transaction.atomic():
                    person_search(query=query, date_of_birth=born)
            function_ms = timed(run)
            params = {"query": query}
            if born:
                params["date_of_birth"] = f"{born:%d/%m/%Y}"
            page_ms = timed(lambda params=params: _ok(client.get("/people/", params)))
            if round_number:  # the first round warms up
                timings["function"].append(function_ms)
                timings["page"].append(page_ms)
                by_kind.setdefault(kind, []).append(function_ms)
                searches.append((function_ms, kind, query, born))
    return timings, by_kind, searches


def measure_intelligence(queries, rounds):
    users = intel_bench.bench_users()
    client = signed_in("load_analyst_01", "/intelligence/reason/", "intelligence.search")
    rng = random.Random(SEED)
    timings = {"function": [], "page": []}
    by_kind = {}
    for round_number in range(rounds + 1):
        for kind, query, filters in queries:
            user = rng.choice(users)
            function_ms = timed(lambda query=query, filters=filters, user=user:
                                intel_bench.search(user, query, filters))
            page_ms = timed(lambda query=query: _ok(
                client.get("/intelligence/search/", {"q": query})))
            if round_number:
                timings["function"].append(function_ms)
                timings["page"].append(page_ms)
                by_kind.setdefault(kind, []).append(function_ms)
    return timings, by_kind


def _ok(response):
    if response.status_code != 200:
        raise SystemExit(f"The search page answered {response.status_code}")


def explain_people(searches, count):
    from athena.people.selectors import person_search

    for elapsed, kind, query, born in sorted(searches, reverse=True)[:count]:
        print(f"\n== {elapsed:.1f} ms  {kind}: {query!r} born {born}")
        with CaptureQueriesContext(connection) as captured, transaction.atomic():
            person_search(query=query, date_of_birth=born)
        with transaction.atomic(), connection.cursor() as cursor:
            for executed in captured.captured_queries:
                sql = executed["sql"]
                print(f"-- {float(executed['time']) * 1000:.1f} ms\n{sql[:2000]}")
                if "set_config(" in sql:
                    cursor.execute(sql)
                elif sql.startswith(("SELECT", "(SELECT", "WITH")):
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                    print("\n".join(row[0] for row in cursor.fetchall()))
            transaction.set_rollback(True)


def print_table(title, timings, by_kind):
    print(f"\n{title}")
    print(f"{'':22} {'n':>5} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    for kind, values in by_kind.items():
        print(f"{kind:22} {len(values):5} {statistics.median(values):10.1f} "
              f"{percentile(values, 0.95):8.1f} {max(values):8.1f}")
    for name, values in timings.items():
        print(f"{'all, ' + name:22} {len(values):5} {statistics.median(values):10.1f} "
              f"{percentile(values, 0.95):8.1f} {max(values):8.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--explain-people", type=int, default=0, metavar="N")
    args = parser.parse_args()
    setup_test_environment()

    from athena.people.models import Person
    from intelligence.models import IntelligenceReport

    print(f"people: {Person.objects.count():,}; reports: "
          f"{IntelligenceReport.objects.count():,}; load average before: "
          f"{os.getloadavg()[0]:.2f}")
    rng = random.Random(SEED)
    people = people_queries(rng, args.queries)
    people_timings, people_kinds, searches = measure_people(people, args.rounds)
    print_table(f"People search: {len(people)} queries x {args.rounds} rounds",
                people_timings, people_kinds)
    intelligence = intelligence_queries(args.queries)
    intel_timings, intel_kinds = measure_intelligence(intelligence, args.rounds)
    print_table(f"Intelligence search: {len(intelligence)} queries x {args.rounds} rounds",
                intel_timings, intel_kinds)
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    if args.explain_people:
        explain_people(searches, args.explain_people)
    worst = max(percentile(people_timings["function"], 0.95),
                percentile(intel_timings["function"], 0.95))
    print(f"budget p95 {BUDGET_MS} ms (search functions): "
          f"{'met' if worst <= BUDGET_MS else 'MISSED'}")
    sys.exit(0 if worst <= BUDGET_MS else 1)


if __name__ == "__main__":
    main()
