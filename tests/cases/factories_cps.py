"""Files at the CPS stages, written directly as the services would leave them, and a
stand-in for the Digital Case File export (cases/dcf) and for the check of whether a file
is ready for the CPS (cases/readiness.py), whose problems a test chooses.

A file is one the police charged unless ``charged_by=Decider.CPS``: the complete file of
tests/cases/factories.py is a summary-only offence, which the police charge (DG6 Annex 1),
so the CPS reviews it; a CPS-charged file is at the pre-charge stage with an either-way
offence and a not guilty plea anticipated, which the CPS decides.
"""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from athena.accounts.roles import Role
from athena.jobs.models import Job, JobStatus
from athena.offences.models import OffenceCategory
from cases.constants import Decider, Plea, Stage
from cases.cps import services as services_cps
from cases.models import (
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    CpsAction,
    CpsDecision,
    CpsHandover,
    DecisionOutcome,
    FileSubmission,
)
from cases.services import SUBMIT_FILE_JOB
from tests.cases.factories import complete_case_file
from tests.factories import UserFactory
from tests.offences.factories import OffenceFactory

PDF = b"%PDF-1.4\n%stand-in bundle\n"
DCF_DOCUMENT = {"schemaVersion": "1.2.2", "case": {"urn": "stand-in"}}


def ready_submission(case, *, submitted_at=None, restricted=False):
    """A finished submission with its PDF bundle, as the worker leaves it."""
    job = Job.objects.create(kind=SUBMIT_FILE_JOB, object_type="cases.casefile",
                             object_id=str(case.pk), status=JobStatus.DONE, progress=100)
    return FileSubmission.objects.create(
        case=case, submitted_by=case.officer_in_case, job=job, bundle_pages=2,
        submitted_at=submitted_at or timezone.now(),
        bundle=ContentFile(PDF, name="bundle.pdf"),
        restricted_bundle=ContentFile(PDF, name="restricted.pdf") if restricted else "")


def approved_case_file(*, approved_by=None, charged_by=Decider.POLICE, **case_fields):
    """A complete file, approved (by ``approved_by``, if given) from a ready submission:
    one the police charged, or (``charged_by=Decider.CPS``) one the CPS charges."""
    if charged_by == Decider.CPS:
        case_fields.setdefault("stage", Stage.PRE_CHARGE)
    case = complete_case_file(status=CaseStatus.APPROVED, **case_fields)
    if charged_by == Decider.CPS:
        case.suspects.get().offences.update(
            offence=OffenceFactory(category=OffenceCategory.EITHER_WAY,
                                   title="Burglary dwelling and theft - no violence"),
            anticipated_plea=Plea.NOT_GUILTY)
    ready_submission(case)
    if approved_by is not None:
        CaseEvent.objects.create(case=case, kind=CaseEventKind.APPROVED, actor=approved_by)
    return case


def sent_case_file(*, sent_by=None, **fields):
    """An approved file sent to the CPS (a handover of its submission)."""
    case = approved_case_file(**fields)
    CpsHandover.objects.create(case=case, submission=case.submissions.get(),
                               dcf_document=dict(DCF_DOCUMENT),
                               sent_by=sent_by or case.officer_in_case)
    case.status = CaseStatus.SENT_TO_CPS
    case.save(update_fields=["status"])
    return case


def decided_case_file(*, lawyer, actions=(), outcome=DecisionOutcome.FURTHER_EVIDENCE,
                      **fields):
    """A file with an action plan of these (description, due_on) actions for the officer:
    further evidence for a charging decision (a file the CPS charges), or, with
    ``outcome=DecisionOutcome.MORE_INFORMATION``, more information for the initial review
    of a file the police charged."""
    fields.setdefault("charged_by", Decider.CPS if outcome == DecisionOutcome.FURTHER_EVIDENCE
                      else Decider.POLICE)
    case = sent_case_file(**fields)
    decision = CpsDecision.objects.create(case=case, outcome=outcome, decided_by=lawyer)
    for description, due_on in actions:
        CpsAction.objects.create(decision=decision, description=description, due_on=due_on)
    case.status = CaseStatus.DECIDED
    case.save(update_fields=["status"])
    return case


class StandInDcf:
    """Replaces the DCF export and the readiness check of the send; ``problems`` are what
    the check finds, {kind: [validation.Problem]} as ``readiness.file_readiness`` gives."""

    def __init__(self):
        self.problems = {}
        self.exported = []
        self.checked = []

    def export(self, case):
        self.exported.append(case.pk)
        return {**DCF_DOCUMENT, "case": {"urn": case.urn}}

    def check(self, case):
        self.checked.append(case.pk)
        return {kind: list(found) for kind, found in self.problems.items()}


# Fixtures of the CPS tests. A test module imports the ``*_fixture`` functions (noqa:
# F401); pytest knows them by their ``name``, so test arguments shadow nothing.
@pytest.fixture(name="stand_in_dcf")
def stand_in_dcf_fixture(monkeypatch):
    dcf = StandInDcf()
    monkeypatch.setattr(services_cps, "dcf_export", dcf.export)
    monkeypatch.setattr(services_cps, "file_readiness", dcf.check)
    return dcf


@pytest.fixture(name="cps_lawyer")
def cps_lawyer_fixture(home_force):
    return UserFactory(username="cps_whitfield", force=home_force, rank="CPS",
                       roles=[Role.CPS_LAWYER])


@pytest.fixture(name="lawyer_client")
def lawyer_client_fixture(client, cps_lawyer):
    client.force_login(cps_lawyer)
    return client
