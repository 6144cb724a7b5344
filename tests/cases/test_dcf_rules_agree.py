"""The file rules and the Digital Case File's rules agree on what the DCF needs.

The file rules ask for each answer the DCF needs (``rules_data.DCF_FIELD_RULES``), on the
conditions the DCF's schema and business rules need it (``cases.dcf.rules``); the two are
written separately, so these tests hold them together, through the real export and the
real DCF check of a complete first-hearing shoplift file:

- every DCF-required field the file rules ask for is required by the DCF under the same
  condition: where the rule's condition holds and the answer is left blank, both the file
  rules and the DCF check report it at that section and field; where its condition is
  broken, neither does; given, neither does;
- and the other way, where our model holds the field: in every file those scenarios make,
  each answer the DCF's schema or business rules find missing at one of our sections'
  fields, the file rules find missing too.
"""

from datetime import datetime

import pytest
from django.utils import timezone

from cases import rules_data, selectors, services
from cases.constants import (
    BailStatus,
    CaseBegins,
    Decider,
    Marker,
    Plea,
    Requirement,
    Stage,
    Venue,
)
from cases.dcf.export import dcf_export
from cases.dcf.validate import dcf_problems
from cases.models import (
    CaseFile,
    CaseSection,
    ChargedOffence,
    Participant,
    ParticipantRole,
    Suspect,
)
from cases.parties import services as parties
from cases.readiness import our_field
from cases.rules import evaluate
from cases.sections import PARTS, SECTIONS, PartKind, SectionKind
from cases.validation import file_problems
from tests.cases.factories import DEFENDANT_ANSWERS, WITNESS_STATEMENT
from tests.cases.test_dcf_native import ANSWERS

pytestmark = pytest.mark.django_db

C, D = SectionKind.CASE_SUMMARY, SectionKind.CPS_DETAILS
DEF, OFF = PartKind.DEFENDANT.value, PartKind.OFFENCE.value
# Conditions every scenario's file meets already (a first-hearing shoplift file, charged
# and bailed, whose suspect gave an account in interview): a rule with only these has no
# condition to break.
# (The complete file is a summary-only offence the police charge.)
MET_BY_EVERY_SCENARIO = {rules_data.ALWAYS, rules_data.FIRST_HEARING, rules_data.INTERVIEWED,
                         rules_data.DCF_RETAIL_THEFT, ("decider_is", Decider.POLICE)}
# Asked for by the file rules "because the CPS Digital Case File needs" them, though the
# DCF's schema and business rules let them be left out: the language an interpreter must
# speak, the name of an order not on the CPS's list, and the times of the arrest and the
# first hearing (the DCF takes a date alone). The only differences; any other fails these
# tests.
ASKED_BEYOND_THE_DCF = {(DEF, "interpreter_language"), (DEF, "court_order_title_other"),
                        (DEF, "arrest_time"), (SectionKind.CHARGES, "first_hearing_time")}
# Answers that the DCF accepts, for the fields a scenario asks for beyond the complete file.
GIVEN = {
    (C, "solicitor_name"): "Sam Patel",
    (C, "solicitor_firm"): "Patel & Co",
    (C, "not_interviewed_reason"): "Admitted it on arrest",
    (DEF, "eec_check_submitted"): "yes",
    (DEF, "interpreter_language"): "Polish",
    (DEF, "breach_order_title"): "other",
    (DEF, "breach_order_title_other"): "Community protection notice",
    (DEF, "breach_order_date_issued"): "2026-01-05",
    (DEF, "breach_order_lapse_date"): "2027-01-05",
    (DEF, "breach_order_court_unit"): "Magistrates' Courts, Essex, Chelmsford, A",
    (DEF, "court_order_title_other"): "Exclusion from the store",
    (DEF, "relationship_to_victim"): "Former partner",
    (DEF, "relationship_years"): "3.00",
    (OFF, "demeanour_at_incident"): "Shouting",
    (OFF, "children_present"): "no",
    (OFF, "ages_of_children"): "4, 7",
    (SectionKind.WITNESS_STATEMENTS, "retraction"): "no",
    (SectionKind.VICTIM_PERSONAL_STATEMENT, "victims_code_met"): "yes",
    (SectionKind.VICTIM_PERSONAL_STATEMENT, "vps_made"): "no",
    (D, "property_damage"): "Bottle neck chipped",
    (D, "property_damage_cost"): "5.00",
}
# The answers of the complete file that a scenario may blank: the defendant's and the
# offence's as well as the sections'.
CATALOGUE = {**SECTIONS, **PARTS}


