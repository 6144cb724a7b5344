"""Query budgets: every page that lists rows (worklists, boards, queues, searches, the
API's lists) reads a fixed number of queries however many rows it shows.

Each page is asked for as a user whose role opens it: once to warm up (the session, the
caches), then with a few rows and again with many more, each with its related records
(suspects, offences, exhibits, doses, links...). The count with many rows may not exceed
the count with a few (no query per row), and neither may exceed the page's budget below.
A budget is the count measured when it was set plus a small margin: a new query on a
page is a decision to make here, in review, not a drift nobody saw.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.audit.services import audit_record
from athena.jobs.models import Job, JobStatus
from athena.notifications.models import Notification
from athena.people.models import (
    Alias,
    Organisation,
    PersonAddress,
    PersonVehicle,
    TelephoneNumber,
)
from cases.models import (
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    ChargedOffence,
    CpsAction,
    CpsDecision,
    CpsHandover,
    DecisionOutcome,
    FileSubmission,
    Participant,
    ParticipantRole,
    ReviewState,
)
from cases.sections import SectionKind
from cases.services import SUBMIT_FILE_JOB
from custody.booking.services import risk_assessment_record
from custody.detention.services import review_record
from custody.healthcare.services import (
    check_record,
    hcp_direction_acknowledge,
    hcp_direction_record,
)
from custody.medication.services import dose_record, medication_plan_add
from custody.models import (
    Authorisation,
    AuthorisationKind,
    CustodySuite,
    DoseOutcome,
    OfflineEntry,
    OfflineEntryStatus,
)
from custody.models.booking import RISK_QUESTIONS, Answer
from custody.records.services import note_add
from intelligence import services as intelligence_services
from intelligence.models import EntityType, ReportQuestion, ReportStatus
from tests.cases.factories import (
    CaseFileFactory,
    CaseSectionFactory,
    ChargedOffenceFactory,
    SectionItemFactory,
    SuspectFactory,
)
from tests.cases.factories_cps import PDF
from tests.custody.test_pages import make_detainee
from tests.factories import UserFactory, essex, kent
from tests.intelligence.factories import IntelligenceReportFactory, ReportLinkFactory
from tests.offences.factories import OffenceFactory
from tests.people.factories import LocationFactory, PersonFactory, VehicleFactory
from tests.reasons import open_for_reason

# The most queries each page may read, with many rows. A signed-in page reads 8 before
# its own: the session, the user, their second factor, groups, force, permissions (two)
# and unread notifications; the API 4. A page of personal data adds its audit INSERT.
# Each budget is the count measured (the comment), on SQLite and on PostgreSQL, the same
# with 2 rows and with 27, plus a margin of 2.
BUDGETS = {
    # Home pages: each role's worklists.
    "home, officer": 23,  # 21: files (clocks, suspects, offences), returns, CPS actions
    "home, custody officer": 39,  # 37: the board's rows read twice, one list each
    "home, file supervisor": 16,  # 14
    "home, intelligence analyst": 14,  # 12
    "home, CPS lawyer": 13,  # 11
    "home, administrator": 13,  # 11: subjects looked at
    # Case files
    "case files, officer": 14,  # 12
    "case files, supervisor (force)": 14,  # 12
    "review queue": 18,  # 16: the rows, a count, three facets
    "files sent to the CPS": 14,  # 12
    "quality dashboard": 19,  # 17
    "exhibits of a file": 17,  # 15
    "witness statements of a file": 17,  # 15
    "history of a file": 17,  # 15
    "task list of a file": 17,  # 15
    "CPS page of a file": 19,  # 17
    "CPS review of a file": 21,  # 19
    "review of a file": 18,  # 16
    # Custody
    "custody board": 25,  # 23
    "suite contingency pack": 27,  # 25
    "custody record timeline": 20,  # 18 (45 with 27 rows before who authorised was joined)
    "medication of a record": 21,  # 19
    "healthcare of a record": 20,  # 18
    # Intelligence
    "intelligence, own reports": 12,  # 10
    "evaluation queue": 14,  # 12
    "retention queue": 13,  # 11
    "intelligence search": 28,  # 26 on PostgreSQL (its planner settings), 22 on SQLite
    "subject profile": 27,  # 25: reports, network, custody history, case files
    "subject access log": 20,  # 18
    "links of a report": 18,  # 16
    "intelligence report": 20,  # 18
    # The nominal index
    "people search": 19,  # 17 on PostgreSQL (its planner settings), 15 on SQLite
    "a person's record": 18,  # 16
    "residents of a location": 16,  # 14
    "people of a vehicle": 16,  # 14
    # The platform
    "audit viewer": 20,  # 18: one query for the names of each kind of record
    "audit viewer, about a person": 21,  # 19
    "users, administrator": 15,  # 13
    "users, national administrator": 16,  # 14
    "sign-in pauses": 15,  # 13
    "notifications": 12,  # 10
    "offence picker": 6,  # 4: a partial, without the page's context
    # The API
    "API case files, officer": 8,  # 6
    "API case files, supervisor": 8,  # 6
    "API case files, CPS lawyer": 8,  # 6
}

FEW = 2
MORE = 25
NAME = "Stravinskaya"  # the surname the searches look for


def _letters(number):
    """1 -> "a", 27 -> "aa": a name part unique to the row, with no digits."""
    word = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        word = "abcdefghijklmnopqrstuvwxyz"[remainder] + word
    return word


class Scene:
    """The force, the users who open the pages, and the records whose rows the pages
    list; made when first asked for."""

    def __init__(self):
        self.force = essex()
        self._numbers = itertools.count(1)
        self._minutes = itertools.count(30)

    def number(self):
        return next(self._numbers)

    def _user(self, username, role, **fields):
        return UserFactory(username=username, force=fields.pop("force", self.force),
                           roles=[role], **fields)

    @cached_property
    def officer(self):
        return self._user("pc_budget", Role.OFFICER)

    @cached_property
    def custody_sergeant(self):
        return self._user("ps_budget", Role.CUSTODY_OFFICER, rank="PS")

    @cached_property
    def supervisor(self):
        return self._user("ds_budget", Role.FILE_SUPERVISOR, rank="DS")

    @cached_property
    def inspector(self):
        return self._user("insp_budget", Role.INSPECTOR, rank="INSP")

    @cached_property
    def analyst(self):
        return self._user("analyst_budget", Role.INTELLIGENCE_ANALYST, rank="STAFF")

    @cached_property
    def cps_lawyer(self):
        return self._user("cps_budget", Role.CPS_LAWYER, rank="CPS")

    @cached_property
    def administrator(self):
        return self._user("admin_budget", Role.ADMINISTRATOR, rank="STAFF")

    @cached_property
    def national_administrator(self):
        return self._user("national_budget", Role.NATIONAL_ADMINISTRATOR, rank="STAFF")

    @cached_property
    def suite(self):
        return CustodySuite.objects.create(force=self.force, code="BUD", name="Budgetford")

    @cached_property
    def subject(self):
        return PersonFactory(surname="Oyelaran-Budge", forenames="Cordelia",
                             created_by_force=self.force)

    @cached_property
    def case(self):
        """The file whose own lists (statements, exhibits, history) grow."""
        return _case(self, officer=self.officer)

    @cached_property
    def cps_case(self):
        """The file whose handovers, decisions and actions grow."""
        return _sent_to_cps(self, status=CaseStatus.DECIDED, officer=self.officer)

    @cached_property
    def location(self):
        return LocationFactory(created_by_force=self.force)

    @cached_property
    def vehicle(self):
        return VehicleFactory(created_by_force=self.force)

    @cached_property
    def detainee(self):
        """The record whose own lists (timeline, medication, checks) grow: in custody
        for 20 hours, room for each row's times a minute apart."""
        return make_detainee(self.custody_sergeant, self.officer, self.suite, hours_ago=20)

    def detainee_time(self):
        return self.detainee.arrived_at + timedelta(minutes=next(self._minutes))

    @cached_property
    def report(self):
        return IntelligenceReportFactory(originating_force=self.force, author=self.analyst,
                                         status=ReportStatus.DRAFT)


