"""A small police world for the whole-application security tests: one force's records of
every kind (Essex's), and a user of every role in that force and in another (Kent).

Every record is about one person with a name found nowhere else, so a test can tell from
a page's text whether it shows that person's data (the audit-coverage test) or leaks it to
another force (the authorization matrix).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from athena.accounts.roles import Role
from athena.notifications.models import Notification
from athena.offences.models import OffenceCategory
from cases.dcf import uploads
from cases.models import CaseStatus, CpsAction, CpsDecision, CpsHandover, DecisionOutcome
from cases.sections import SectionKind
from custody.authorisations.services import custody_authorise_detention
from custody.booking.services import custody_book_in
from custody.models import (
    Authorisation,
    AuthorisationKind,
    CustodySuite,
    HcpDirection,
    MedicationPlanRecord,
    OfflineEntry,
    OfflineEntryStatus,
)
from intelligence.models import ReportStatus
from tests.cases.factories import CaseSectionFactory, SectionItemFactory, complete_case_file
from tests.cases.factories_cps import PDF, ready_submission, sent_case_file
from tests.factories import UserFactory, essex, kent
from tests.intelligence.factories import (
    ConditionalReportFactory,
    IntelligenceReportFactory,
    ReportLinkFactory,
)
from tests.offences.factories import OffenceFactory
from tests.people.factories import LocationFactory, PersonFactory, VehicleFactory

# The subject's names: in a page's text they mean the page shows the subject's data.
SUBJECT_SURNAME = "Marchbanks-Oyelaran"
SUBJECT_FORENAMES = "Cordelia"
# The roles a user may hold, each tested with a user who holds only that one.
ROLES = list(Role)
OWN, OTHER = "own", "other"


@dataclass
class World:
    force: object
    other_force: object
    users: dict = field(default_factory=dict)  # (OWN | OTHER, Role) -> User
    objects: dict = field(default_factory=dict)  # a name -> a record of the own force

    def user(self, side, role):
        return self.users[(side, role)]

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def _users(world):
    for side, force in ((OWN, world.force), (OTHER, world.other_force)):
        for role in ROLES:
            world.users[(side, role)] = UserFactory(
                username=f"{side}_{role.value}", force=force, roles=[role],
                first_name="Test", last_name=f"{role.label} {side}")


def _cases(world, subject):
    officer = world.user(OWN, Role.OFFICER)
    draft = complete_case_file(force=world.force, officer_in_case=officer,
                               created_by=officer)
    draft.suspects.update(person=subject)
    exhibits = CaseSectionFactory(case=draft, kind=SectionKind.EXHIBITS)
    exhibit = SectionItemFactory(section=exhibits, data={"reference": "SC/1",
                                                        "description": "CCTV still"},
                                 file=ContentFile(PDF, name="still.pdf"), file_type="pdf")
    submission = ready_submission(draft, restricted=True)
    # A file waiting for its supervisor, so the review queue lists the subject.
    waiting = complete_case_file(force=world.force, officer_in_case=officer,
                                 created_by=officer, status=CaseStatus.SUBMITTED)
    waiting.suspects.update(person=subject)
    ready_submission(waiting)
    sent = sent_case_file(force=world.force, officer_in_case=officer, created_by=officer)
    sent.suspects.update(person=subject)
    handover = CpsHandover.objects.get(case=sent)
    handover.submission.restricted_bundle = ContentFile(PDF, name="restricted.pdf")
    handover.submission.save(update_fields=["restricted_bundle"])
    upload = uploads.upload_receive(acting_user=officer, upload=SimpleUploadedFile(
        "file.json", b'{"schemaVersion": "1.2.2"}', content_type="application/json"))
    decision = CpsDecision.objects.create(case=sent, outcome=DecisionOutcome.MORE_INFORMATION,
                                          decided_by=world.user(OWN, Role.CPS_LAWYER))
    action = CpsAction.objects.create(decision=decision, description="Obtain the CCTV",
                                      due_on=timezone.localdate() + timedelta(days=7))
    world.objects.update(case=draft, exhibit=exhibit, witness=draft.sections.get(
        kind=SectionKind.WITNESS_STATEMENTS).items.get(), submission=submission,
        suspect=draft.suspects.get(), charged=draft.suspects.get().offences.get(),
        participant=draft.participants.get(), sent_case=sent, handover=handover,
        cps_action=action, submitted_case=waiting, dcf_upload=upload,
        waiting_witness=waiting.sections.get(
            kind=SectionKind.WITNESS_STATEMENTS).items.get())


def _custody(world, subject):
    sergeant = world.user(OWN, Role.CUSTODY_OFFICER)
    suite = CustodySuite.objects.create(force=world.force, code="CHE", name="Chelmsford")
    arrived = timezone.now() - timedelta(hours=3)
    record = custody_book_in(
        acting_user=sergeant, suite=suite, person=subject,
        arrested_at=arrived - timedelta(minutes=30), arrived_at=arrived,
        arrest_place="Station Road", arresting_officer=world.user(OWN, Role.OFFICER),
        grounds="Suspected theft", cell="C1",
        offences=[OffenceFactory(cjs_code="TH68001", title="Theft",
                                 category=OffenceCategory.EITHER_WAY)])
    record = custody_authorise_detention(acting_user=sergeant, record=record,
                                         grounds="questioning", necessity=["investigation"],
                                         at=arrived + timedelta(minutes=10))
    plan = MedicationPlanRecord.objects.create(
        record=record, drug="Paracetamol", strength="500 mg", dose="Two tablets",
        authorised_by="Dr Okafor", min_interval_minutes=240,
        starts_at=arrived, created_by=sergeant)
    delay = Authorisation.objects.create(
        record=record, kind=AuthorisationKind.DELAY_LEGAL_ADVICE, at=arrived,
        authorised_by=world.user(OWN, Role.INSPECTOR), by_role=Role.INSPECTOR.value,
        grounds="interference")
    direction = HcpDirection.objects.create(
        record=record, given_at=arrived, hcp_name="Nurse Khan", hcp_role="nurse",
        kind="reassess", text="Rousing checks",
        reassess_by=arrived + timedelta(hours=4), recorded_by=sergeant)
    refusal = OfflineEntry.objects.create(
        client_id="world-refused-entry", record=record, what="Paracetamol 500 mg dose",
        form_url=f"/custody/records/{record.pk}/medication/{plan.pk}/dose/",
        made_by=sergeant, received_by=sergeant, status=OfflineEntryStatus.REFUSED,
        problems=[{"code": "too_soon", "field": "at", "message": "Too soon"}])
    world.objects.update(suite=suite, record=record, plan=plan, delay=delay,
                         direction=direction, refusal=refusal)


def _intelligence(world, subject):
    analyst = world.user(OWN, Role.INTELLIGENCE_ANALYST)
    disseminated = IntelligenceReportFactory(originating_force=world.force, author=analyst)
    link = ReportLinkFactory(report=disseminated, person=subject)
    submitted = IntelligenceReportFactory(originating_force=world.force,
                                          author=world.user(OWN, Role.OFFICER),
                                          status=ReportStatus.SUBMITTED)
    ReportLinkFactory(report=submitted, person=subject)
    # Handling code C, for the originating force alone.
    restricted = ConditionalReportFactory(originating_force=world.force, author=analyst,
                                          originator_only=True)
    ReportLinkFactory(report=restricted, person=subject)
    world.objects.update(report=disseminated, report_link=link, submitted_report=submitted,
                         restricted_report=restricted)


def world_build():
    world = World(force=essex(), other_force=kent())
    _users(world)
    subject = PersonFactory(surname=SUBJECT_SURNAME, forenames=SUBJECT_FORENAMES,
                            created_by_force=world.force)
    # The offence of the quick shoplifting file.
    OffenceFactory(cjs_code="TH68010", title="Theft from a shop",
                   category=OffenceCategory.EITHER_WAY)
    world.objects.update(person=subject, location=LocationFactory(),
                         vehicle=VehicleFactory())
    _cases(world, subject)
    _custody(world, subject)
    _intelligence(world, subject)
    for user in world.users.values():
        Notification.objects.create(recipient=user, title="A file is waiting",
                                    url="/cases/review/")
    return world