@pytest.fixture
def complete_file(officer, shoplift_case):
    """The shoplift case (TH68010, guilty plea, unconditional bail, first hearing),
    completed through the services: the file rules and the DCF check find nothing
    missing."""
    case = services.case_update_details(
        acting_user=officer, case=shoplift_case, expected_version=shoplift_case.version,
        likely_venue=Venue.MAGISTRATES,
        arrested_at=timezone.make_aware(datetime(2026, 11, 19, 14, 5)))  # noqa: DTZ001
    parties.charged_offence_update(
        acting_user=officer, case=case, charged=case.suspects.get().offences.get(),
        offence_date=timezone.localdate(), wording="at Tesco stole 2 bottles of gin",
        points_to_prove="Appropriated: CCTV SC/1. Dishonesty: admitted.",
        committed_on_bail=False)
    suspect = case.suspects.get()
    parties.defendant_answers_save(acting_user=officer, case=case, suspect=suspect,
                                   answers=dict(DEFENDANT_ANSWERS),
                                   expected_version=suspect.version)
    for kind, data in ANSWERS.items():
        services.section_save(acting_user=officer, case=case, kind=kind, data=dict(data),
                              expected_version=0)
    services.section_item_save(acting_user=officer, case=case,
                               kind=SectionKind.WITNESS_STATEMENTS, data=dict(WITNESS_STATEMENT))
    assert missing_by_the_file_rules(case) == set()
    assert missing_by_the_dcf(case) == set()
    return case


# --- The two checks, at our sections' and parts' fields -----------------------------------

def missing_by_the_file_rules(case):
    fresh = selectors.case_get(pk=case.pk)
    facts = selectors.case_facts(fresh)
    return {(kind, problem.field)
            for kind, problems in file_problems(fresh, facts, evaluate(facts)).items()
            for problem in problems if problem.field}


def missing_by_the_dcf(case):
    """Where the DCF's schema (a required field) or business rules (a dependant field)
    find an answer missing, at our sections' and parts' fields (readiness.our_field)."""
    fresh = selectors.case_get(pk=case.pk)
    places = {our_field(fresh, problem)
              for problem in dcf_problems(dcf_export(fresh))
              if problem.rule == "required" or (
                  problem.rule.startswith("dcf.") and not problem.rule.startswith(
                      ("dcf.ngap", "dcf.only_when")))}
    return {(kind, field) for kind, field in places if kind in CATALOGUE and field
            and any(f.name == field for f in CATALOGUE[kind].fields)}


def both_checks(case):
    """(missing by the file rules, missing by the DCF), having checked that every answer
    the DCF finds missing at one of our fields, the file rules find missing too."""
    by_the_rules, by_the_dcf = missing_by_the_file_rules(case), missing_by_the_dcf(case)
    assert by_the_dcf <= by_the_rules
    return by_the_rules, by_the_dcf


# --- Making a rule's condition hold, or fail, on the file ---------------------------------

def answer(kind, name, value):
    return ("answer", kind, name, "yes" if value is True else value)


def to_meet(condition):
    """The changes to the complete file that make ``condition`` hold."""
    name, *args = condition
    if condition in MET_BY_EVERY_SCENARIO:
        return []
    if name == "all":
        return [change for part in args for change in to_meet(part)]
    if name == "any":
        return to_meet(args[0])
    if name == "field_equals" and args[:2] == [SectionKind.WITNESS_STATEMENTS, "witness_role"]:
        return [("victim",)]
    if name == "field_equals":
        return [answer(*args)]
    if name in ("case_begins", "bail_status_is"):
        return [("file", {"case_begins": "case_begins",
                          "bail_status_is": "bail_status"}[name], args[0])]
    if name == "marker":
        # A domestic abuse file names its victim (a presence rule): the witness is she.
        return [("file", "markers", [args[0]]), ("victim",)]
    if name == "has_victim":
        return [("victim",)]
    raise AssertionError(f"No scenario meets {condition!r}: add one to this test")