# --- Rows ------------------------------------------------------------------------------

def _another_officer(scene):
    """A new officer of the force for each row: a query per officer would show."""
    return UserFactory(force=scene.force, roles=[Role.OFFICER], team="Chelmsford CID")


def _another_custody_officer(scene):
    return UserFactory(force=scene.force, roles=[Role.CUSTODY_OFFICER], rank="PS")


def _case(scene, *, officer=None, status=CaseStatus.DRAFT, **fields):
    """A file with two suspects, one charged with two offences."""
    case = CaseFileFactory(force=scene.force, officer_in_case=officer or _another_officer(scene),
                           status=status, next_deadline_at=timezone.now() + timedelta(
                               days=scene.number() % 9 + 1), **fields)
    first = SuspectFactory(case=case, position=1)
    ChargedOffenceFactory(suspect=first, offence=OffenceFactory())
    ChargedOffenceFactory(suspect=first, offence=OffenceFactory())
    ChargedOffenceFactory(suspect=SuspectFactory(case=case, position=2),
                          offence=OffenceFactory())
    return case


def _submission(case):
    """A submission whose check passed."""
    job = Job.objects.create(kind=SUBMIT_FILE_JOB, object_type="cases.casefile",
                             object_id=str(case.pk), status=JobStatus.DONE, progress=100)
    return FileSubmission.objects.create(case=case, submitted_by=case.officer_in_case,
                                         job=job, submitted_at=timezone.now())


