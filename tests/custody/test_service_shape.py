"""How every custody write keeps the same shape: one transaction; the timeline entry;
the contingency rebuild queued by the service itself (the timeline writer queues
nothing); and the audit event written last, so the audit chain's lock is held for as
short a time as possible."""

from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from athena.jobs.models import Job, JobStatus
from athena.problems import Problem
from custody.booking import services as booking
from custody.detention import services as detention
from custody.healthcare import services as healthcare
from custody.medication import services as medication
from custody.models import EntryKind
from custody.offline.services import offline_entry_receive, offline_refusal_dismiss
from custody.records.arrivals import Arrival, Received
from custody.records.services import CONTINGENCY_REBUILD_JOB, note_add, timeline_entry_add
from custody.services import custody_authorise_detention, custody_book_in
from tests.custody.test_pages import make_detainee
from tests.people.factories import PersonFactory

NO_RISKS = {q: "no" for q in ("self_harm_history", "suicidal_thoughts",
                              "drug_or_alcohol_intoxication", "head_injury",
                              "medical_conditions", "mental_health", "violence_risk")}


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def _plan(user, record):
    return medication.medication_plan_add(
        user, record, drug="Paracetamol", strength="500 mg", dose="Two tablets",
        authorised_by="Dr Okafor", min_interval_minutes=240, starts_at=ago(hours=2))


def _direction(user, record):
    return healthcare.hcp_direction_record(
        acting_user=user, record=record, given_at=ago(minutes=30), hcp_name="Nurse Bello",
        hcp_role="nurse", kind="not_fit")


def _record(sergeant, officer, suite, record):
    return record


def _unauthorised(sergeant, officer, suite, record):
    return make_detainee(sergeant, officer, suite, authorise=False)


# Each: (name, what to prepare from (sergeant, officer, suite, record), and the write,
# a function of (sergeant, inspector, officer, suite, prepared)).
WRITES = [
    ("book in", _record, lambda s, i, o, suite, r: custody_book_in(
        acting_user=s, suite=suite, person=PersonFactory(), arrested_at=ago(hours=2),
        arrived_at=ago(hours=1), arrest_place="High Street", arresting_officer=o,
        grounds="Theft")),
    ("authorise", _unauthorised, lambda s, i, o, suite, r: custody_authorise_detention(
        acting_user=s, record=r, at=ago(minutes=1), grounds="questioning",
        necessity=["investigation"])),
    ("rights", _record, lambda s, i, o, suite, r: booking.rights_record(
        acting_user=s, record=r, at=ago(minutes=5), legal_advice="declines",
        someone_informed=False)),
    ("risk assessment and level", _record, lambda s, i, o, suite, r:
        booking.risk_assessment_record(acting_user=s, record=r, at=ago(minutes=5),
                                       answers={**NO_RISKS, "head_injury": "yes"})),
    ("property", _record, lambda s, i, o, suite, r: booking.property_item_record(
        acting_user=s, record=r, at=ago(minutes=5), description="Wallet")),
    ("needs", _record, lambda s, i, o, suite, r: booking.needs_record(
        acting_user=s, record=r, at=ago(minutes=5), diet="Halal")),
    ("review", _record, lambda s, i, o, suite, r: detention.review_record(
        acting_user=i, record=r, at=ago(minutes=5))),
    ("warrant", _record, lambda s, i, o, suite, r: detention.warrant_record(
        acting_user=s, record=r, at=ago(minutes=5), granted_until=ago(minutes=5) + timedelta(
            hours=30), court="Chelmsford")),
    ("charge", _record, lambda s, i, o, suite, r: detention.charge_record(
        acting_user=s, record=r, at=ago(minutes=5))),
    ("close", _record, lambda s, i, o, suite, r: detention.close_record(
        acting_user=s, record=r, at=ago(minutes=5), reason="released")),
    ("direction", _record, lambda s, i, o, suite, r: _direction(s, r)),
    ("acknowledgement", lambda s, o, suite, r: _direction(s, r),
     lambda s, i, o, suite, direction: healthcare.hcp_direction_acknowledge(
         acting_user=s, direction=direction)),
    ("failed rousing check", _record, lambda s, i, o, suite, r: healthcare.check_record(
        acting_user=s, record=r, at=ago(minutes=1), rousable=False,
        responds_to_questions=False, responds_to_commands=False, hcp_called=True)),
    ("observation level", _record, lambda s, i, o, suite, r:
        healthcare.observation_level_change(acting_user=s, record=r, level=3,
                                            reason="Threatened self-harm")),
    ("medication plan", _record, lambda s, i, o, suite, r: _plan(s, r)),
    ("dose", lambda s, o, suite, r: _plan(s, r),
     lambda s, i, o, suite, plan: medication.dose_record(s, plan, ago(minutes=5), "given")),
    ("refused offline entry", _record, lambda s, i, o, suite, r: _refused_on_arrival(s, r)),
    ("refusal dismissed", lambda s, o, suite, r: _refused_on_arrival(s, r)[0],
     lambda s, i, o, suite, entry: offline_refusal_dismiss(
         acting_user=s, entry=entry, reason="Given again on paper")),
    ("note", _record, lambda s, i, o, suite, r: note_add(
        acting_user=s, record=r, at=ago(minutes=1), text="Asked for a blanket")),
]