OTHER_VALUE = {True: "no", CaseBegins.CHARGE: CaseBegins.POSTAL_REQUISITION,
               CaseBegins.POSTAL_REQUISITION: CaseBegins.CHARGE}
# Conditions the complete file does not meet (no victim, no marker): nothing to break.
NOT_MET = {"has_victim", "marker"}


def _choices(kind, field_name):
    return CATALOGUE[kind].field(field_name).choices


def to_break(condition):
    """The changes that make ``condition`` fail while what the file is stays (a
    first-hearing shoplift file), or None when only another kind of file would."""
    name, *args = condition
    if condition in MET_BY_EVERY_SCENARIO:
        return None
    if name in NOT_MET:
        return []
    if name == "all":
        distinctive = [part for part in args if part not in MET_BY_EVERY_SCENARIO]
        return to_break(distinctive[-1]) if distinctive else None
    if name == "any" and all(part[0] == "bail_status_is" for part in args):
        return [("file", "bail_status", BailStatus.REMAND)]
    if name == "any" and all(part[0] == "field_equals" for part in args):
        kind, field_name = args[0][1], args[0][2]
        taken = {part[3] for part in args}
        other = next(value for value, _ in _choices(kind, field_name) if value not in taken)
        return [answer(kind, field_name, other)]
    if name == "field_equals":
        kind, field_name, value = args
        if value in OTHER_VALUE:
            return [answer(kind, field_name, OTHER_VALUE[value])]
        if field_name == "witness_role":
            return []  # the complete file's statement is a witness's
        other = next(choice for choice, _ in _choices(kind, field_name) if choice != value)
        return [answer(kind, field_name, other)]
    if name == "case_begins":
        return [("file", "case_begins", OTHER_VALUE[args[0]])]
    if name == "decider_is" and args[0] == Decider.POLICE:
        return [("file", "markers", [Marker.HATE_CRIME])]  # a hate crime is the CPS's
    raise AssertionError(f"No scenario breaks {condition!r}: add one to this test")


def _make_the_witness_the_victim(case):
    Participant.objects.filter(case=case).update(role=ParticipantRole.VICTIM)
    item = CaseSection.objects.get(case=case, kind=SectionKind.WITNESS_STATEMENTS).items.get()
    item.data = {**item.data, "witness_role": "victim"}
    item.save(update_fields=["data"])


def _answer_part(case, kind, answers):
    if kind == DEF:
        if answers.get("arrest_date") == "":
            # Else the defendant's arrest is the file's own (a custody record's).
            CaseFile.objects.filter(pk=case.pk).update(arrested_at=None)
        suspect = Suspect.objects.get(case=case)
        suspect.answers = {**suspect.answers, **answers}
        suspect.save(update_fields=["answers"])
        return
    charged = ChargedOffence.objects.get(suspect__case=case)
    columns = {name: value for name, value in answers.items()
               if name in ("offence_date", "wording", "points_to_prove", "committed_on_bail")}
    charged.answers = {**charged.answers,
                       **{name: value for name, value in answers.items()
                          if name not in columns}}
    for name, value in columns.items():
        if name == "committed_on_bail":
            value = {"yes": True, "no": False}.get(value)
        elif name == "offence_date":
            value = value or None
        setattr(charged, name, value)
    charged.save()


def apply(case, changes, blank=None, given=None):
    """The complete file with ``changes`` made, the field ``blank`` left blank and the
    field ``given`` answered."""
    answers = {(kind, name): value for _, kind, name, value in
               (change for change in changes if change[0] == "answer")}
    if blank is not None:
        answers[blank] = ""
    if given in GIVEN:
        answers[given] = GIVEN[given]
    if ("victim",) in changes:
        _make_the_witness_the_victim(case)
    for kind in {kind for kind, _ in answers}:
        mine = {name: value for (k, name), value in answers.items() if k == kind}
        if kind in PARTS:
            _answer_part(case, kind, mine)
            continue
        section, _ = CaseSection.objects.get_or_create(case=case, kind=kind)
        if SECTIONS[kind].repeatable:
            item = section.items.get()
            item.data = {**item.data, **mine}
            item.save(update_fields=["data"])
        else:
            section.data = {**section.data, **mine}
            section.save(update_fields=["data"])
    fields = {field: value for kind, field, value in
              (change for change in changes if change[0] == "file")}
    if fields:
        CaseFile.objects.filter(pk=case.pk).update(**fields)
    if ("plea", Plea.NOT_GUILTY) in changes:
        ChargedOffence.objects.filter(suspect__case=case).update(
            anticipated_plea=Plea.NOT_GUILTY)


