"""Builds a whole force's database for the benchmarks and the load test.

Usage:
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/athena_bench \\
        .venv/bin/python bench/scale/build.py [--scale 1] [--national]

PostgreSQL only (it loads with COPY). It creates the database if it is missing, migrates
it, and fills it, at ``--scale`` 1, with:

- 1,000,000 people, their aliases, 300,000 each of locations, vehicles and telephone
  numbers, and 2,000,000 intelligence reports with their links and sharing rules
  (bench/intelligence_data.py's loaders, so the search bench's queries fit);
- 100,000 Essex case files with their suspects, offences, sections, statements and
  exhibits, and a checked submission for every file past the draft stage
  (bench/scale/cases_data.py);
- an audit trail of 20,000,000 events over a year, sealed into a valid hash chain with
  its head set and a signed checkpoint (bench/scale/audit_data.py);
- three custody suites of 60 detainees each with a week of comings and goings, checks
  and doses, made through the custody services (bench/scale/custody_data.py);
- the users: the demo users, the intelligence bench's users of ten forces, and Essex's
  force users (officers in teams, file supervisors, custody sergeants, analysts and CPS
  lawyers), the ``load_*`` ones with the demo password for the load test (bench/load/).

``--scale 0.01`` makes a quick database of the same shape; ``--national`` makes ten
times the people and reports (10,000,000 and 20,000,000) with the force's cases and
trail. Each stage runs in one transaction and records itself as done, so an interrupted
run resumes at the stage it was in. Secondary indexes and the audit trail's unique
constraints are dropped for the load and built again after it, two at a time, then every
table is vacuumed and analysed. Deterministic for the same arguments, except the custody
stage, whose times follow the real clock (its services refuse entries in the future).
Prints each stage's time; the whole force takes about 26 minutes on the 2-core machine,
the national variant 46 minutes and 49 GB of disk.
"""

import argparse
import os
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql

BENCH = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "athena.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import intelligence_data as intel  # noqa: E402

SEED = 2026
# The trail and the files end here, so two builds are the same; the custody stage alone
# follows the real clock.
AS_OF = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
FORCE_CODE = "42"  # Essex, whose demo users the quick start has
TEAMS = ("Chelmsford Response", "Colchester Response", "Southend Response",
         "Basildon Response", "Chelmsford CID", "Colchester CID", "Southend CID",
         "Harlow Response", "Braintree Neighbourhood", "Roads Policing")
FULL = {"people": 1_000_000, "reports": 2_000_000, "cases": 100_000, "events": 20_000_000,
        "officers": 400}
# Users with the demo password, for the load test: (prefix, role, rank, how many).
LOAD_USERS = (("load_officer", "officer", "PC", 40),
              ("load_custody", "custody_officer", "PS", 6),
              ("load_supervisor", "file_supervisor", "DS", 10),
              ("load_analyst", "intelligence_analyst", "STAFF", 10),
              ("load_cps", "cps_lawyer", "CPS", 6))
CASE_TABLES = ("cases_casefile", "cases_suspect", "cases_chargedoffence", "cases_casesection",
               "cases_sectionitem", "cases_filesubmission", "jobs_job")
AUDIT_TABLES = ("audit_auditevent",)
TABLES = (*intel.TABLES, *CASE_TABLES, *AUDIT_TABLES)
SAVED = sql.Identifier("bench_scale_saved_index")


def sizes(args):
    factor = 10 if args.national else 1
    return {"people": int(FULL["people"] * args.scale * factor),
            "reports": int(FULL["reports"] * args.scale * factor),
            "cases": max(50, int(FULL["cases"] * args.scale)),
            "events": max(1000, int(FULL["events"] * args.scale)),
            "officers": max(len(TEAMS) * 2, int(FULL["officers"] * min(1, args.scale * 10)))}


# --- Users -------------------------------------------------------------------------------