def _refused_on_arrival(user, record):
    """A check made offline that the rules refuse when it arrives."""
    arrival = Arrival(client_id="a" * 32, record=record, url_name="custody:check_new",
                      url_kwargs={"pk": record.pk}, fields=QueryDict(), maker=user,
                      sender=user, saved_at=None, live=False, origin=None)
    return offline_entry_receive(
        arrival=arrival, form_url=f"/custody/records/{record.pk}/checks/new/", fields={},
        receiver=lambda arrived: Received(False, "Check", problems=(
            Problem("check_already_recorded", "", "Already recorded."),)))


def _writes_after_the_audit(queries):
    """The writes to anything but the audit trail made once the audit trail is touched."""
    sqls = [query["sql"] for query in queries]
    first = next(index for index, sql in enumerate(sqls) if '"audit_' in sql)
    return [sql for sql in sqls[first:] if '"audit_' not in sql
            and sql.split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]


@pytest.mark.parametrize(("name", "prepare", "write"), WRITES,
                         ids=[name for name, _prepare, _write in WRITES])
def test_each_write_queues_the_rebuild_and_audits_last(name, prepare, write, custody_sergeant,
                                                       inspector, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=23)
    prepared = prepare(custody_sergeant, officer, suite, record)
    Job.objects.all().delete()
    with CaptureQueriesContext(connection) as context:
        write(custody_sergeant, inspector, officer, suite, prepared)
    assert _writes_after_the_audit(context.captured_queries) == [], name
    assert Job.objects.filter(kind=CONTINGENCY_REBUILD_JOB, status=JobStatus.QUEUED).exists()


def test_the_timeline_writer_queues_nothing(custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite)
    Job.objects.all().delete()
    entry = timeline_entry_add(record, kind=EntryKind.NOTE, occurred_at=timezone.now(),
                               by=custody_sergeant, summary="Asked for a blanket", cell="C1")
    assert entry.details == {"cell": "C1"}
    assert not Job.objects.exists()


def test_changes_in_quick_succession_share_one_rebuild(custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite)
    healthcare.check_record(acting_user=custody_sergeant, record=record, at=ago(minutes=2))
    healthcare.check_record(acting_user=custody_sergeant, record=record, at=ago(minutes=1))
    assert Job.objects.filter(kind=CONTINGENCY_REBUILD_JOB, object_id=str(record.pk),
                              status=JobStatus.QUEUED).count() == 1
