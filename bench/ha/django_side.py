"""The drill's Django side: seed the database, and count what the traffic left behind.

Run inside Django by ``manage.py shell -c`` (``drill.django``), never imported by the
drill itself: ``run(command, arguments_file, result_file)`` reads its arguments as JSON
and writes its answer as JSON. Seeding builds through the services, as the demo data
does; counting only reads. Every write the drill measures goes through HTTP.
"""

import json
from datetime import date
from pathlib import Path
from unittest import mock

# The offences the seeded files charge (the demo shoplift); the whole catalogue of 15,000
# would only slow the drill.
OFFENCE_CODES = {"TH68010"}


def run(command, arguments_file, result_file):
    arguments = json.loads(Path(arguments_file).read_text())
    result = COMMANDS[command](**arguments)
    Path(result_file).write_text(json.dumps(result, default=str))


def seed(*, files):
    """Demo users and people, the demo custody suite, and ``files`` complete draft case
    files for the officer to submit. The seed's own jobs are removed unsent: every job row
    afterwards is the traffic's."""
    from django.conf import settings
    from django.core.management import call_command

    from athena.accounts.models import User
    from athena.jobs.models import Job
    from athena.offences.services import OFFENCES_FILE, offences_load
    from athena.people.services import person_create
    from cases.demo import _complete_shoplift
    from custody.models import CustodyRecord

    rows = json.loads(Path(OFFENCES_FILE).read_text(encoding="utf-8-sig"))
    offences_load(rows=[row for row in rows if row.get("cjsCode") in OFFENCE_CODES])
    with mock.patch("athena.jobs.services.job_send", return_value=True):
        call_command("seed_demo", verbosity=0)
        call_command("seed_demo_custody", verbosity=0)
        officer = User.objects.get(username="officer")
        cases = []
        for number in range(files):
            person = person_create(acting_user=officer, surname=f"Failover{number}",
                                   forenames="Fran", date_of_birth=date(1990, 1, 1 + number % 28))
            cases.append(_complete_shoplift(officer=officer, person=person).pk)
    # An address for the supervisor told of each file, so each notification queues an
    # email job too (the quick start's mail goes to the worker's log).
    User.objects.filter(username="supervisor").update(email="supervisor@ha-drill.example")
    Job.objects.all().delete()
    # The demo detainee whose doses and checks the traffic records: an open record at
    # observation level 1, and its as-needed plan (a refused dose never clashes in time).
    record = (CustodyRecord.objects.filter(person__surname="Taylor", closed_at=None)
              .order_by("pk").first())
    plan = record.medication_plans.get(drug="Paracetamol")
    return {"cases": cases, "password": settings.ATHENA_DEMO_PASSWORD,
            "custody_record": record.pk, "plan": plan.pk}


def count(*, cases, doses, checks):
    """What is in the database now: every job row; per submitted case file its
    submissions, "ready" audit events and notifications (the submit handler's effects);
    per notification its email; per custody client id the rows and timeline entries."""
    from athena.audit.models import AuditEvent
    from athena.jobs.models import Job
    from athena.notifications.models import Notification
    from cases.models import CaseFile, FileSubmission
    from custody.models import CustodyEntry, DoseRecordRow, ObservationCheck

    jobs = [{"pk": job.pk, "kind": job.kind, "status": job.status, "attempts": job.attempts,
             "object_id": job.object_id, "last_error": job.last_error[:200],
             "created_at": job.created_at.timestamp(),
             "finished_at": job.finished_at.timestamp() if job.finished_at else None}
            for job in Job.objects.order_by("pk")]
    files = {}
    for case in CaseFile.objects.filter(pk__in=cases):
        submissions = list(FileSubmission.objects.filter(case=case).values("pk", "job_id"))
        files[case.pk] = {
            "urn": case.urn, "status": case.status, "submissions": submissions,
            "ready_events": AuditEvent.objects.filter(action="cases.submission.ready",
                                                      object_id=str(case.pk)).count(),
            "notifications": Notification.objects.filter(title__contains=case.urn).count()}
    notifications = [{"pk": n.pk, "recipient": n.recipient_id, "title": n.title,
                      "emailed": n.emailed_at is not None}
                     for n in Notification.objects.order_by("pk")]
    return {"jobs": jobs, "files": files, "notifications": notifications,
            "doses": _stored(DoseRecordRow, CustodyEntry, doses, "dose_id"),
            "checks": _stored(ObservationCheck, CustodyEntry, checks, "check_id")}


def _stored(model, entry_model, client_ids, key):
    """{client_id: [rows stored, timeline entries of them]}."""
    stored = {}
    for client_id in client_ids:
        rows = list(model.objects.filter(client_id=client_id).values_list("pk", flat=True))
        entries = entry_model.objects.filter(**{f"details__{key}__in": rows}).count()
        stored[client_id] = [len(rows), entries]
    return stored


COMMANDS = {"seed": seed, "count": count}
