"""The file rules' problems carry a stable code, the field and the message (the platform's
``athena.problems.Problem``), with their section and item; forms place an error by its
field or code, never by its words."""

from dataclasses import replace

from django.core.exceptions import ValidationError

import athena.problems
from cases import validation
from cases.cps.forms import DecisionForm
from cases.models import CaseSection
from cases.rules import CaseFacts, OffenceFacts, evaluate
from cases.sections import SectionKind
from tests.cases.factories import CaseFileFactory

SHOPLIFT = CaseFacts(offences=(OffenceFacts("TH68010", "Theft from a shop", "either_way",
                                            "guilty"),),
                     bail_status="unconditional_bail")


def problems_of(facts, kind, data):
    section = CaseSection(kind=kind, data=data)
    facts = replace(facts, section_data={**facts.section_data, kind: data})
    return validation.section_problems(facts, evaluate(facts), kind, section)


def test_a_blank_required_answer_is_a_required_problem_at_its_field():
    [problem] = problems_of(SHOPLIFT, SectionKind.PREVIOUS_CONVICTIONS,
                            {"pnc_check_performed": "yes"})

    assert isinstance(problem, athena.problems.Problem)
    assert (problem.code, problem.field, problem.kind, problem.item) == (
        validation.REQUIRED, "pnc_convictions", SectionKind.PREVIOUS_CONVICTIONS, None)
    assert problem.message.startswith(
        "Enter the previous convictions and cautions, or 'None'. Required because")
    assert str(problem) == problem.message


def test_a_no_where_yes_is_required_is_a_must_be_yes_problem():
    [problem] = problems_of(SHOPLIFT, SectionKind.PREVIOUS_CONVICTIONS,
                            {"pnc_check_performed": "no", "pnc_convictions": "None"})

    assert (problem.code, problem.field) == (validation.MUST_BE_YES, "pnc_check_performed")


def test_a_required_section_of_statements_without_one_is_a_no_items_problem():
    contested = replace(SHOPLIFT, offences=(replace(SHOPLIFT.offences[0],
                                                    anticipated_plea="not_guilty"),))
    problems = validation.section_problems(contested, evaluate(contested),
                                           SectionKind.WITNESS_STATEMENTS, None)

    assert [(p.code, p.field) for p in problems] == [(validation.NO_ITEMS, "")]


def test_a_submission_stores_each_problem_with_its_code():
    problem = validation.Problem(code=validation.REQUIRED, field="court", message="Enter court.",
                                 kind=SectionKind.CHARGES)

    assert problem.as_dict() == {"code": "required", "field": "court",
                                 "message": "Enter court.", "item": None, "about": ""}


def test_the_decision_forms_errors_are_placed_by_code_not_by_their_words(db):
    case = CaseFileFactory()
    form = DecisionForm({"outcome": "charge"}, case=case)
    assert not form.is_valid()
    [(anchor, message)] = form.error_list()
    assert anchor == "charges"

    # The same words from elsewhere (no code of a group of rows) go to the top.
    form.add_error(None, ValidationError(message))
    assert form.error_list()[-1] == ("main-content", message)
