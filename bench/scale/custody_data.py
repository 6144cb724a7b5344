"""Custody suites with a full board and a week behind it, made through the custody
services (so every rule, timeline entry, job and audit event is as the pages make them).

Each suite holds ``detainees`` people now, arrived over the last day, checked hourly
since detention was authorised, a quarter with a medication plan and its doses; and a
week of people who came and went (about 30 a day, three to five hours each, checked
hourly, some given a dose). Times are relative to the real present: the services refuse
entries in the future.
"""

import random
from datetime import timedelta

from django.utils import timezone

SUITES = (("CHE", "Chelmsford custody"), ("COL", "Colchester custody"),
          ("SOU", "Southend custody"))
VISITS_A_DAY = 30
NOTES = ("Asleep, breathing normally", "Awake, sitting on the bench", "Asked for a drink",
         "Lying down, responded when spoken to", "Reading", "Pacing the cell")


def build_suites(*, seed, force, sergeants, officer, people_ids, suites=3, detainees=60,
                 days=7):
    """Create the suites and fill them. ``sergeants`` [User], one per suite at least;
    ``people_ids`` enough distinct people for every booking. Returns a summary."""
    from custody.models import CustodySuite

    _empty_custody()
    rng = random.Random(seed)
    people = iter(people_ids)
    counts = {"records": 0, "checks": 0, "doses": 0}
    for n, (code, name) in enumerate(SUITES[:suites]):
        suite, _ = CustodySuite.objects.get_or_create(
            code=code, defaults={"force": force, "name": name,
                                 "cells": [f"C{cell}" for cell in range(1, detainees + 11)]})
        sergeant = sergeants[n % len(sergeants)]
        now = timezone.now()
        for _ in range(int(VISITS_A_DAY * days * rng.uniform(0.9, 1.1))):
            arrived = now - timedelta(days=days) + timedelta(
                minutes=rng.randrange(0, days * 24 * 60 - 8 * 60))
            _visit(rng, suite, sergeant, officer, next(people), arrived, counts,
                   stay=timedelta(minutes=rng.randrange(180, 300)), cell="")
        for place in range(detainees):
            arrived = now - timedelta(minutes=30 + place * 22 + rng.randrange(0, 15))
            _visit(rng, suite, sergeant, officer, next(people), arrived, counts, stay=None,
                   cell=f"C{place + 1}")
    return (f"{suites} suites: {counts['records']:,} custody records, "
            f"{counts['checks']:,} checks, {counts['doses']:,} doses")


def _empty_custody():
    """Start again from no custody data (a stage stopped half way left some)."""
    from django.apps import apps
    from django.db import connection, transaction

    tables = [model._meta.db_table for model in
              apps.get_app_config("custody").get_models(include_auto_created=True)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE cases_casefile SET custody_record_id = NULL "
                       "WHERE custody_record_id IS NOT NULL")
        # Case files may point at custody records: nothing left does, so skip the checks.
        cursor.execute("SET LOCAL session_replication_role = replica")
        for table in tables:
            cursor.execute(f'DELETE FROM "{table}"')  # noqa: S608 - the app's own tables


def _visit(rng, suite, sergeant, officer, person_id, arrived, counts, *, stay, cell):
    """Book one person in and authorise detention; check them hourly, give their doses;
    after ``stay`` (None: still here) release them."""
    from athena.people.models import Person
    from custody.detention.services import close_record
    from custody.healthcare.services import check_record
    from custody.models import CloseReason, DoseOutcome
    from custody.services import custody_authorise_detention, custody_book_in

    now = timezone.now()
    record = custody_book_in(
        acting_user=sergeant, suite=suite, person=Person.objects.get(pk=person_id),
        arrested_at=arrived - timedelta(minutes=rng.randrange(20, 60)), arrived_at=arrived,
        arrest_place=rng.choice(("High Street", "Station Road", "Victoria Road", "Mill Lane")),
        arresting_officer=officer, grounds="Suspected theft from a shop", cell=cell)
    authorised = arrived + timedelta(minutes=rng.randrange(5, 20))
    record = custody_authorise_detention(acting_user=sergeant, record=record, at=authorised,
                                         grounds="questioning", necessity=["investigation"])
    counts["records"] += 1
    leaves = now - timedelta(minutes=5) if stay is None else arrived + stay
    plan = _medication_plan(rng, sergeant, record, authorised) if rng.random() < 0.25 else None
    at = authorised + timedelta(minutes=rng.randrange(30, 60))
    next_dose = authorised + timedelta(minutes=rng.randrange(15, 90))
    while at < leaves:
        check_record(acting_user=sergeant, record=record, at=at, notes=rng.choice(NOTES))
        counts["checks"] += 1
        if plan is not None and next_dose <= at:
            _dose(sergeant, plan, at, DoseOutcome.GIVEN)
            counts["doses"] += 1
            next_dose = at + timedelta(hours=rng.choice((6, 7, 8)))  # at most 4 a day
        at += timedelta(minutes=rng.randrange(50, 61))
    if stay is not None:
        close_record(acting_user=sergeant, record=record, at=leaves,
                     reason=rng.choice((CloseReason.RELEASED, CloseReason.BAILED)))


def _medication_plan(rng, sergeant, record, at):
    from custody.medication.services import medication_plan_add

    drug, strength, dose = rng.choice((("Paracetamol", "500 mg", "Two tablets"),
                                       ("Ibuprofen", "200 mg", "Two tablets"),
                                       ("Salbutamol inhaler", "100 micrograms", "Two puffs")))
    return medication_plan_add(
        sergeant, record, drug=drug, strength=strength, dose=dose, min_interval_minutes=240,
        max_doses_per_24h=4, hcp_authorised=True, authorised_by="Dr R Patel, forensic physician",
        starts_at=at)


def _dose(sergeant, plan, at, outcome):
    from custody.medication.services import dose_record

    dose_record(sergeant, plan, at, outcome)