def ensure_force_users(officer_count):
    """Essex's users: ``officer_count`` officers in teams (the first ``load_officer``
    ones sign in with the demo password), and the load test's other roles. Returns
    {"officers": [(id, team)], "supervisors": [id], "sergeants": [User], "force": Force}."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from athena.accounts.demo import seed_demo_users
    from athena.accounts.models import Force, User

    seed_demo_users(password=settings.ATHENA_DEMO_PASSWORD)
    force = Force.objects.get(code=FORCE_CODE)
    groups = {group.name: group for group in Group.objects.all()}
    password = make_password(settings.ATHENA_DEMO_PASSWORD)  # once: hashing is slow

    def account(username, role, rank, n, usable):
        user, created = User.objects.get_or_create(username=username, defaults={
            "force": force, "rank": rank, "first_name": "Bench", "last_name": username,
            "collar_number": str(7000 + n), "team": TEAMS[n % len(TEAMS)],
            "password": password if usable else "!"})
        if created:
            user.groups.set([groups[role]])
        return user

    made = {"officers": [], "supervisors": [], "sergeants": []}
    for prefix, role, rank, count in LOAD_USERS:
        for n in range(1, count + 1):
            user = account(f"{prefix}_{n:02d}", role, rank, n, usable=True)
            if role == "officer":
                made["officers"].append((user.pk, user.team))
            elif role == "file_supervisor":
                made["supervisors"].append(user.pk)
            elif role == "custody_officer":
                made["sergeants"].append(user)
    for n in range(len(made["officers"]) + 1, officer_count + 1):
        user = account(f"force_officer_{n:03d}", "officer", "PC", n, usable=False)
        made["officers"].append((user.pk, user.team))
    demo_officer = User.objects.get(username="officer")
    made["officers"].append((demo_officer.pk, demo_officer.team))
    made["force"] = force
    return made


# --- Indexes -----------------------------------------------------------------------------

def drop_secondary_indexes(connection):
    """Drop every index but the primary keys, and the audit trail's unique constraints,
    remembering how to build each again."""
    connection.execute(sql.SQL("CREATE TABLE IF NOT EXISTS {} (name text PRIMARY KEY, "
                               "tablename text, definition text NOT NULL)").format(SAVED))
    remember = sql.SQL("INSERT INTO {} VALUES (%s, %s, %s) ON CONFLICT DO NOTHING").format(
        SAVED)
    indexes = connection.execute("""
        SELECT index_class.relname, table_class.relname, pg_get_indexdef(index_class.oid)
        FROM pg_index
        JOIN pg_class index_class ON index_class.oid = pg_index.indexrelid
        JOIN pg_class table_class ON table_class.oid = pg_index.indrelid
        WHERE table_class.relname = ANY(%s) AND NOT pg_index.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint
                          WHERE pg_constraint.conindid = pg_index.indexrelid)""",
                                 [list(TABLES)]).fetchall()
    constraints = connection.execute("""
        SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid)
        FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) AND contype = 'u'""",
                                     [list(AUDIT_TABLES)]).fetchall()
    for name, table, definition in indexes:
        connection.execute(remember, [name, table, definition])
        connection.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    for name, table, definition in constraints:
        statement = f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'
        connection.execute(remember, [name, table, statement])
        connection.execute(sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
            sql.Identifier(table), sql.Identifier(name)))
    connection.commit()
    return len(indexes) + len(constraints)


def _build_index(url, name, definition):
    started = time.perf_counter()
    with intel.open_loader(url) as connection:
        connection.execute(definition)
        connection.execute(sql.SQL("DELETE FROM {} WHERE name = %s").format(SAVED), [name])
        connection.commit()
    return name, time.perf_counter() - started


def rebuild_indexes(url):
    """Build the dropped indexes again, two at a time, those of the biggest tables first."""
    with psycopg.connect(url) as connection:
        if connection.execute("SELECT to_regclass('bench_scale_saved_index')"
                              ).fetchone()[0] is None:
            return
        saved = connection.execute(sql.SQL("SELECT name, tablename, definition FROM {}"
                                           ).format(SAVED)).fetchall()
        table_sizes = dict(connection.execute(
            "SELECT relname, pg_relation_size(oid) FROM pg_class WHERE relname = ANY(%s)",
            [list(TABLES)]).fetchall())
    saved.sort(key=lambda row: -table_sizes.get(row[1], 0))
    with ThreadPoolExecutor(max_workers=2) as pool:
        for name, seconds in pool.map(lambda row: _build_index(url, row[0], row[2]), saved):
            if seconds >= 5:
                print(f"  index {name}: {seconds:.0f} s")


def analyse(url):
    with psycopg.connect(url, autocommit=True) as connection:
        for table in TABLES:
            connection.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(table)))
        connection.execute("ANALYZE")


# --- Stages ------------------------------------------------------------------------------

def load_cases(connection, *, count, users, people):
    import case_pages
    from cases_data import CaseFiles, columns
    from django.conf import settings

    case_pages.ensure_offences()
    files = CaseFiles(seed=SEED + 3, count=count, force_id=users["force"].pk,
                      force_code=FORCE_CODE, unit=settings.ATHENA_CASE_UNIT_CODE,
                      officers=users["officers"], supervisors=users["supervisors"],
                      people=range(1, people + 1), offences=case_pages.offence_pool(),
                      now=AS_OF)
    cursor = connection.cursor()
    cursor.execute("TRUNCATE " + ", ".join(CASE_TABLES) + " RESTART IDENTITY CASCADE")
    counts = {}
    for batch in files.tables():
        for model, rows in batch.items():
            table = model._meta.db_table
            counts[table] = counts.get(table, 0) + intel.copy_rows(
                cursor, table, columns(model), rows)
    for table in CASE_TABLES:
        intel.reset_sequence(cursor, table)
    return ", ".join(f"{count:,} {table}" for table, count in counts.items())


def load_audit(connection, *, count, people, reports, cases):
    """The trail, replacing whatever set-up wrote (a bench database's own), sealed and
    with its head set; the checkpoint is signed after the custody stage."""
    from audit_data import COLUMNS, ChainState, EventKinds, event_rows, span_for

    from athena.accounts.models import User
    from athena.audit.sink import default_sink_path

    actors = list(User.objects.filter(force__code=FORCE_CODE).values_list("pk", "username"))
    cursor = connection.cursor()
    cursor.execute("TRUNCATE audit_auditevent, audit_auditcheckpoint, audit_auditchainhead "
                   "RESTART IDENTITY")
    # The sink outside the database held the replaced trail's checkpoints.
    sink = Path(default_sink_path())
    if sink.exists():
        sink.rename(sink.with_suffix(f".replaced-{int(time.time())}"))
    chain = ChainState()
    kinds = EventKinds(people=people, reports=reports, cases=cases, custody_records=1000)
    written = intel.copy_rows(cursor, "audit_auditevent", COLUMNS, event_rows(
        seed=SEED + 4, count=count, actors=actors, kinds=kinds, ends_at=AS_OF,
        span=span_for(count), chain=chain))
    cursor.execute("INSERT INTO audit_auditchainhead (id, last_hash, last_event_id, "
                   "event_count) VALUES (1, %s, %s, %s)",
                   [chain.last_hash, chain.last_event_id, chain.count])
    intel.reset_sequence(cursor, "audit_auditevent")
    return f"{written:,} audit events, chain head at event {chain.last_event_id}"


def build_custody(*, scale, users, people):
    from custody_data import build_suites

    from athena.accounts.models import User

    detainees = max(4, round(60 * min(scale, 1)))
    rng = random.Random(SEED + 5)
    return build_suites(seed=SEED + 5, force=users["force"], sergeants=users["sergeants"],
                        officer=User.objects.get(username="officer"),
                        people_ids=rng.sample(range(1, people + 1), k=min(people, 4000)),
                        detainees=detainees, days=7 if scale >= 0.5 else 1)


def run_custody_stage(url, summary_of):
    with psycopg.connect(url) as connection:
        if intel.stage_done(connection, "custody"):
            print("custody: already loaded")
            return
        started = time.perf_counter()
        summary = summary_of()
        connection.execute("INSERT INTO bench_intelligence_stage (name, summary) "
                           "VALUES (%s, %s)", ["custody", summary])
        connection.commit()
        print(f"custody: {summary} in {time.perf_counter() - started:.0f} s")


def seal_and_sign():
    """Seal what the custody services appended after the loaded trail, and sign."""
    from athena.audit.services import audit_checkpoint_sign, audit_seal_pending

    sealed = audit_seal_pending()
    checkpoint = audit_checkpoint_sign()
    where = f"checkpoint after {checkpoint.event_count:,} events" if checkpoint else \
        "no new checkpoint"
    print(f"audit: sealed {sealed:,} events the services appended; {where}")


def check_chain(url):
    """Every event's previous hash is the hash before it: in SQL, so it takes seconds
    even at force scale (``manage.py verify_audit`` also rehashes each event in Python)."""
    with psycopg.connect(url) as connection:
        broken, total = connection.execute("""
            SELECT count(*) FILTER (WHERE previous_hash IS DISTINCT FROM
                                    coalesce(before, repeat('0', 64))), count(*)
            FROM (SELECT previous_hash, lag(hash) OVER (ORDER BY chain_position) AS before
                  FROM audit_auditevent WHERE chain_position IS NOT NULL) chain""").fetchone()
    print(f"audit chain: {total:,} events, {broken} not following the one before")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--national", action="store_true",
                        help="ten times the people and reports of a force")
    args = parser.parse_args()
    counts = sizes(args)
    url = intel.conninfo()
    began = time.perf_counter()
    intel.ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    forces = intel.ensure_users()
    users = ensure_force_users(counts["officers"])
    print(f"set-up: {time.perf_counter() - began:.0f} s; building {counts}")
    force_ids = [force_id for force_id, _, _ in forces.values()]
    stages = {
        "people": lambda c: intel.load_people(c, random.Random(SEED), counts["people"],
                                              force_ids),
        "entities": lambda c: intel.load_entities(c, random.Random(SEED + 1),
                                                  counts["people"], forces),
        "reports": lambda c: intel.load_reports(c, random.Random(SEED + 2),
                                                counts["reports"], forces),
        "cases": lambda c: load_cases(c, count=counts["cases"], users=users,
                                      people=counts["people"]),
        "audit": lambda c: load_audit(c, count=counts["events"], people=counts["people"],
                                      reports=counts["reports"], cases=counts["cases"]),
    }
    if prepare(url, [*stages, "custody"]):
        for name, load in stages.items():
            intel.run_stage(url, name, load)
    started = time.perf_counter()
    rebuild_indexes(url)
    print(f"indexes: {time.perf_counter() - started:.0f} s")
    run_custody_stage(url, lambda: build_custody(scale=args.scale, users=users,
                                                 people=counts["people"]))
    seal_and_sign()
    started = time.perf_counter()
    analyse(url)
    print(f"VACUUM ANALYZE: {time.perf_counter() - started:.0f} s")
    check_chain(url)
    with psycopg.connect(url) as connection:
        size = connection.execute("SELECT pg_size_pretty(pg_database_size(current_database()))"
                                  ).fetchone()[0]
    print(f"total: {time.perf_counter() - began:.0f} s; database {size}")


def prepare(url, stages):
    """The stage table; forget the stages after the first one not done (they depend on
    it), and drop the secondary indexes if anything is to be loaded."""
    with psycopg.connect(url) as connection:
        connection.execute("""
            CREATE TABLE IF NOT EXISTS bench_intelligence_stage (
                name text PRIMARY KEY, summary text NOT NULL,
                finished_at timestamptz NOT NULL DEFAULT now())""")
        done = [name for name in stages if intel.stage_done(connection, name)]
        first_missing = next((name for name in stages if name not in done), None)
        if first_missing is None:
            return False
        later = stages[stages.index(first_missing):]
        connection.execute("DELETE FROM bench_intelligence_stage WHERE name = ANY(%s)",
                           [later])
        connection.commit()
        if first_missing == "custody":
            return False
        print(f"dropped {drop_secondary_indexes(connection)} indexes and constraints "
              "for the load")
        return True


if __name__ == "__main__":
    main()