def _awaiting_review(scene):
    case = _case(scene, status=CaseStatus.SUBMITTED)
    _submission(case)
    return case


def _sent_to_cps(scene, *, status=CaseStatus.SENT_TO_CPS, officer=None):
    case = _case(scene, status=status, officer=officer)
    CpsHandover.objects.create(case=case, submission=_submission(case), dcf_document={},
                               sent_by=case.officer_in_case)
    return case


def _decision_with_action(scene, case, description):
    decision = CpsDecision.objects.create(case=case, outcome=DecisionOutcome.FURTHER_EVIDENCE,
                                          decided_by=scene.cps_lawyer, reason="Get the CCTV")
    CpsAction.objects.create(decision=decision, description=description,
                             due_on=timezone.localdate() + timedelta(days=7))


def _decided_with_action(scene, officer):
    case = _sent_to_cps(scene, status=CaseStatus.DECIDED, officer=officer)
    _decision_with_action(scene, case, f"Obtain the CCTV of {case.urn}")
    return case


def _returned(scene, officer):
    """A returned file with a returned statements section pointing at its statement."""
    case = _case(scene, officer=officer, status=CaseStatus.RETURNED)
    section = CaseSectionFactory(case=case, kind=SectionKind.WITNESS_STATEMENTS,
                                 review_state=ReviewState.RETURNED, reviewed_by=scene.supervisor,
                                 review_comment="Add the witness's date of birth")
    item = SectionItemFactory(section=section, data={"witness_name": "Alex Turner"})
    section.review_fields = [f"item:{item.pk}"]
    section.save(update_fields=["review_fields"])
    return case


def _detainee(scene, *, plan=True):
    """A detainee of the suite with a risk assessment, a review of detention, a
    medication plan (a dose given), an HCP direction and an entry made offline that the
    rules refused."""
    record = make_detainee(scene.custody_sergeant, scene.officer, scene.suite,
                           hours_ago=3 + scene.number() % 6, cell=f"C{scene.number()}")
    if plan:
        started = record.arrived_at + timedelta(minutes=5)
        risk_assessment_record(
            acting_user=scene.custody_sergeant, record=record, at=started,
            answers={question: Answer.YES if question == "head_injury" else Answer.NO
                     for question in RISK_QUESTIONS})
        review_record(acting_user=scene.inspector, record=record,
                      at=record.arrived_at + timedelta(hours=1))
        given = medication_plan_add(scene.custody_sergeant, record, drug="Paracetamol",
                                    strength="500 mg", dose="Two tablets",
                                    authorised_by="Dr Okafor", min_interval_minutes=240,
                                    starts_at=started)
        dose_record(scene.custody_sergeant, given, started + timedelta(minutes=1),
                    DoseOutcome.GIVEN)
        hcp_direction_record(acting_user=scene.custody_sergeant, record=record,
                             given_at=started, hcp_name="Nurse Khan", hcp_role="nurse",
                             kind="reassess", text="Rousing checks",
                             reassess_by=started + timedelta(hours=4))
        OfflineEntry.objects.create(
            client_id=f"budget-{record.pk}", record=record, what="Paracetamol 500 mg dose",
            form_url="/", made_by=scene.custody_sergeant, received_by=scene.custody_sergeant,
            status=OfflineEntryStatus.REFUSED,
            problems=[{"code": "too_soon", "field": "at", "message": "Too soon"}])
    return record


def _report(scene, **fields):
    """A report of the force with a person, a vehicle and a location linked."""
    fields.setdefault("author", _another_officer(scene))
    report = IntelligenceReportFactory(originating_force=scene.force, **fields)
    ReportLinkFactory(report=report, person=PersonFactory(created_by_force=scene.force))
    ReportLinkFactory(report=report, entity_type=EntityType.VEHICLE, person=None,
                      vehicle=VehicleFactory())
    ReportLinkFactory(report=report, entity_type=EntityType.LOCATION, person=None,
                      location=LocationFactory())
    return report


# Each function adds ``count`` rows to the page's list and returns what each row shows
# (a URN, a reference, a name), to prove the page lists them.

def home_officer_rows(scene, count):
    marks = []
    for _ in range(count):
        own = _case(scene, officer=scene.officer)
        own.custody_record = _detainee(scene, plan=False)
        own.save(update_fields=["custody_record"])
        marks += [own.urn, _returned(scene, scene.officer).urn,
                  _decided_with_action(scene, scene.officer).urn]
    return marks


def detainee_rows(scene, count):
    return [_detainee(scene).custody_number for _ in range(count)]


def home_supervisor_rows(scene, count):
    return [urn for _ in range(count) for urn in (
        _awaiting_review(scene).urn, _case(scene, status=CaseStatus.APPROVED).urn)]


def home_analyst_rows(scene, count):
    today = timezone.localdate()
    return [reference for index in range(count) for reference in (
        _report(scene, status=ReportStatus.SUBMITTED).reference,
        _report(scene, review_due_on=today + timedelta(days=index % 20)).reference)]


