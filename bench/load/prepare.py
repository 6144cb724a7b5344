"""Gets the force-scale database ready for the load test: files with the CPS that have
real PDF bundles for the lawyers to download.

Usage (run.sh calls it, with the server's DATABASE_URL and MEDIA_ROOT):
    .venv/bin/python bench/load/prepare.py [--cps-files 10]

The bundles are built through the services, as the demo's are (``cases.demo.
seed_demo_files_in_review``: a complete shoplift file submitted, checked and bundled by
the job run here, approved section by section and sent to the CPS, with a second one
left awaiting review), each for its own Essex officer ``load_cpsfile_NN``. Running it
again adds nothing.

``--review-backlog N`` leaves only the N most recently changed files awaiting review
(submitted or in review) and marks the others returned to their officers, a bench-only
change of the data: the build puts a tenth of two years' files in the queue (10,000 at
force scale), when a force's real backlog is a few days' submissions (the review
queue's cost grows with it: see docs/benchmarks.md).
"""

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "athena.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()


def cps_files(count):
    from django.contrib.auth.models import Group

    from athena.accounts.models import Force, Rank, User
    from athena.accounts.roles import Role
    from cases.demo import seed_demo_files_in_review

    force = Force.objects.get(code="42")
    supervisor = User.objects.get(username="supervisor")
    _ensure_suspects(User.objects.get(username="officer"))
    made = 0
    for n in range(1, count + 1):
        officer, created = User.objects.get_or_create(
            username=f"load_cpsfile_{n:02d}",
            defaults={"force": force, "rank": Rank.CONSTABLE, "first_name": "Bench",
                      "last_name": f"Files {n}", "collar_number": str(7900 + n),
                      "team": "Chelmsford Response", "password": "!"})
        if created:
            officer.groups.set([Group.objects.get(name=Role.OFFICER.value)])
        made += seed_demo_files_in_review(officer=officer, supervisor=supervisor)
    return made


def _ensure_suspects(officer):
    """The demo's two suspects, whom a small database may not hold (a file is checked
    for the defendant's date of birth)."""
    from athena.people.models import Person
    from athena.people.services import person_create

    for forenames, surname in (("Jon", "Smyth"), ("Liam", "Ward")):
        if not Person.objects.filter(forenames=forenames, surname=surname).exists():
            person_create(acting_user=officer, surname=surname, forenames=forenames,
                          date_of_birth=date(1990, 5, 17))


def review_backlog_trim(keep):
    from cases.models import CaseFile, CaseStatus

    awaiting = CaseFile.objects.filter(status__in=[CaseStatus.SUBMITTED,
                                                   CaseStatus.IN_REVIEW])
    kept = list(awaiting.order_by("-updated_at").values_list("pk", flat=True)[:keep])
    # The bench's own data: straight to the status, as if each had been returned.
    return awaiting.exclude(pk__in=kept).update(status=CaseStatus.RETURNED)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cps-files", type=int, default=10)
    parser.add_argument("--review-backlog", type=int, default=None, metavar="N")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.review_backlog is not None:
        print(f"prepare: {review_backlog_trim(args.review_backlog):,} files taken out of "
              f"the review queue, {args.review_backlog} left")
    made = cps_files(args.cps_files)
    from cases.models import CpsHandover

    print(f"prepare: {made} files made ({CpsHandover.objects.count()} with the CPS) in "
          f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
