"""Whether a file is ready for the CPS: the one answer the worker's check and the
supervisor's send both take.

The file rules say what a file needs (``validation.file_problems``: its sections, each
defendant and offence, and what it must have at all); the task list reads the same
problems. A first-hearing file goes to the CPS as a Digital Case File, so the document
built from it is checked against the CPS's schema and business rules as well. The rules
ask for everything the DCF needs, or the export derives it, so this second check finds
nothing on a file the rules accept (tests/cases/test_ready_means_valid.py tries many
generated files); should it ever find something, it is shown like any other problem, at
the page where the officer puts it right, and never as a DCF path.
"""

import re

from cases import rules, selectors, validation
from cases.bundle import UnreadableExhibits, assemble_bundle, bundle_discard
from cases.constants import CaseBegins, Stage
from cases.dcf.export import dcf_export
from cases.dcf.mapping import DEFENDANT, OFFENCE, PARTICIPANTS
from cases.dcf.validate import dcf_problems
from cases.sections import PartKind, SectionKind
from cases.services import submission_record_outcome

# How far the worker's check has got, for the officer's progress bar.
VALIDATED_PERCENT = 10
ASSEMBLED_PERCENT = 95
# A problem the DCF's own check found that the file rules did not.
DCF_REFUSED = "dcf_refused"
DEFENDANT_INDEX = re.compile(r"^case\.defendants\[(\d+)\]")


def goes_as_dcf(case):
    """Only a first-hearing file goes to the CPS as a Digital Case File."""
    return case.stage == Stage.FIRST_HEARING


def file_readiness(case):
    """{kind: [validation.Problem]}: what keeps the file from going to the CPS; empty
    when it is ready. ``case`` is read with its contents (``selectors.case_get``)."""
    facts = selectors.case_facts(case)
    requirements = rules.evaluate(facts)
    problems = validation.file_problems(case, facts, requirements)
    if not problems and goes_as_dcf(case):
        problems = dcf_refusals(case, dcf_problems(dcf_export(case)))
    return problems


# On a file begun by requisition, the charge's answers are the requisition's.
REQUISITION_FIELDS = {"charge_date": "requisition_date"}
PAGES = {DEFENDANT: PartKind.DEFENDANT.value, OFFENCE: PartKind.OFFENCE.value,
         PARTICIPANTS: validation.PARTICIPANTS}


def our_field(case, problem):
    """(kind, field) of the file where a DCF problem is put right: a section's, a part's
    (the defendant's or offence's page) or the victims and witnesses; the first hearing's
    answers are the requisition's on a file begun by requisition."""
    kind, field = problem.section_kind or PAGES.get(problem.page, ""), problem.field
    if kind == SectionKind.CHARGES and case.case_begins == CaseBegins.POSTAL_REQUISITION:
        return SectionKind.REQUISITION.value, REQUISITION_FIELDS.get(field, field)
    return kind, field


def dcf_refusals(case, refused):
    """The DCF check's problems as the file's: each under the section or page where it is
    put right, with its message in words (``DcfProblem.message``)."""
    suspects = validation.suspects_of(case)
    found = {}
    for problem in refused:
        kind, field = our_field(case, problem)
        item = None
        match = DEFENDANT_INDEX.match(problem.path)
        if kind == PartKind.DEFENDANT and match and int(match.group(1)) < len(suspects):
            item = suspects[int(match.group(1))].pk
        found.setdefault(kind or validation.OFFICER, []).append(
            validation.Problem(code=DCF_REFUSED, field=field, kind=kind or validation.OFFICER,
                               item=item, message=problem.message))
    return found


def _assembly_percent(fraction):
    return VALIDATED_PERCENT + round((ASSEMBLED_PERCENT - VALIDATED_PERCENT) * fraction)


def submission_check(*, submission, progress=None):
    """The worker's check: check the whole file (``file_readiness``) and, if nothing is
    missing, assemble its bundle. ``progress(percent)`` is told how far it got.

    Problems are stored per section on the submission and send the file back to the
    officer as a draft; a complete file stays submitted with its bundle. Renders run
    outside any database transaction: they are slow and need no locks.
    """
    report = progress or (lambda percent: None)
    case = selectors.case_get(pk=submission.case_id)
    submission.case = case
    problems = file_readiness(case)
    report(VALIDATED_PERCENT)
    if not problems:
        try:
            assemble_bundle(case, submission,
                            progress=lambda fraction: report(_assembly_percent(fraction)))
        except UnreadableExhibits as error:
            problems = error.problems
    if problems:
        bundle_discard(submission)
    submission_record_outcome(submission=submission, problems=problems)
    report(100)