def home_administrator_rows(scene, count):
    marks = []
    for _ in range(count):
        person = PersonFactory(created_by_force=scene.force)
        intelligence_services.subject_viewed(acting_user=_another_officer(scene), person=person,
                                             reason="Burglary enquiry")
        marks.append(person.surname)
    return marks


def officer_files_rows(scene, count):
    return [_case(scene, officer=scene.officer).urn for _ in range(count)]


def force_files_rows(scene, count):
    return [_case(scene).urn for _ in range(count)]


def review_queue_rows(scene, count):
    return [_awaiting_review(scene).urn for _ in range(count)]


def cps_rows(scene, count):
    return [_sent_to_cps(scene).urn for _ in range(count)]


def dashboard_rows(scene, count):
    marks = []
    for _ in range(count):
        case = _case(scene, arrested_at=timezone.now() - timedelta(days=5))
        _submission(case)
        for kind in (CaseEventKind.SUBMITTED, CaseEventKind.RETURNED, CaseEventKind.APPROVED):
            CaseEvent.objects.create(case=case, kind=kind, actor=case.officer_in_case)
        CaseEvent.objects.create(case=case, kind=CaseEventKind.SECTION_RETURNED,
                                 section_kind=SectionKind.CASE_SUMMARY,
                                 actor=scene.supervisor, comment=f"Comment on {case.urn}")
        CpsDecision.objects.create(case=case, outcome=DecisionOutcome.NO_FURTHER_ACTION,
                                   decided_by=scene.cps_lawyer, reason="-")
        marks.append(case.urn)
    return marks


def _items(scene, kind, count, data):
    section = (scene.case.sections.filter(kind=kind).first()
               or CaseSectionFactory(case=scene.case, kind=kind))
    marks = []
    for _ in range(count):
        number = scene.number()
        fields = data(number)
        if kind == SectionKind.EXHIBITS:
            fields = {"file": ContentFile(PDF, name=f"exhibit-{number}.pdf"),
                      "file_type": "pdf", **fields}
        SectionItemFactory(section=section, data=fields.pop("data"), **fields)
        marks.append(f"Mark{_letters(number)}")
    return marks


def exhibit_rows(scene, count):
    return _items(scene, SectionKind.EXHIBITS, count, lambda number: {"data": {
        "reference": f"Mark{_letters(number)}", "description": "CCTV still"}})


def statement_rows(scene, count):
    return _items(scene, SectionKind.WITNESS_STATEMENTS, count, lambda number: {"data": {
        "witness_name": f"Alex Mark{_letters(number)}", "witness_role": "witness",
        "statement_date": "2026-11-19", "statement": "I saw the man take two bottles.",
        "declaration": "yes"}})


def history_rows(scene, count):
    marks = []
    for _ in range(count):
        mark = f"Mark{_letters(scene.number())}"
        CaseEvent.objects.create(case=scene.case, kind=CaseEventKind.SECTION_RETURNED,
                                 section_kind=SectionKind.CASE_SUMMARY,
                                 actor=_another_officer(scene), comment=f"{mark} is missing")
        marks.append(mark)
    return marks


def suspect_rows(scene, count):
    """Suspects of the file, each charged with two offences; a victim and a witness,
    each a person of the index."""
    marks = []
    for _ in range(count):
        suspect = SuspectFactory(case=scene.case, position=scene.number() + 2)
        ChargedOffenceFactory(suspect=suspect, offence=OffenceFactory())
        ChargedOffenceFactory(suspect=suspect, offence=OffenceFactory())
        for role in (ParticipantRole.VICTIM, ParticipantRole.WITNESS):
            person = PersonFactory(created_by_force=scene.force)
            Participant.objects.create(case=scene.case, role=role, person=person,
                                       name=person.full_name)
        marks.append(suspect.person.surname)
    return marks


def cps_file_rows(scene, count):
    """Actions of the file's latest CPS decision; and, for each, an earlier decision
    charging its suspects and an earlier sending of the file."""
    case = scene.cps_case
    if not case.decisions.exists():
        CpsDecision.objects.create(case=case, outcome=DecisionOutcome.FURTHER_EVIDENCE,
                                   decided_by=scene.cps_lawyer, reason="Get the CCTV")
    latest = case.decisions.first()
    charges = [{"cjs_code": charged.offence.cjs_code, "title": charged.offence.title,
                "wording": "Stole gin", "suspect_id": charged.suspect_id}
               for charged in ChargedOffence.objects.filter(suspect__case=case)
               .select_related("offence")]
    marks = []
    for _ in range(count):
        mark = f"Mark{_letters(scene.number())}"
        CpsAction.objects.create(decision=latest, description=f"Obtain {mark}",
                                 due_on=timezone.localdate() + timedelta(days=7))
        CpsDecision.objects.create(
            case=case, outcome=DecisionOutcome.CHARGE, charges=charges,
            decided_by=_another_officer(scene), reason=f"{mark} charged",
            decided_at=latest.decided_at - timedelta(days=1, minutes=scene.number()))
        CpsHandover.objects.create(case=case, submission=_submission(case), dcf_document={},
                                   sent_by=_another_officer(scene),
                                   sent_at=timezone.now() - timedelta(days=2))
        marks.append(mark)
    return marks


