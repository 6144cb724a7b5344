"""The fault suite's Django side: seed the database and count what the scenarios did.

Run inside Django by ``manage.py shell -c`` (``stack.Stack.django``), never imported by the
suite itself: ``run(command, arguments_file, result_file)`` reads its arguments as JSON
and writes its answer as JSON. Seeding builds through the services, as the demo data does;
counting only reads. Everything a scenario changes goes through HTTP.
"""

import json
import random
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

# The demo's shoplift, made slow to bundle on purpose: statements long enough for the
# bundle to take seconds, so a worker can be killed while it assembles one.
OFFENCE = "TH68010"
WORDS = ("the man walked towards the counter and I saw him pick up two bottles from the "
         "top shelf before he looked around and put them inside his coat then he walked "
         "past the tills without stopping I followed him out of the door and asked him to "
         "come back inside where I called the police").split()


def run(command, arguments_file, result_file):
    arguments = json.loads(Path(arguments_file).read_text())
    result = COMMANDS[command](**arguments)
    Path(result_file).write_text(json.dumps(result, default=str))


# --- Seeding ------------------------------------------------------------------------------

def seed(*, files, statements, words, supervisor_email):
    """Demo users, people and custody suite, and ``files`` complete draft case files whose
    sections were never rendered (so each bundle renders them all). No job is sent: the
    seed's own jobs are removed, so every job row afterwards is a scenario's."""
    from django.conf import settings
    from django.core.management import call_command

    from athena.accounts.models import User
    from athena.jobs.models import Job

    with mock.patch("athena.jobs.services.job_send", return_value=True):
        call_command("load_offences", verbosity=0)
        call_command("seed_demo", verbosity=0)
        call_command("seed_demo_custody", verbosity=0)
        officer = User.objects.get(username="officer")
        rng = random.Random(2026)  # noqa: S311 - prose for statements
        cases = [_complete_file(officer, number, rng, statements=statements, words=words)
                 for number in range(files)]
    User.objects.filter(username="supervisor").update(email=supervisor_email)
    Job.objects.all().delete()
    return {"cases": cases, "password": settings.ATHENA_DEMO_PASSWORD, **_custody_targets()}


def _prose(rng, words):
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return "\n\n".join(" ".join(chosen[start:start + 120]).capitalize() + "."
                       for start in range(0, words, 120))


def _complete_file(officer, number, rng, *, statements, words):
    """A complete shoplift file (the demo's answers), with ``statements`` long witness
    statements; returns {"pk", "urn"}. Raises if the rules find it incomplete."""
    from django.utils import timezone

    from athena.offences.selectors import offence_get_by_code
    from athena.people.services import person_create
    from cases import readiness, selectors, services
    from cases.constants import BailStatus, Plea, Venue
    from cases.demo import DEMO_DEFENDANT, DEMO_WITNESS, _demo_answers
    from cases.parties import services as parties
    from cases.sections import SectionKind

    person = person_create(acting_user=officer, surname=f"Faultline{number}",
                           forenames="Frank", date_of_birth=date(1990, 1, 1 + number % 28))
    case = services.case_create(acting_user=officer, person=person,
                                offences=[(offence_get_by_code(OFFENCE), Plea.GUILTY)],
                                bail_status=BailStatus.UNCONDITIONAL_BAIL)
    case = services.case_update_details(
        acting_user=officer, case=case, expected_version=case.version,
        likely_venue=Venue.MAGISTRATES, arrested_at=timezone.now() - timedelta(days=2))
    parties.charged_offence_update(
        acting_user=officer, case=case, charged=case.suspects.get().offences.get(),
        offence_date=timezone.localdate() - timedelta(days=2),
        wording="at Tesco, High Street, Chelmsford stole 2 bottles of gin to the value of £40 "
                "belonging to Tesco Stores Ltd",
        points_to_prove="Appropriated: CCTV and the store detective. Dishonesty: admitted.",
        committed_on_bail=False)
    suspect = case.suspects.get()
    parties.defendant_answers_save(acting_user=officer, case=case, suspect=suspect,
                                   answers=DEMO_DEFENDANT, expected_version=suspect.version)
    for kind, data in _demo_answers(person.full_name).items():
        services.section_save(acting_user=officer, case=case, kind=kind, data=data,
                              expected_version=0)
    for witness in range(statements):
        statement = dict(DEMO_WITNESS, witness_name=f"Joanne Bell{'e' * witness}",
                         statement=_prose(rng, words),
                         statement_date=(timezone.localdate() - timedelta(days=2)).isoformat())
        services.section_item_save(acting_user=officer, case=case,
                                   kind=SectionKind.WITNESS_STATEMENTS, data=statement)
    problems = readiness.file_readiness(selectors.case_get(pk=case.pk))
    if problems:
        raise RuntimeError(f"The seeded file {case.urn} is not complete: {problems}")
    return {"pk": case.pk, "urn": case.urn}


