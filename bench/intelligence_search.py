"""Time of the intelligence search at force scale, measured in-process.

Usage:
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/athena_bench_intelligence \\
        .venv/bin/python bench/intelligence_search.py [--per-kind 40] [--rounds 3]
        [--explain KIND] [--queries KIND]

Runs on the database bench/intelligence_data.py built (2,000,000 reports and 1,000,000
people by default); it refuses an empty one. The queries are drawn from the data, as an
officer would type them: names spelt right, misspelt, surname first and by alias;
Muhammad and its spellings; registrations with and without the space; telephone numbers
spelt another way; postcodes and addresses; references; words of the reports; and some
with filters (force, dates, handling code, type of entity). Each is run as one of the
bench users of four forces (officers, analysts and inspectors), in a transaction as the
search page does, ``--rounds`` times after one warm-up round.

Prints the median, 95th percentile and maximum in milliseconds by kind of query and
overall, with the mean number of reports found; exits 1 when the overall 95th percentile
is over the 150 ms budget. ``--explain KIND`` prints EXPLAIN ANALYZE of every query of
one search of that kind; ``--queries KIND`` prints each query's time; ``--slowest N``
the N slowest searches. For names drawn from a person (as recorded, misspelt, surname
first, an alias) it also prints how often that person was listed, outranked by as many
people whose names match as well or better as the list holds, or missed.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "athena.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from athena.gc_tuning import tune_gc  # noqa: E402

tune_gc()  # as athena/wsgi.py does for the web server

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from intelligence.search import (  # noqa: E402
    PEOPLE_LIMIT,
    SearchFilters,
    intelligence_search,
)

BUDGET_MS = 150
SEED = 7
FORCE_CODES = ("01", "42", "46", "06")
USER_KINDS = ("officer", "analyst", "inspector")
REPORT_WORDS = (
    "cannabis", "county lines", "catalytic converter", "machete", "cuckooing",
    "money mules", "cocaine pub", "firearm lock-up", "stolen motorbikes", "knife",
    "courier scam", "hand car wash", "deal line", "heroin crack cocaine", "relay devices",
    "jewellery power tools", "non-molestation order", "burglaries night", "handgun",
    "stabbing groups", "supermarkets steal to order", "passports wages")
HARD_NAMES = ("Mohammed", "Muhammad Khan", "Mohamed Ali", "John Smith", "Jon Smyth",
              "Smith", "Smith John", "Mohammad Hussain", "David Jones", "Patel")
SPELLINGS = (("mm", "m"), ("ph", "f"), ("y", "i"), ("i", "y"), ("ie", "y"), ("ck", "k"),
             ("ou", "o"), ("ee", "ea"), ("th", "t"), ("a", "e"), ("o", "u"))


def misspell(rng, word):
    """The word as someone might mishear or mistype it."""
    for wrong, right in rng.sample(SPELLINGS, len(SPELLINGS)):
        if wrong in word[1:]:
            return word[0] + word[1:].replace(wrong, right, 1)
    if len(word) > 4:
        position = rng.randrange(1, len(word) - 1)
        return word[:position] + word[position + 1:]
    return word + word[-1]


def sample(model, rng, count, **filters):
    """``count`` rows of ``model`` picked at random (by id, so without a full scan)."""
    top = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ids = rng.sample(range(1, top + 1), min(top, count * 3))
    rows = list(model.objects.filter(pk__in=ids, **filters).order_by("pk"))
    rng.shuffle(rows)
    return rows[:count]


def name_queries(rng, count):
    """{kind: [query]} and {(kind, query): the person it was drawn from}."""
    from athena.people.models import Alias, Person

    people = sample(Person, rng, count * 3)
    kinds = {"name": [], "name misspelt": [], "name surname first": [], "alias": []}
    targets = {}

    def add(kind, query, person_id):
        kinds[kind].append(query)
        targets[(kind, query)] = person_id

    for person in people[:count]:
        add("name", f"{person.forenames.split()[0]} {person.surname}", person.pk)
    for person in people[count:count * 2]:
        forename = person.forenames.split()[0]
        add("name misspelt", f"{misspell(rng, forename)} {misspell(rng, person.surname)}",
            person.pk)
    for person in people[count * 2:]:
        add("name surname first", f"{person.surname}, {person.forenames.split()[0]}",
            person.pk)
    for alias in sample(Alias, rng, count):
        add("alias", f"{alias.forenames} {alias.surname}".strip(), alias.person_id)
    kinds["common names"] = [rng.choice(HARD_NAMES) for _ in range(count)]
    return kinds, targets


def identifier_queries(rng, count):
    from athena.people.models import Location, TelephoneNumber, Vehicle
    from intelligence.models import IntelligenceReport

    registrations = []
    for vehicle in sample(Vehicle, rng, count):
        mark = "".join(vehicle.registration_mark.split())
        registrations.append(rng.choice((mark, f"{mark[:4]} {mark[4:]}", mark.lower())))
    telephones = []
    for number in sample(TelephoneNumber, rng, count):
        digits = "".join(ch for ch in number.number if ch.isdigit())
        national = f"0{digits[2:]}" if digits.startswith("44") else digits
        telephones.append(rng.choice((national, f"{national[:5]} {national[5:]}",
                                      f"+44 {national[1:5]} {national[5:]}")))
    locations = sample(Location, rng, count * 2, postcode__gt="")
    postcodes = [rng.choice((location.postcode, location.postcode.replace(" ", "").lower()))
                 for location in locations[:count]]
    addresses = [location.address_line_1 for location in locations[count:]]
    references = [report.reference.lower().replace("-0", "-", 1)
                  for report in sample(IntelligenceReport, rng, count)]
    return {"registration": registrations, "telephone": telephones, "postcode": postcodes,
            "address": addresses, "reference": references}


def filtered_queries(rng, count, names):
    from athena.accounts.models import Force

    forces = list(Force.objects.filter(code__in=FORCE_CODES).values_list("pk", flat=True))
    kinds = []
    for n in range(count):
        query = rng.choice(names + list(REPORT_WORDS))
        choice = n % 4
        if choice == 0:
            filters = SearchFilters(force_id=rng.choice(forces))
        elif choice == 1:
            filters = SearchFilters(date_from=date(2024, 1, 1), date_to=date(2025, 6, 30))
        elif choice == 2:
            filters = SearchFilters(handling_code="C", source_evaluation="1")
        else:
            filters = SearchFilters(entity_type=rng.choice(("person", "vehicle", "location")))
        kinds.append((query, filters))
    return kinds


def workload(per_kind):
    """{kind: [(query, filters)]}, the same every run, and {(kind, query): person id}
    for the names drawn from a person."""
    rng = random.Random(SEED)
    names, targets = name_queries(rng, per_kind)
    kinds = {kind: [(query, SearchFilters()) for query in queries]
             for kind, queries in names.items()}
    kinds.update({kind: [(query, SearchFilters()) for query in queries]
                  for kind, queries in identifier_queries(rng, per_kind).items()})
    kinds["report words"] = [(rng.choice(REPORT_WORDS), SearchFilters())
                             for _ in range(per_kind)]
    kinds["with filters"] = filtered_queries(rng, per_kind, [q for q, _ in kinds["name"]])
    return kinds, targets


def bench_users():
    from athena.accounts.models import User

    users = list(User.objects.filter(username__in=[
        f"bench_{kind}_{code}" for kind in USER_KINDS for code in FORCE_CODES]))
    if not users:
        raise SystemExit("No bench users: run bench/intelligence_data.py first.")
    for user in users:
        user.role_names  # noqa: B018 - read once, as a request does
    return users


def search(user, query, filters):
    with transaction.atomic():
        return intelligence_search(user=user, query=query, filters=filters)


def show_queries(user, query, filters, explain):
    """Each query of one search with its time; with ``explain``, its plan, replayed in
    one transaction with the settings the search makes (set_config) in force."""
    print(f"query {query!r} as {user.username}, {filters}")
    with CaptureQueriesContext(connection) as captured:
        search(user, query, filters)
    with transaction.atomic(), connection.cursor() as cursor:
        for executed in captured.captured_queries:
            sql = executed["sql"]
            print(f"-- {float(executed['time']) * 1000:.1f} ms\n{sql[:3000]}")
            if not explain:
                continue
            if "set_config(" in sql:
                cursor.execute(sql)
            elif sql.startswith(("SELECT", "(SELECT")):
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                print("\n".join(row[0] for row in cursor.fetchall()))
        transaction.set_rollback(True)


def percentile_95(timings):
    timings = sorted(timings)
    return timings[max(0, int(len(timings) * 0.95) - 1)]


def measure(kinds, targets, users, rounds):
    """Run every query ``rounds`` times after a warm-up round. Returns, by kind, the
    times in ms, the numbers of reports found and whether the person a name was drawn
    from was listed; and every search as (ms, kind, query, filters, username)."""
    rng = random.Random(SEED)
    for queries in kinds.values():  # warm-up round, not timed
        for query, filters in queries:
            search(rng.choice(users), query, filters)
    timings, found, listed = ({kind: [] for kind in kinds} for _ in range(3))
    searches = []
    for _ in range(rounds):
        for kind, queries in kinds.items():
            for query, filters in queries:
                user = rng.choice(users)
                start = time.perf_counter()
                results = search(user, query, filters)
                elapsed = (time.perf_counter() - start) * 1000
                timings[kind].append(elapsed)
                found[kind].append(len(results.reports))
                if (kind, query) in targets:
                    listed[kind].append(name_outcome(results, *targets[(kind, query)]))
                searches.append((elapsed, kind, query, filters, user.username))
    return timings, found, listed, searches


def name_outcome(results, person_id, score):
    """For a name drawn from a person: "listed"; "outranked" when the people listed
    instead all match the query at least as well (more people of that name than the
    list holds); "missed" otherwise."""
    people = [hit for hit in results.entities if hit.entity_type == "person"]
    if any(hit.pk == person_id for hit in people):
        return "listed"
    if len(people) == PEOPLE_LIMIT and all(hit.score >= score for hit in people):
        return "outranked"
    return "missed"


def name_targets(targets):
    """{(kind, query): (person id, how well the person's names match the query)}."""
    from athena.people.models import Person
    from athena.people.names import name_match_score, query_tokens

    names = dict(Person.objects.filter(pk__in=set(targets.values()))
                 .values_list("pk", "search_text"))
    return {key: (pk, round(name_match_score(query_tokens(key[1]), names[pk]), 3))
            for key, pk in targets.items()}


def print_figures(timings, found, listed):
    print(f"{'queries':20} {'n':>5} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} "
          f"{'reports':>8}   person listed / outranked / missed")
    for kind, kind_timings in timings.items():
        outcomes = listed[kind]
        shares = " / ".join(f"{100 * outcomes.count(outcome) / len(outcomes):.0f}%"
                            for outcome in ("listed", "outranked", "missed")
                            ) if outcomes else ""
        print(f"{kind:20} {len(kind_timings):5} {statistics.median(kind_timings):10.1f} "
              f"{percentile_95(kind_timings):8.1f} {max(kind_timings):8.1f} "
              f"{statistics.mean(found[kind]):8.1f}   {shares if outcomes else '-'}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-kind", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--explain", metavar="KIND")
    parser.add_argument("--queries", metavar="KIND")
    parser.add_argument("--slowest", type=int, default=0, metavar="N",
                        help="also print the N slowest searches")
    args = parser.parse_args()

    from athena.people.models import Person
    from intelligence.models import IntelligenceReport

    reports = IntelligenceReport.objects.count()
    if not reports:
        raise SystemExit("No reports: run bench/intelligence_data.py first.")
    users = bench_users()
    kinds, targets = workload(args.per_kind)
    if args.explain or args.queries:
        for query, filters in kinds[args.explain or args.queries][:3]:
            show_queries(users[0], query, filters, explain=bool(args.explain))
        return

    timings, found, listed, searches = measure(kinds, name_targets(targets), users,
                                               args.rounds)
    everything = [t for kind_timings in timings.values() for t in kind_timings]
    print(f"database: {connection.vendor}; reports: {reports:,}; "
          f"people: {Person.objects.count():,}; "
          f"searches: {len(everything):,} ({args.rounds} rounds)")
    print_figures(timings, found, listed)
    for elapsed, kind, query, filters, username in sorted(searches)[::-1][:args.slowest]:
        print(f"  {elapsed:6.1f} ms  {kind}: {query!r} as {username}, {filters}")
    p95 = percentile_95(everything)
    print(f"{'all':20} {len(everything):5} {statistics.median(everything):10.1f} "
          f"{p95:8.1f} {max(everything):8.1f}   "
          f"budget p95 {BUDGET_MS} ms: {'met' if p95 <= BUDGET_MS else 'MISSED'}")
    sys.exit(0 if p95 <= BUDGET_MS else 1)


if __name__ == "__main__":
    main()