def review_rows(scene, count):
    if scene.case.status != CaseStatus.SUBMITTED:
        scene.case.status = CaseStatus.SUBMITTED
        scene.case.save(update_fields=["status"])
        _submission(scene.case)
    return exhibit_rows(scene, count) + statement_rows(scene, count)


def record_rows(scene, count):
    """On the detainee's timeline: a note, a check; and a delay of legal advice an
    inspector authorised, and an entry made offline that the rules refused."""
    marks = []
    for _ in range(count):
        mark = f"Mark{_letters(scene.number())}"
        note_add(acting_user=scene.custody_sergeant, record=scene.detainee,
                 at=scene.detainee_time(), text=f"{mark} asked for a blanket")
        check_record(acting_user=scene.custody_sergeant, record=scene.detainee,
                     at=scene.detainee_time(), notes="Asleep, breathing normally")
        Authorisation.objects.create(
            record=scene.detainee, kind=AuthorisationKind.DELAY_LEGAL_ADVICE,
            at=scene.detainee_time(), authorised_by=UserFactory(force=scene.force,
                                                                roles=[Role.INSPECTOR]),
            by_role=Role.INSPECTOR.value, grounds="interference")
        OfflineEntry.objects.create(
            client_id=f"budget-{mark}", record=scene.detainee, what=f"{mark} dose",
            form_url="/", made_by=_another_officer(scene), received_by=scene.custody_sergeant,
            status=OfflineEntryStatus.REFUSED,
            problems=[{"code": "too_soon", "field": "at", "message": "Too soon"}])
        marks.append(mark)
    return marks


def medication_rows(scene, count):
    marks = []
    for _ in range(count):
        mark = f"Mark{_letters(scene.number())}"
        started = scene.detainee_time()
        plan = medication_plan_add(scene.custody_sergeant, scene.detainee, drug=mark,
                                   strength="500 mg", dose="Two tablets",
                                   authorised_by="Dr Okafor", min_interval_minutes=240,
                                   starts_at=started)
        dose_record(scene.custody_sergeant, plan, started + timedelta(seconds=30),
                    DoseOutcome.GIVEN)
        marks.append(mark)
    return marks


def healthcare_rows(scene, count):
    marks = []
    for _ in range(count):
        mark = f"Mark{_letters(scene.number())}"
        at = scene.detainee_time()
        direction = hcp_direction_record(
            acting_user=scene.custody_sergeant, record=scene.detainee, given_at=at,
            hcp_name=f"Nurse {mark}", hcp_role="nurse", kind="reassess",
            text="Rousing checks", reassess_by=at + timedelta(hours=4))
        if scene.number() % 2:
            hcp_direction_acknowledge(acting_user=_another_custody_officer(scene),
                                      direction=direction)
        check_record(acting_user=scene.custody_sergeant, record=scene.detainee,
                     at=scene.detainee_time(), notes=f"{mark} asleep")
        marks.append(mark)
    return marks


def own_report_rows(scene, count):
    return [_report(scene, author=scene.officer, status=status).reference
            for status in itertools.islice(itertools.cycle(
                [ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.DISSEMINATED]), count)]


def evaluation_rows(scene, count):
    return [_report(scene, status=ReportStatus.SUBMITTED).reference for _ in range(count)]


def retention_rows(scene, count):
    today = timezone.localdate()
    return [_report(scene, review_due_on=today + timedelta(days=index % 40 - 10)).reference
            for index in range(count)]


def search_rows(scene, count):
    """People of one surname, each linked to a report."""
    marks = []
    for _ in range(count):
        person = PersonFactory(surname=NAME, forenames=f"Anna{_letters(scene.number())}",
                               created_by_force=scene.force)
        report = _report(scene)
        ReportLinkFactory(report=report, person=person)
        marks.append(report.reference)
    return marks


