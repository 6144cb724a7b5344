"""Shared pieces of the review tests (no tests here): a file whose automatic check
passed, more personas, and decisions in one call."""

from athena.accounts.roles import Role
from athena.jobs.models import Job, JobStatus
from cases import services
from cases.review import services as services_review
from tests.cases.factories import complete_case_file
from tests.factories import UserFactory

# The sections a supervisor decides on for ``complete_case_file``: the required ones.
REVIEWED = ["case_summary", "evidence_for_prosecutor", "charges", "witness_statements",
            "previous_convictions", "streamlined_disclosure", "cps_details"]


def check_passes(submission):
    """What the worker records when the check passes, without building the PDFs."""
    Job.objects.filter(pk=submission.job_id).update(status=JobStatus.DONE, progress=100)
    return submission


def submit_and_pass(case, officer):
    submission = check_passes(services.case_submit(acting_user=officer, case=case))
    case.refresh_from_db()
    return submission


def decide(supervisor, case, *, returned=(), comment="Please look again", fields=()):
    """Approve every section under review except ``returned``, which are returned."""
    for kind in REVIEWED:
        if kind in returned:
            services_review.section_return(acting_user=supervisor, case=case, kind=kind,
                                           comment=comment, fields=fields)
        else:
            services_review.section_approve(acting_user=supervisor, case=case, kind=kind)


def return_file(supervisor, case, *, returned=("case_summary",), fields=("interview_summary",),
                comment="The interview summary reads like a transcript"):
    decide(supervisor, case, returned=returned, comment=comment, fields=fields)
    services_review.case_review_complete(acting_user=supervisor, case=case)
    case.refresh_from_db()
    return case


def file_awaiting_review_of(officer):
    """A complete file of the officer, submitted, its automatic check passed."""
    case = complete_case_file(officer_in_case=officer)
    submit_and_pass(case, officer)
    return case


def file_supervisor(force, username="ds_kent"):
    return UserFactory(username=username, force=force, rank="DS", roles=[Role.FILE_SUPERVISOR])


def cps_lawyer_of(force):
    return UserFactory(username="cps_lawyer", force=force, rank="STAFF", roles=[Role.CPS_LAWYER])


def officer_of(force, username="pc_jones"):
    return UserFactory(username=username, force=force, roles=[Role.OFFICER])