def on_the_file(case, rule):
    """The changes that put the rule's section on the file (a part is always on it)."""
    if rule.target[0] in PARTS:
        return []
    facts = selectors.case_facts(selectors.case_get(pk=case.pk))
    if evaluate(facts).section_level(rule.target[0]) == Requirement.NOT_NEEDED:
        return [("plea", Plea.NOT_GUILTY)]
    return []


# Every rule that asks for an answer because the CPS Digital Case File needs it.
DCF_RULES = [rule for rule in rules_data.RULES if rule.id.endswith(".dcf")]


@pytest.mark.parametrize("rule", DCF_RULES, ids=[rule.id for rule in DCF_RULES])
def test_where_the_file_rules_ask_for_an_answer_for_the_dcf_so_does_the_dcf(complete_file,
                                                                           rule):
    assert CaseFile.objects.get(pk=complete_file.pk).stage == Stage.FIRST_HEARING
    apply(complete_file, on_the_file(complete_file, rule) + to_meet(rule.when),
          blank=rule.target)
    target = tuple(map(str, rule.target))

    by_the_rules, by_the_dcf = both_checks(complete_file)
    assert target in by_the_rules
    assert (target in by_the_dcf) != (target in ASKED_BEYOND_THE_DCF)


@pytest.mark.parametrize("rule", DCF_RULES, ids=[rule.id for rule in DCF_RULES])
def test_given_the_answer_neither_asks_for_it(complete_file, rule):
    apply(complete_file, on_the_file(complete_file, rule) + to_meet(rule.when),
          given=tuple(map(str, rule.target)))

    assert tuple(map(str, rule.target)) not in set().union(*both_checks(complete_file))


CONDITIONAL = [rule for rule in DCF_RULES if to_break(rule.when) is not None]


@pytest.mark.parametrize("rule", CONDITIONAL, ids=[rule.id for rule in CONDITIONAL])
def test_where_its_condition_fails_neither_asks_for_it(complete_file, rule):
    apply(complete_file, on_the_file(complete_file, rule) + to_break(rule.when),
          blank=tuple(map(str, rule.target)))

    assert tuple(map(str, rule.target)) not in set().union(*both_checks(complete_file))


E = SectionKind.EVIDENCE_FOR_PROSECUTOR
# Files in which a DCF business rule's condition holds, on a source our model holds, with
# its dependant (one of our fields) left blank: (id, changes, the field).
DCF_CONDITIONS = [
    ("questions_asked after a no comment interview",
     [answer(C, "interview_type", "no_comment")], (C, "questions_asked")),
    ("bail_conditions on conditional bail",
     [("file", "bail_status", BailStatus.CONDITIONAL_BAIL)],
     (SectionKind.CHARGES, "bail_conditions")),
    ("the relationship to the victim in a domestic abuse case",
     [("file", "markers", [Marker.DOMESTIC_ABUSE]), ("victim",)],
     (DEF, "relationship_to_victim")),
    ("pnc_convictions once the PNC is checked",
     [answer(SectionKind.PREVIOUS_CONVICTIONS, "pnc_check_performed", True)],
     (SectionKind.PREVIOUS_CONVICTIONS, "pnc_convictions")),
]


@pytest.mark.parametrize(("changes", "field"), [(changes, field) for _, changes, field
                                                in DCF_CONDITIONS],
                         ids=[name for name, _, _ in DCF_CONDITIONS])
def test_where_the_dcf_needs_an_answer_we_hold_so_do_the_file_rules(complete_file, changes,
                                                                   field):
    apply(complete_file, changes, blank=field)

    by_the_rules, by_the_dcf = both_checks(complete_file)
    assert field in by_the_dcf
    assert field in by_the_rules