def subject_rows(scene, count):
    """For the subject: a report linking them (and others, their network), a case file
    naming them as a suspect, a custody record; and on the people index an address, a
    vehicle, a telephone number and an organisation."""
    marks = []
    for _ in range(count):
        report = _report(scene)
        ReportLinkFactory(report=report, person=scene.subject)
        case = _case(scene)
        case.suspects.filter(position=1).update(person=scene.subject)
        record = make_detainee(scene.custody_sergeant, scene.officer, scene.suite,
                               hours_ago=2)
        record.person = scene.subject
        record.save(update_fields=["person"])
        PersonAddress.objects.create(person=scene.subject, location=LocationFactory())
        PersonVehicle.objects.create(person=scene.subject, vehicle=VehicleFactory())
        TelephoneNumber.objects.create(person=scene.subject, number=f"07700 9{scene.number():05d}",
                                       created_by_force=scene.force)
        Organisation.objects.create(name=f"Club {scene.number()}",
                                    created_by_force=scene.force).people.add(scene.subject)
        marks += [report.reference, case.urn, record.custody_number]
    return marks


def access_log_rows(scene, count):
    marks = []
    for _ in range(count):
        mark = f"Mark{_letters(scene.number())}"
        intelligence_services.subject_viewed(acting_user=_another_officer(scene),
                                             person=scene.subject, reason=f"{mark} enquiry")
        marks.append(mark)
    return marks


def report_link_rows(scene, count):
    marks = []
    for _ in range(count):
        person = PersonFactory(created_by_force=scene.force)
        ReportLinkFactory(report=scene.report, person=person)
        ReportLinkFactory(report=scene.report, entity_type=EntityType.VEHICLE, person=None,
                          vehicle=VehicleFactory())
        marks.append(person.surname)
    return marks


def report_detail_rows(scene, count):
    """Links of every kind, and a question from the intelligence unit, answered."""
    marks = report_link_rows(scene, count)
    for mark in marks:
        ReportLinkFactory(report=scene.report, entity_type=EntityType.TELEPHONE, person=None,
                          telephone_number=TelephoneNumber.objects.create(
                              number=f"07700 9{scene.number():05d}",
                              created_by_force=scene.force))
        ReportLinkFactory(report=scene.report, entity_type=EntityType.ORGANISATION,
                          person=None, organisation=Organisation.objects.create(
                              name=f"Club {scene.number()}", created_by_force=scene.force))
        ReportQuestion.objects.create(report=scene.report, question=f"Who is {mark}?",
                                      asked_by=_another_officer(scene), answer="A neighbour",
                                      answered_by=scene.analyst, answered_at=timezone.now())
    return marks


def person_record_rows(scene, count):
    """Aliases, addresses and vehicles of the subject."""
    marks = []
    for _ in range(count):
        mark = f"Mark{_letters(scene.number())}"
        Alias.objects.create(person=scene.subject, surname=mark, forenames="Other")
        PersonAddress.objects.create(person=scene.subject,
                                     location=LocationFactory(address_line_1=f"1 {mark} Road"))
        PersonVehicle.objects.create(person=scene.subject, vehicle=VehicleFactory())
        marks.append(mark)
    return marks


def resident_rows(scene, count):
    return [PersonAddress.objects.create(person=PersonFactory(), location=scene.location)
            .person.surname for _ in range(count)]


def vehicle_people_rows(scene, count):
    return [PersonVehicle.objects.create(person=PersonFactory(), vehicle=scene.vehicle)
            .person.surname for _ in range(count)]


def people_rows(scene, count):
    return [PersonFactory(surname=NAME, forenames=f"Anna{_letters(scene.number())}",
                          created_by_force=scene.force).forenames for _ in range(count)]


def audit_rows(scene, count):
    """Looks at records of every kind the viewer names, each by another officer."""
    marks = []
    for _ in range(count):
        person = PersonFactory(created_by_force=scene.force)
        officer = _another_officer(scene)
        for action, record in (
                ("people.person.viewed", person),
                ("people.location.viewed", LocationFactory()),
                ("people.vehicle.viewed", VehicleFactory()),
                ("cases.case.viewed", _case(scene, officer=officer)),
                ("custody.record.viewed", make_detainee(scene.custody_sergeant, officer,
                                                        scene.suite)),
                ("intelligence.report.viewed", _report(scene)),
                ("accounts.user.viewed", _another_officer(scene))):
            audit_record(actor=officer, action=action, obj=record, reason="Burglary enquiry")
        marks.append(person.surname)
    return marks


def audit_about_rows(scene, count):
    """Looks at the subject and at records about them (a case file naming them, their
    custody record, a report linking them)."""
    marks = []
    for _ in range(count):
        officer = _another_officer(scene)
        case = _case(scene, officer=officer)
        case.suspects.filter(position=1).update(person=scene.subject)
        record = make_detainee(scene.custody_sergeant, officer, scene.suite)
        record.person = scene.subject
        record.save(update_fields=["person"])
        report = _report(scene)
        ReportLinkFactory(report=report, person=scene.subject)
        for action, about in (("people.person.viewed", scene.subject),
                              ("cases.case.viewed", case), ("custody.record.viewed", record),
                              ("intelligence.report.viewed", report)):
            audit_record(actor=officer, action=action, obj=about, reason="Burglary enquiry")
        marks += [case.urn, record.custody_number, report.reference]
    return marks