def _custody_targets():
    """The demo detainee whose doses and checks the scenarios record: an open record at
    observation level 1, and its as-needed plan (a refused dose never conflicts)."""
    from custody.models import CustodyRecord

    record = (CustodyRecord.objects.filter(person__surname="Taylor", closed_at=None)
              .order_by("pk").first())
    plan = record.medication_plans.get(drug="Paracetamol")
    return {"custody_record": record.pk, "plan": plan.pk}


# --- Counting -----------------------------------------------------------------------------

def count(*, since, cases, doses, checks):
    """What a scenario left behind, from ``since`` (ISO time) on: every job row and its
    status; per case file, its submissions and "ready" audit events (the submit handler's
    effect); the notifications made (the email job's effect is in the SMTP sink); per
    custody client id, the rows and timeline entries stored (``doses``, ``checks``)."""
    from django.utils.dateparse import parse_datetime

    from athena.audit.models import AuditEvent
    from athena.jobs.models import Job
    from athena.notifications.models import Notification
    from cases.models import CaseFile, FileSubmission
    from custody.models import CustodyEntry, DoseRecordRow, ObservationCheck

    start = parse_datetime(since)
    jobs = [{"pk": job.pk, "kind": job.kind, "status": job.status, "attempts": job.attempts,
             "object_id": job.object_id, "last_error": job.last_error[:300],
             "finished_at": job.finished_at}
            for job in Job.objects.filter(created_at__gte=start).order_by("pk")]
    files = []
    for case in CaseFile.objects.filter(pk__in=cases).order_by("pk"):
        submissions = FileSubmission.objects.filter(case=case, submitted_at__gte=start)
        ready_events = AuditEvent.objects.filter(action="cases.submission.ready",
                                                 object_id=str(case.pk), occurred_at__gte=start)
        files.append({"pk": case.pk, "urn": case.urn, "status": case.status,
                      "submissions": [{"pk": s.pk, "job": s.job_id, "bundle": bool(s.bundle),
                                       "problems": s.problems} for s in submissions],
                      "ready_events": ready_events.count()})
    notifications = [{"pk": n.pk, "title": n.title, "recipient": n.recipient_id,
                      "email": n.recipient.email, "emailed": n.emailed_at is not None}
                     for n in Notification.objects.filter(created_at__gte=start)
                     .select_related("recipient").order_by("pk")]
    return {"jobs": jobs, "files": files, "notifications": notifications,
            "doses": _entries(DoseRecordRow, CustodyEntry, doses, "dose_id"),
            "checks": _entries(ObservationCheck, CustodyEntry, checks, "check_id")}


def _entries(model, entry_model, client_ids, key):
    """{client_id: [rows stored, timeline entries of them]}."""
    stored = {}
    for client_id in client_ids:
        rows = list(model.objects.filter(client_id=client_id).values_list("pk", flat=True))
        entries = entry_model.objects.filter(**{f"details__{key}__in": rows}).count()
        stored[client_id] = [len(rows), entries]
    return stored


COMMANDS = {"seed": seed, "count": count}