def user_rows(scene, count):
    marks = []
    for index in range(count):
        user = UserFactory(force=scene.force if index % 2 else kent(),
                           roles=[Role.OFFICER, Role.CUSTODY_OFFICER])
        marks.append(user.username)
    return marks


def force_user_rows(scene, count):
    return [UserFactory(force=scene.force, roles=[Role.OFFICER, Role.CUSTODY_OFFICER]).username
            for _ in range(count)]


def lockout_rows(scene, count):
    """Users of the force whose sign-in is paused: five wrong passwords from an address."""
    marks = []
    for _ in range(count):
        user = _another_officer(scene)
        attempt = AccessAttempt.objects.create(
            username=user.username, ip_address="203.0.113.7", user_agent="test",
            http_accept="*/*", path_info="/account/sign-in/", get_data="", post_data="",
            failures_since_start=5)
        AccessAttemptExpiration.objects.create(
            access_attempt=attempt, expires_at=timezone.now() + timedelta(minutes=15))
        marks.append(user.username)
    return marks


def notification_rows(scene, count):
    marks = []
    for _ in range(count):
        mark = f"Mark{_letters(scene.number())}"
        Notification.objects.create(recipient=scene.officer, title=f"{mark} is waiting",
                                    url="/cases/review/")
        marks.append(mark)
    return marks


def offence_rows(scene, count):
    return [OffenceFactory(title=f"Budgeting offence {_letters(scene.number())}").cjs_code
            for _ in range(count)]


def api_lawyer_rows(scene, count):
    return [_sent_to_cps(scene, status=status).urn for status in itertools.islice(
        itertools.cycle([CaseStatus.SENT_TO_CPS, CaseStatus.DECIDED]), count)]


# --- The pages ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    viewer: str  # the Scene's user who opens it
    rows: Callable[[Scene, int], list[str]]  # adds rows, returns what they show
    url: Callable[[Scene], str] | None = None  # the address, or else ``address``
    address: str = ""
    shown: int = FEW + MORE  # how many rows the page shows at most (a limit, a page)

    def url_for(self, scene):
        return self.url(scene) if self.url else self.address


def _reverse(name, *args):
    return reverse(name, args=args or None)


PAGES = {
    "home, officer": Page("officer", home_officer_rows, address=_reverse("home"),
                          shown=2 * 20),
    "home, custody officer": Page("custody_sergeant", detainee_rows,
                                  address=_reverse("home")),
    "home, file supervisor": Page("supervisor", home_supervisor_rows,
                                  address=_reverse("home"), shown=2 * 20),
    "home, intelligence analyst": Page("analyst", home_analyst_rows, address=_reverse("home"),
                                       shown=2 * 20),
    "home, CPS lawyer": Page("cps_lawyer", cps_rows, address=_reverse("home"), shown=20),
    "home, administrator": Page("administrator", home_administrator_rows,
                                address=_reverse("home"), shown=10),
    "case files, officer": Page("officer", officer_files_rows, address=_reverse("cases:index")),
    "case files, supervisor (force)": Page("supervisor", force_files_rows,
                                           address=_reverse("cases:index") + "?scope=force"),
    "review queue": Page("supervisor", review_queue_rows, address=_reverse("cases:review_queue")),
    "files sent to the CPS": Page("cps_lawyer", cps_rows, address=_reverse("cases:cps_index")),
    "quality dashboard": Page("supervisor", dashboard_rows, address=_reverse("cases:dashboard"),
                              shown=10),
    "exhibits of a file": Page("officer", exhibit_rows, url=lambda scene: _reverse(
        "cases:items", scene.case.pk, SectionKind.EXHIBITS)),
    "witness statements of a file": Page("officer", statement_rows, url=lambda scene: _reverse(
        "cases:items", scene.case.pk, SectionKind.WITNESS_STATEMENTS)),
    "history of a file": Page("officer", history_rows,
                              url=lambda scene: _reverse("cases:history", scene.case.pk)),
    "task list of a file": Page("officer", suspect_rows,
                                url=lambda scene: _reverse("cases:detail", scene.case.pk)),
    "CPS page of a file": Page("officer", cps_file_rows,
                               url=lambda scene: _reverse("cases:cps_file", scene.cps_case.pk)),
    "CPS review of a file": Page("cps_lawyer", cps_file_rows,
                                 url=lambda scene: _reverse("cases:cps_review",
                                                            scene.cps_case.pk)),
    "review of a file": Page("supervisor", review_rows, shown=2 * (FEW + MORE),
                             url=lambda scene: _reverse("cases:review", scene.case.pk)),
    "custody board": Page("custody_sergeant", detainee_rows,
                          address=_reverse("custody:index")),
    "suite contingency pack": Page("custody_sergeant", detainee_rows,
                                   url=lambda scene: _reverse("custody:suite_contingency",
                                                              scene.suite.code)),
    "custody record timeline": Page("custody_sergeant", record_rows,
                                    url=lambda scene: _reverse("custody:record",
                                                               scene.detainee.pk)),
    "medication of a record": Page("custody_sergeant", medication_rows,
                                   url=lambda scene: _reverse("custody:medication",
                                                              scene.detainee.pk)),
    "healthcare of a record": Page("custody_sergeant", healthcare_rows,
                                   url=lambda scene: _reverse("custody:healthcare",
                                                              scene.detainee.pk)),
    "intelligence, own reports": Page("officer", own_report_rows,
                                      address=_reverse("intelligence:index")),
    "evaluation queue": Page("analyst", evaluation_rows,
                             address=_reverse("intelligence:evaluation_queue")),
    "retention queue": Page("analyst", retention_rows,
                            address=_reverse("intelligence:retention_queue")),
    "intelligence search": Page("officer", search_rows, shown=20,
                                address=_reverse("intelligence:search") + f"?q={NAME}"),
    "subject profile": Page("inspector", subject_rows, shown=3 * (FEW + MORE),
                            url=lambda scene: _reverse("intelligence:subject_profile",
                                                       scene.subject.pk)),
    "subject access log": Page("administrator", access_log_rows,
                               url=lambda scene: _reverse("intelligence:subject_access_log",
                                                          scene.subject.pk)),
    "links of a report": Page("analyst", report_link_rows,
                              url=lambda scene: _reverse("intelligence:report_links",
                                                         scene.report.pk)),
    "intelligence report": Page("analyst", report_detail_rows,
                                url=lambda scene: _reverse("intelligence:report_detail",
                                                           scene.report.pk)),
    "a person's record": Page("officer", person_record_rows,
                              url=lambda scene: _reverse("people:person_detail",
                                                         scene.subject.pk)),
    "residents of a location": Page("officer", resident_rows,
                                    url=lambda scene: _reverse("people:location_detail",
                                                               scene.location.pk)),
    "people of a vehicle": Page("officer", vehicle_people_rows,
                                url=lambda scene: _reverse("people:vehicle_detail",
                                                           scene.vehicle.pk)),
    "people search": Page("officer", people_rows, shown=25,
                          address=_reverse("people:search") + f"?query={NAME}"),
    # 50 events a page, newest first: a row is seven, and its detainee's booking more.
    "audit viewer": Page("administrator", audit_rows, shown=5,
                         address=_reverse("audit:events")),
    "audit viewer, about a person": Page(
        "administrator", audit_about_rows, shown=20,
        url=lambda scene: _reverse("audit:events") + f"?about={scene.subject.surname}"),
    "users, administrator": Page("administrator", force_user_rows,
                                 address=_reverse("accounts:users")),
    "users, national administrator": Page("national_administrator", user_rows,
                                          address=_reverse("accounts:users")),
    "sign-in pauses": Page("administrator", lockout_rows, address=_reverse("accounts:lockouts")),
    "notifications": Page("officer", notification_rows,
                          address=_reverse("notifications:list")),
    "offence picker": Page("officer", offence_rows, shown=10,
                           address=_reverse("offences:picker_results")
                           + "?offence_query=budgeting"),
    "API case files, officer": Page("officer", officer_files_rows,
                                    address=_reverse("api:case-list")),
    "API case files, supervisor": Page("supervisor", force_files_rows,
                                       address=_reverse("api:case-list")),
    "API case files, CPS lawyer": Page("cps_lawyer", api_lawyer_rows,
                                       address=_reverse("api:case-list")),
}


@pytest.fixture
def scene(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # exhibits' files, never var/media
    return Scene()


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (response.status_code, url)
    return response, captured


def _listed(response, marks):
    content = response.content.decode().casefold()
    return [mark for mark in marks if mark.casefold() in content]


def test_every_page_is_budgeted():
    assert set(PAGES) == set(BUDGETS)


@pytest.mark.parametrize("name", list(PAGES))
def test_a_list_reads_a_fixed_number_of_queries_however_many_rows(
        name, client, scene, django_assert_max_num_queries):
    page, budget = PAGES[name], BUDGETS[name]
    client.force_login(getattr(scene, page.viewer))
    marks = page.rows(scene, FEW)
    url = page.url_for(scene)
    # The first look states the enquiry's reason where the page asks for one, and saves
    # the session: neither is the list's.
    assert open_for_reason(client, url).status_code == 200
    _, few = _queries(client, url)
    marks += page.rows(scene, MORE)

    with django_assert_max_num_queries(len(few)):
        response, many = _queries(client, url)

    assert len(many) <= budget, f"{name}: {len(many)} queries, over its budget of {budget}"
    listed = _listed(response, marks)
    assert len(listed) >= min(len(marks), page.shown), (
        f"{name} lists {len(listed)} of its {len(marks)} rows")
