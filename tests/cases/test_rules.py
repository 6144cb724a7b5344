"""The proportionate file rules: one test per rule of the table, whole scenarios, and the
promise that a field no rule requires is never demanded. Pure Python: no database."""

from dataclasses import replace
from decimal import Decimal

import pytest

from athena.offences.models import ModeOfTrial
from cases import rules_data
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
from cases.rules import (
    PREDICATES,
    RULES,
    CaseFacts,
    MissingAnswer,
    OffenceFacts,
    case_plea,
    derived_venue,
    evaluate,
    holds,
    is_blank,
    missing_required,
    offence_groups,
    part_requirements,
)
from cases.sections import PARTS, SECTIONS, PartKind
from cases.sections import SectionKind as S

SUMMARY = ModeOfTrial.SUMMARY_ONLY
EITHER_WAY = ModeOfTrial.EITHER_WAY
INDICTABLE = ModeOfTrial.INDICTABLE_ONLY
G, NG = Plea.GUILTY, Plea.NOT_GUILTY
REQUIRED, OPTIONAL, NOT_NEEDED = Requirement.REQUIRED, Requirement.OPTIONAL, Requirement.NOT_NEEDED


def offence(code, mode, plea=G, title=""):
    return OffenceFacts(cjs_code=code, title=title or code, mode_of_trial=mode,
                        anticipated_plea=plea)


def shoplift(plea=G):
    return offence("TH68010", EITHER_WAY, plea, "Theft from a shop")


def beating(plea=NG):
    return offence("CJ88116", SUMMARY, plea, "Assault by beating")


def burglary(plea=G):
    return offence("TH68036", EITHER_WAY, plea, "Burglary dwelling and theft - no violence")


def robbery(plea=NG):
    return offence("TH68023", INDICTABLE, plea, "Robbery")


def case(*offences, **facts):
    facts.setdefault("bail_status", BailStatus.UNCONDITIONAL_BAIL)
    return CaseFacts(offences=offences, **facts)


def with_data(facts, kind, **data):
    return replace(facts, section_data={**facts.section_data, kind: data})


SHOPLIFT = case(shoplift())
DOMESTIC_BEATING = case(beating(NG), markers=frozenset({Marker.DOMESTIC_ABUSE}))
CONTESTED_BEATING = case(beating(NG))
PRE_CHARGE = case(beating(NG), stage=Stage.PRE_CHARGE)
CROWN = case(robbery(NG))
REMANDED = case(burglary(NG), remand_sought=True, bail_status=BailStatus.REMAND)
TRIAL = case(beating(NG), stage=Stage.TRIAL)

# For every rule of the table, a case in which it holds and settles its target.
RULE_EXAMPLES = {
    "charging.police.summary_only": case(beating(G)),
    "charging.police.retail_theft": case(shoplift(NG)),
    "charging.police.either_way_guilty_plea": case(burglary(G)),
    "charging.police.mixed": case(beating(NG), burglary(G)),
    "charging.cps.indictable_only": case(robbery(G)),
    "charging.cps.domestic_abuse": DOMESTIC_BEATING,
    "charging.cps.hate_crime": case(beating(G), markers=frozenset({Marker.HATE_CRIME})),
    "charging.cps.hate_crime_offence": case(offence("CD98070", EITHER_WAY)),
    "charging.cps.death": case(offence("RT88564", EITHER_WAY)),
    "charging.cps.fatality": case(beating(G), markers=frozenset({Marker.FATALITY})),
    "charging.cps.consent": case(offence("CJ88115", EITHER_WAY)),
    "charging.cps.domestic_abuse_offence": case(offence("SC15004", EITHER_WAY)),
    "charging.cps.terrorism_official_secrets": case(offence("PT00027", SUMMARY)),
    "charging.cps.harassment_stalking": case(offence("PH97004", SUMMARY)),
    "charging.cps.violent_disorder_affray": case(offence("PU86003", EITHER_WAY)),
    "charging.cps.gbh_wounding_abh": case(offence("OF61102", EITHER_WAY)),
    "charging.cps.sexual_offence_under_18": case(
        offence("SX03128", EITHER_WAY), markers=frozenset({Marker.YOUTH_SUSPECT})),
    "charging.cps.sexual_offence_against_child": case(offence("SX03224", EITHER_WAY)),
    "charging.cps.licensing_act_2003": case(offence("LG03064", SUMMARY)),
    "section.charging_report.cps_decides": DOMESTIC_BEATING,
    "section.charging_report.police_charge": SHOPLIFT,
    "section.charging_report.trial": TRIAL,
    "section.case_summary.after_charge": SHOPLIFT,
    "section.case_summary.pre_charge": PRE_CHARGE,
    "section.evidence_for_prosecutor.always": SHOPLIFT,
    "section.charges.charged": SHOPLIFT,
    "section.charges.postal_requisition": case(shoplift(),
                                               case_begins=CaseBegins.POSTAL_REQUISITION),
    "section.charges.pre_charge": PRE_CHARGE,
    "section.witness_statements.no_guilty_plea": CONTESTED_BEATING,
    "section.witness_statements.pre_charge": case(beating(G), stage=Stage.PRE_CHARGE),
    "section.witness_statements.crown_court": case(robbery(G)),
    "section.witness_statements.trial": TRIAL,
    "section.witness_statements.remand": case(shoplift(), remand_sought=True),
    "section.exhibits.guilty_plea": SHOPLIFT,
    "section.exhibits.key_evidence": CONTESTED_BEATING,
    "section.previous_convictions.always": SHOPLIFT,
    "section.victim_personal_statement.always": SHOPLIFT,
    "section.compensation.always": SHOPLIFT,
    "section.tics.always": SHOPLIFT,
    "section.streamlined_disclosure.no_guilty_plea": CONTESTED_BEATING,
    "section.streamlined_disclosure.summary_trial": TRIAL,
    "section.streamlined_disclosure.guilty_plea": SHOPLIFT,
    "section.streamlined_disclosure.crown_court": CROWN,
    "section.streamlined_disclosure.pre_charge": PRE_CHARGE,
    "section.unused_non_sensitive.crown_court": CROWN,
    "section.unused_non_sensitive.pre_charge": PRE_CHARGE,
    "section.unused_non_sensitive.guilty_plea": SHOPLIFT,
    "section.unused_non_sensitive.streamlined": CONTESTED_BEATING,
    "section.unused_sensitive.crown_court": CROWN,
    "section.unused_sensitive.pre_charge": PRE_CHARGE,
    "section.unused_sensitive.guilty_plea": SHOPLIFT,
    "section.unused_sensitive.streamlined": CONTESTED_BEATING,
    "section.remand_application.remand": REMANDED,
    "section.remand_application.no_remand": SHOPLIFT,
    "field.charging_report.evidence_summary.always": DOMESTIC_BEATING,
    "field.charging_report.decision_sought.always": DOMESTIC_BEATING,
    "field.charging_report.lines_of_enquiry.always": DOMESTIC_BEATING,
    "field.case_summary.summary.always": SHOPLIFT,
    "field.case_summary.interview_type.always": SHOPLIFT,
    "field.case_summary.interview_summary.account_given": with_data(
        SHOPLIFT, S.CASE_SUMMARY, interview_type="prepared_statement"),
    "field.case_summary.interview_summary.no_comment": with_data(
        SHOPLIFT, S.CASE_SUMMARY, interview_type="no_comment"),
    "field.case_summary.interview_summary.not_interviewed": with_data(
        SHOPLIFT, S.CASE_SUMMARY, interview_type="not_interviewed"),
    "field.case_summary.questions_asked.no_comment": with_data(
        SHOPLIFT, S.CASE_SUMMARY, interview_type="no_comment"),
    "field.case_summary.hearsay_details.contested": CONTESTED_BEATING,
    "field.case_summary.hearsay_details.guilty_plea": SHOPLIFT,
    "field.case_summary.special_measures.contested": CONTESTED_BEATING,
    "field.case_summary.special_measures.guilty_plea": SHOPLIFT,
    "field.evidence_for_prosecutor.charge_rationale.police_charge": SHOPLIFT,
    "field.evidence_for_prosecutor.charge_rationale.cps_decides": DOMESTIC_BEATING,
    "field.evidence_for_prosecutor.outstanding_evidence.optional": SHOPLIFT,
    "field.evidence_for_prosecutor.outstanding_evidence_target_date.evidence_to_come": with_data(
        SHOPLIFT, S.EVIDENCE_FOR_PROSECUTOR, outstanding_evidence="CCTV from the bus company"),
    "field.evidence_for_prosecutor.safeguarding_assessment.domestic_abuse": DOMESTIC_BEATING,
    "field.evidence_for_prosecutor.witness_intimidation.remand": REMANDED,
    "field.evidence_for_prosecutor.other_information.optional": SHOPLIFT,
    "field.charges.charge_date.charged": SHOPLIFT,
    "field.charges.reply_to_charge.charged": SHOPLIFT,
    "field.charges.first_hearing_date.charged": SHOPLIFT,
    "field.charges.court.charged": SHOPLIFT,
    "field.charges.bail_conditions.conditional_bail": case(
        shoplift(), bail_status=BailStatus.CONDITIONAL_BAIL),
    "field.charges.bail_conditions.no_conditions": SHOPLIFT,
    "field.witness_statements.witness_name.always": CONTESTED_BEATING,
    "field.witness_statements.statement_date.always": CONTESTED_BEATING,
    "field.witness_statements.statement.always": CONTESTED_BEATING,
    "field.witness_statements.declaration.always": CONTESTED_BEATING,
    "field.witness_statements.witness_under_18.optional": CONTESTED_BEATING,
    "field.exhibits.reference.always": SHOPLIFT,
    "field.exhibits.description.always": SHOPLIFT,
    "field.exhibits.produced_by.always": SHOPLIFT,
    "field.previous_convictions.pnc_check_performed.always": SHOPLIFT,
    "field.previous_convictions.pnc_convictions.always": SHOPLIFT,
    "field.previous_convictions.bail_history.remand": REMANDED,
    "field.previous_convictions.bail_history.optional": SHOPLIFT,
    "field.victim_personal_statement.vps_offered.always": SHOPLIFT,
    "field.victim_personal_statement.vps_made.offered": with_data(
        SHOPLIFT, S.VICTIM_PERSONAL_STATEMENT, vps_offered=True),
    "field.victim_personal_statement.victim_wish_to_attend_court.vps_made": with_data(
        SHOPLIFT, S.VICTIM_PERSONAL_STATEMENT, vps_offered=True, vps_made="yes"),
    "field.compensation.amount.always": SHOPLIFT,
    "field.compensation.details.always": SHOPLIFT,
    "field.tics.offences.always": SHOPLIFT,
    "field.streamlined_disclosure.material.always": CONTESTED_BEATING,
    "field.streamlined_disclosure.certified.always": CONTESTED_BEATING,
    "field.unused_non_sensitive.schedule.always": CROWN,
    "field.unused_sensitive.schedule.always": CROWN,
    "field.unused_sensitive.disclosure_officer_report.always": CROWN,
    "field.remand_application.grounds.always": REMANDED,
    "field.remand_application.reasons.always": REMANDED,
    "field.remand_application.conditions_considered.always": REMANDED,
}


# The answers only the CPS Digital Case File asks for (the cps_details section and the
# interview's details in the case summary): each rule's example.
D = S.CPS_DETAILS
INTERVIEWED = with_data(SHOPLIFT, S.CASE_SUMMARY, interview_type="full_account")
SOLICITOR = with_data(SHOPLIFT, S.CASE_SUMMARY, interview_type="no_comment",
                      legally_represented="yes")
BREACH = with_data(SHOPLIFT, D, breach_of_order="yes", breach_order_title="other")
RECOVERED_DAMAGED = with_data(SHOPLIFT, D, property_outcome="stolen_recovered_damaged")
DEF, OFF = PartKind.DEFENDANT.value, PartKind.OFFENCE.value
REQUISITION = case(shoplift(), case_begins=CaseBegins.POSTAL_REQUISITION)
BREACH = with_data(SHOPLIFT, DEF, breach_of_order="yes", breach_order_title="other")
RECOVERED_DAMAGED = with_data(SHOPLIFT, D, property_outcome="stolen_recovered_damaged")
DOMESTIC_FIRST_HEARING = replace(DOMESTIC_BEATING, victims=1)
RULE_EXAMPLES.update({
    "section.cps_details.first_hearing": SHOPLIFT,
    "section.cps_details.other_stages": PRE_CHARGE,
    "section.requisition.postal_requisition": REQUISITION,
    "section.requisition.charged": SHOPLIFT,
    "section.requisition.pre_charge": PRE_CHARGE,
    "section.witness_statements.first_hearing": SHOPLIFT,
    "section.victim_personal_statement.victim": replace(SHOPLIFT, victims=1),
    "field.case_summary.interview_date.dcf": INTERVIEWED,
    "field.case_summary.legally_represented.dcf": INTERVIEWED,
    "field.case_summary.solicitor_name.dcf": SOLICITOR,
    "field.case_summary.solicitor_firm.dcf": SOLICITOR,
    "field.case_summary.special_warnings_given.dcf": INTERVIEWED,
    "field.case_summary.not_interviewed_reason.dcf": with_data(
        SHOPLIFT, S.CASE_SUMMARY, interview_type="not_interviewed"),
    "field.charges.first_hearing_time.dcf": SHOPLIFT,
    **{f"field.requisition.{name}.always": REQUISITION for name in (
        "requisition_date", "requisition_sent_on", "first_hearing_date", "first_hearing_time",
        "court")},
    **{f"field.cps_details.{name}.dcf": SHOPLIFT for name in (
        "property", "property_outcome", "test_code", "pca_cps", "expert_evidence")},
    # (pca_cps: the shoplift is the police's to charge)
    # Each witness statement of a first-hearing file
    **{f"field.witness_statements.{name}.dcf": SHOPLIFT for name in (
        "witness_type", "involvement", "visually_recorded_interview")},
    "field.witness_statements.witness_role.optional": SHOPLIFT,
    "field.witness_statements.retraction.dcf": with_data(
        DOMESTIC_FIRST_HEARING, S.WITNESS_STATEMENTS, witness_role="victim"),
    "field.victim_personal_statement.victims_code_met.optional": SHOPLIFT,
    "field.victim_personal_statement.victims_code_met.dcf": replace(SHOPLIFT, victims=1),
    "field.victim_personal_statement.vps_made.dcf": replace(SHOPLIFT, victims=1),
    **{f"field.cps_details.{name}.dcf": RECOVERED_DAMAGED for name in (
        "property_recovered_from", "property_damage", "property_damage_cost")},
    # Each defendant's answers (the defendant's page)
    **{f"field.defendant.{name}.dcf": SHOPLIFT for name in (
        "arrest_date", "arrest_time", "occupation", "foreign_national_offender",
        "has_eec_passports", "interpreter_required", "dealt_with_in_welsh", "breach_of_order",
        "cc_not_suitable_reason", "court_order_application", "given_charges",
        "signed_charge_sheet")},
    "field.defendant.signed_for_bail.dcf": SHOPLIFT,
    "field.defendant.eec_check_submitted.dcf": with_data(SHOPLIFT, DEF, has_eec_passports="yes"),
    "field.defendant.interpreter_language.dcf": with_data(
        SHOPLIFT, DEF, interpreter_required="yes"),
    **{f"field.defendant.{name}.dcf": BREACH for name in (
        "breach_order_title", "breach_order_date_issued", "breach_order_lapse_date",
        "breach_order_court_unit", "breach_order_title_other")},
    "field.defendant.court_order_title_other.dcf": with_data(
        SHOPLIFT, DEF, court_order_application="other"),
    **{f"field.defendant.{name}.dcf": DOMESTIC_BEATING for name in (
        "relationship_to_victim", "relationship_years")},
    # Each offence's answers (the offence's page)
    "field.offence.offence_date.charged": SHOPLIFT,
    "field.offence.anticipated_plea.first_hearing": SHOPLIFT,
    **{f"field.offence.{name}.dcf": SHOPLIFT for name in (
        "wording", "points_to_prove", "committed_on_bail")},
    **{f"field.offence.{name}.dcf": DOMESTIC_BEATING for name in (
        "demeanour_at_incident", "children_present")},
    "field.offence.ages_of_children.dcf": with_data(DOMESTIC_BEATING, OFF, children_present="yes"),
    # What the file must have at all
    "presence.offence_each.always": SHOPLIFT,
    "presence.date_of_birth_each.charged": SHOPLIFT,
    "presence.victim_or_witness.first_hearing": SHOPLIFT,
    "presence.victim.assault": CONTESTED_BEATING,
    "presence.victim.domestic_abuse": DOMESTIC_BEATING,
    "presence.statement_each.first_hearing": SHOPLIFT,
    "presence.officer_details.first_hearing": SHOPLIFT,
})


def result_for(requirements, target, facts=None):
    if target == rules_data.CHARGING:
        return requirements.charging.decider, requirements.charging.reasons
    if target in rules_data.PRESENCE:
        found = requirements.presence[target]
        return found.level, found.reasons
    if isinstance(target, tuple) and target[0] in PARTS:
        kind, name = target
        found = part_requirements(facts, kind, facts.section_data.get(kind, {}))[name]
        return found.level, found.reasons
    results = requirements.fields if isinstance(target, tuple) else requirements.sections
    found = results[target]
    return found.level, found.reasons


# ---- The table ------------------------------------------------------------------------

def test_every_rule_has_an_example():
    assert set(RULE_EXAMPLES) == {rule.id for rule in RULES}


def test_rule_ids_are_unique():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_rule_sets_its_target_in_its_example(rule):
    facts = RULE_EXAMPLES[rule.id]

    level, reasons = result_for(evaluate(facts), rule.target, facts)

    assert holds(rule.when, facts)
    assert level == rule.level
    assert rule.reason in reasons


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_rule_targets_a_catalogued_section_or_field(rule):
    if rule.target == rules_data.CHARGING:
        assert rule.level in Decider.values
    elif rule.target in rules_data.PRESENCE:
        assert rule.level in Requirement.values
    elif isinstance(rule.target, tuple):
        kind, name = rule.target
        catalogue = SECTIONS.get(kind) or PARTS[kind]
        assert name in [f.name for f in catalogue.fields]
        assert rule.level in Requirement.values
    else:
        assert rule.target in SECTIONS
        assert rule.level in Requirement.values


REASON_OPENINGS = {
    REQUIRED: "Required because ",
    OPTIONAL: "Optional because ",
    NOT_NEEDED: "Not needed because ",
    Decider.POLICE: "The police may charge because ",
    Decider.CPS: "The CPS must decide because ",
}


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_rule_reason_is_a_plain_sentence_for_its_level(rule):
    assert rule.reason.startswith(REASON_OPENINGS[rule.level])
    assert not rule.reason.endswith(".")


def predicate_names(condition):
    name, *args = condition
    yield name
    for arg in args:
        if isinstance(arg, tuple) and arg and isinstance(arg[0], str):
            yield from predicate_names(arg)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_rule_condition_names_known_predicates(rule):
    assert set(predicate_names(rule.when)) <= set(PREDICATES) | {"not", "all", "any"}


def test_offence_groups_named_by_rules_exist():
    named = {arg[1] for rule in RULES for arg in _walk(rule.when) if arg[0] == "offence_in_group"}
    assert named <= set(offence_groups())


def _walk(condition):
    yield condition
    for arg in condition[1:]:
        if isinstance(arg, tuple) and arg and isinstance(arg[0], str):
            yield from _walk(arg)


# ---- Whole scenarios ------------------------------------------------------------------

ALL_SECTIONS = set(SECTIONS)

SCENARIOS = {
    "shoplift guilty plea": dict(
        facts=case(shoplift(G)),
        decider=Decider.POLICE,
        # Witness statements too: the DCF gives each witness's evidence from them.
        required={S.CASE_SUMMARY, S.EVIDENCE_FOR_PROSECUTOR, S.CHARGES, S.WITNESS_STATEMENTS,
                  S.PREVIOUS_CONVICTIONS, S.CPS_DETAILS},
        optional={S.EXHIBITS, S.VICTIM_PERSONAL_STATEMENT, S.COMPENSATION,
                  S.OFFENCES_TAKEN_INTO_CONSIDERATION},
        required_fields={(S.EVIDENCE_FOR_PROSECUTOR, "charge_rationale"),
                         (S.CHARGES, "reply_to_charge"),
                         (S.WITNESS_STATEMENTS, "declaration")},
        not_demanded_fields={(S.CASE_SUMMARY, "hearsay_details"),
                             (S.CASE_SUMMARY, "special_measures"),
                             (S.CHARGES, "bail_conditions"),
                             (S.EVIDENCE_FOR_PROSECUTOR, "safeguarding_assessment")},
    ),
    "assault by beating, domestic abuse, not guilty": dict(
        facts=DOMESTIC_BEATING,
        decider=Decider.CPS,
        required={S.CHARGING_REPORT, S.CASE_SUMMARY, S.EVIDENCE_FOR_PROSECUTOR, S.CHARGES,
                  S.WITNESS_STATEMENTS, S.PREVIOUS_CONVICTIONS, S.STREAMLINED_DISCLOSURE,
                  S.CPS_DETAILS},
        optional={S.EXHIBITS, S.VICTIM_PERSONAL_STATEMENT, S.COMPENSATION,
                  S.OFFENCES_TAKEN_INTO_CONSIDERATION},
        required_fields={(S.EVIDENCE_FOR_PROSECUTOR, "safeguarding_assessment"),
                         (S.WITNESS_STATEMENTS, "declaration")},
        not_demanded_fields={(S.EVIDENCE_FOR_PROSECUTOR, "charge_rationale"),
                             (S.CASE_SUMMARY, "hearsay_details")},
    ),
    "either-way burglary, not guilty, remand sought": dict(
        facts=REMANDED,
        decider=Decider.CPS,
        required={S.CHARGING_REPORT, S.CASE_SUMMARY, S.EVIDENCE_FOR_PROSECUTOR, S.CHARGES,
                  S.WITNESS_STATEMENTS, S.PREVIOUS_CONVICTIONS, S.STREAMLINED_DISCLOSURE,
                  S.REMAND_APPLICATION,
                  S.CPS_DETAILS},
        optional={S.EXHIBITS, S.VICTIM_PERSONAL_STATEMENT, S.COMPENSATION,
                  S.OFFENCES_TAKEN_INTO_CONSIDERATION},
        required_fields={(S.EVIDENCE_FOR_PROSECUTOR, "witness_intimidation"),
                         (S.PREVIOUS_CONVICTIONS, "bail_history"),
                         (S.REMAND_APPLICATION, "grounds")},
        not_demanded_fields={(S.EVIDENCE_FOR_PROSECUTOR, "safeguarding_assessment")},
    ),
    "either-way burglary, guilty plea, remand sought": dict(
        facts=case(burglary(G), remand_sought=True, bail_status=BailStatus.REMAND),
        decider=Decider.POLICE,
        required={S.CASE_SUMMARY, S.EVIDENCE_FOR_PROSECUTOR, S.CHARGES, S.WITNESS_STATEMENTS,
                  S.PREVIOUS_CONVICTIONS, S.REMAND_APPLICATION,
                  S.CPS_DETAILS},
        optional={S.EXHIBITS, S.VICTIM_PERSONAL_STATEMENT, S.COMPENSATION,
                  S.OFFENCES_TAKEN_INTO_CONSIDERATION},
        required_fields={(S.EVIDENCE_FOR_PROSECUTOR, "witness_intimidation"),
                         (S.EVIDENCE_FOR_PROSECUTOR, "charge_rationale"),
                         (S.PREVIOUS_CONVICTIONS, "bail_history")},
        not_demanded_fields={(S.CASE_SUMMARY, "special_measures")},
    ),
    "robbery, not guilty, sent to the Crown Court": dict(
        facts=CROWN,
        decider=Decider.CPS,
        required={S.CHARGING_REPORT, S.CASE_SUMMARY, S.EVIDENCE_FOR_PROSECUTOR, S.CHARGES,
                  S.WITNESS_STATEMENTS, S.PREVIOUS_CONVICTIONS, S.UNUSED_NON_SENSITIVE,
                  S.UNUSED_SENSITIVE,
                  S.CPS_DETAILS},
        optional={S.EXHIBITS, S.VICTIM_PERSONAL_STATEMENT, S.COMPENSATION,
                  S.OFFENCES_TAKEN_INTO_CONSIDERATION},
        required_fields={(S.UNUSED_SENSITIVE, "disclosure_officer_report")},
        not_demanded_fields=set(),
    ),
    "assault by beating, domestic abuse, before charge": dict(
        facts=replace(DOMESTIC_BEATING, stage=Stage.PRE_CHARGE),
        decider=Decider.CPS,
        required={S.CHARGING_REPORT, S.EVIDENCE_FOR_PROSECUTOR, S.WITNESS_STATEMENTS,
                  S.PREVIOUS_CONVICTIONS},
        optional={S.CASE_SUMMARY, S.EXHIBITS, S.VICTIM_PERSONAL_STATEMENT, S.COMPENSATION,
                  S.OFFENCES_TAKEN_INTO_CONSIDERATION, S.UNUSED_NON_SENSITIVE,
                  S.UNUSED_SENSITIVE},
        required_fields={(S.CHARGING_REPORT, "lines_of_enquiry"),
                         (S.EVIDENCE_FOR_PROSECUTOR, "safeguarding_assessment")},
        not_demanded_fields=set(),
    ),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_charging_decision(name):
    scenario = SCENARIOS[name]

    assert evaluate(scenario["facts"]).charging.decider == scenario["decider"]


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_sections(name):
    scenario = SCENARIOS[name]
    requirements = evaluate(scenario["facts"])

    levels = {level: {kind for kind, result in requirements.sections.items()
                      if result.level == level}
              for level in (REQUIRED, OPTIONAL, NOT_NEEDED)}

    assert levels[REQUIRED] == scenario["required"]
    assert levels[OPTIONAL] == scenario["optional"]
    assert levels[NOT_NEEDED] == ALL_SECTIONS - scenario["required"] - scenario["optional"]


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_fields(name):
    scenario = SCENARIOS[name]
    requirements = evaluate(scenario["facts"])

    for kind, field_name in scenario["required_fields"]:
        assert field_name in requirements.required_fields(kind)
    for kind, field_name in scenario["not_demanded_fields"]:
        assert field_name not in requirements.required_fields(kind)


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_gives_a_reason_for_every_section_and_field(name):
    requirements = evaluate(SCENARIOS[name]["facts"])
    results = [*requirements.sections.values(), *requirements.fields.values()]

    assert all(result.reasons for result in results)
    assert all(reason.startswith(REASON_OPENINGS[result.level])
               for result in results for reason in result.reasons)


def test_a_guilty_plea_file_still_asks_for_statements_and_says_why():
    requirements = evaluate(SHOPLIFT)

    assert requirements.sections[S.WITNESS_STATEMENTS].reasons == (
        "Required because the CPS Digital Case File gives each victim's and witness's "
        "evidence from their statement, even when a guilty plea is expected",
    )


# ---- FileRequirements -----------------------------------------------------------------

def test_listed_sections_are_required_then_optional_in_catalogue_order():
    listed = evaluate(SHOPLIFT).listed_sections()

    assert listed == [S.CASE_SUMMARY, S.EVIDENCE_FOR_PROSECUTOR, S.CHARGES,
                      S.WITNESS_STATEMENTS, S.PREVIOUS_CONVICTIONS, S.CPS_DETAILS, S.EXHIBITS,
                      S.VICTIM_PERSONAL_STATEMENT, S.COMPENSATION,
                      S.OFFENCES_TAKEN_INTO_CONSIDERATION]


def test_section_level_accepts_a_kind():
    assert evaluate(SHOPLIFT).section_level(S.REQUISITION) == NOT_NEEDED


def test_fields_are_given_only_for_sections_on_the_file():
    requirements = evaluate(SHOPLIFT)

    kinds = {kind for kind, _ in requirements.fields}

    assert kinds == set(requirements.listed_sections())


def test_a_field_without_a_rule_is_not_needed():
    requirements = evaluate(SHOPLIFT)

    result = requirements.fields[(S.CASE_SUMMARY, "questions_asked")]

    assert result.level == NOT_NEEDED
    assert result.reasons == ("Not needed because no rule asks for it in this case",)


def test_required_fields_are_in_catalogue_order():
    assert evaluate(SHOPLIFT).required_fields(S.CHARGES) == [
        "charge_date", "reply_to_charge", "first_hearing_date", "first_hearing_time", "court"]


# ---- Charging -------------------------------------------------------------------------

def test_any_offence_needing_the_cps_sends_the_whole_case():
    decision = evaluate(case(shoplift(G), offence("OF61102", EITHER_WAY))).charging

    assert decision.decider == Decider.CPS
    assert decision.reasons == (rule_reason("charging.cps.gbh_wounding_abh"),)


def test_domestic_abuse_overrides_a_summary_only_offence():
    decision = evaluate(case(beating(G), markers=frozenset({Marker.DOMESTIC_ABUSE}))).charging

    assert decision.decider == Decider.CPS


def test_either_way_not_guilty_goes_to_the_cps_by_default():
    decision = evaluate(case(burglary(NG))).charging

    assert decision.decider == Decider.CPS
    assert decision.reasons == (rules_data.CHARGING_DEFAULT_REASON,)


def test_an_either_way_offence_the_police_cannot_charge_sends_a_summary_one_with_it():
    assert evaluate(case(beating(G), burglary(NG))).charging.decider == Decider.CPS


def test_a_case_with_no_offences_yet_goes_to_the_cps():
    assert evaluate(CaseFacts()).charging.decider == Decider.CPS


@pytest.mark.parametrize("loss, decider", [
    (None, Decider.POLICE),
    (Decimal("5000"), Decider.POLICE),
    (Decimal("5000.01"), Decider.CPS),
])
def test_retail_theft_is_for_the_police_up_to_a_loss_of_5000(loss, decider):
    assert evaluate(case(shoplift(NG), loss_value=loss)).charging.decider == decider


def test_more_than_12_months_custody_likely_takes_a_guilty_plea_to_the_cps():
    facts = case(burglary(G), custody_over_12_months_likely=True)

    assert evaluate(facts).charging.decider == Decider.CPS


def test_summary_only_stays_with_the_police_whatever_the_loss():
    facts = case(beating(NG), loss_value=Decimal("9000"))

    assert evaluate(facts).charging.decider == Decider.POLICE


def test_sexual_offence_with_adults_only_follows_the_plea_rules():
    assert evaluate(case(offence("SX03128", EITHER_WAY, G))).charging.decider == Decider.POLICE


def test_offence_codes_match_whatever_their_case():
    assert evaluate(case(offence("of61102", EITHER_WAY))).charging.decider == Decider.CPS


def test_a_cps_case_before_charge_needs_the_mg3():
    facts = replace(DOMESTIC_BEATING, stage=Stage.PRE_CHARGE)

    assert evaluate(facts).section_level(S.CHARGING_REPORT) == REQUIRED


def rule_reason(rule_id):
    return next(rule.reason for rule in RULES if rule.id == rule_id)


# ---- Derived facts --------------------------------------------------------------------

@pytest.mark.parametrize("pleas, expected", [
    ((G, G), Plea.GUILTY),
    ((G, NG), Plea.NOT_GUILTY),
    ((G, Plea.NOT_KNOWN), Plea.NOT_KNOWN),
    ((), Plea.NOT_KNOWN),
])
def test_case_plea(pleas, expected):
    facts = CaseFacts(offences=tuple(beating(plea) for plea in pleas))

    assert case_plea(facts) == expected


def test_a_plea_not_known_builds_the_file_for_a_not_guilty_plea():
    requirements = evaluate(case(beating(Plea.NOT_KNOWN)))

    assert requirements.section_level(S.WITNESS_STATEMENTS) == REQUIRED


@pytest.mark.parametrize("offences, likely_venue, expected", [
    ((beating(),), "", Venue.MAGISTRATES),
    ((burglary(),), Venue.CROWN, Venue.CROWN),
    ((robbery(),), Venue.MAGISTRATES, Venue.CROWN),
])
def test_derived_venue(offences, likely_venue, expected):
    assert derived_venue(CaseFacts(offences=offences, likely_venue=likely_venue)) == expected


def test_either_way_likely_sent_builds_the_crown_court_file():
    requirements = evaluate(case(burglary(NG), likely_venue=Venue.CROWN))

    assert requirements.section_level(S.UNUSED_NON_SENSITIVE) == REQUIRED
    assert requirements.section_level(S.STREAMLINED_DISCLOSURE) == NOT_NEEDED


def test_kept_in_custody_counts_as_a_remand_sought():
    facts = case(burglary(NG), bail_status=BailStatus.REMAND)

    assert evaluate(facts).section_level(S.REMAND_APPLICATION) == REQUIRED


@pytest.mark.parametrize("value, blank", [
    (None, True), ("", True), ("  \n", True), ([], True), ({}, True),
    (False, False), (0, False), ("None", False), (["a"], False),
])
def test_is_blank(value, blank):
    assert is_blank(value) is blank


# ---- missing_required: only what a rule requires --------------------------------------

def test_missing_required_names_each_blank_required_field_with_its_reason():
    missing = missing_required(SHOPLIFT, S.CHARGES, {"charge_date": "2025-03-01",
                                                     "reply_to_charge": "  "})

    assert missing == [
        MissingAnswer("reply_to_charge", rule_reason("field.charges.reply_to_charge.charged"),
                      "required"),
        MissingAnswer("first_hearing_date",
                      rule_reason("field.charges.first_hearing_date.charged"), "required"),
        MissingAnswer("first_hearing_time",
                      rule_reason("field.charges.first_hearing_time.dcf"), "required"),
        MissingAnswer("court", rule_reason("field.charges.court.charged"), "required"),
    ]


def test_a_blank_field_no_rule_requires_is_never_demanded():
    data = {"summary": "Took razor blades worth £45 from Boots", "interview_type": "full_account",
            "interview_summary": "Admitted the theft", "hearsay_details": "",
            "special_measures": None, "questions_asked": "", "interview_date": "2025-03-01",
            "legally_represented": "no", "special_warnings_given": "no",
            "solicitor_name": "", "solicitor_firm": ""}

    assert missing_required(SHOPLIFT, S.CASE_SUMMARY, data) == []


def test_a_field_outside_the_catalogue_is_never_demanded():
    data = {"pnc_check_performed": True, "pnc_convictions": "None", "solicitor_gender": ""}

    assert missing_required(SHOPLIFT, S.PREVIOUS_CONVICTIONS, data) == []


def test_a_section_that_is_not_needed_demands_nothing():
    assert missing_required(SHOPLIFT, S.REQUISITION, {}) == []


def test_an_optional_section_left_blank_demands_nothing():
    assert missing_required(SHOPLIFT, S.COMPENSATION, {"amount": None, "details": ""}) == []


def test_an_optional_section_once_started_needs_its_required_fields():
    missing = missing_required(SHOPLIFT, S.COMPENSATION, {"amount": Decimal("45.00")})

    assert [answer.field for answer in missing] == ["details"]


def test_questions_asked_are_demanded_after_a_no_comment_interview():
    data = {"summary": "Seen on CCTV", "interview_type": "no_comment",
            "interview_date": "2025-03-01", "legally_represented": "no",
            "special_warnings_given": "yes"}

    assert missing_required(SHOPLIFT, S.CASE_SUMMARY, data) == [
        MissingAnswer("questions_asked",
                      rule_reason("field.case_summary.questions_asked.no_comment"), "required"),
    ]


# What the CPS Digital Case File asks of each witness for a first hearing.
DCF_WITNESS = {"witness_type": "eye", "involvement": "Saw the assault",
               "visually_recorded_interview": "no"}


def test_a_statement_without_the_signed_declaration_is_missing_it():
    data = {"witness_name": "Ann Lee", "statement_date": "2025-03-01", "statement": "I saw...",
            "declaration": False, **DCF_WITNESS}

    missing = missing_required(CONTESTED_BEATING, S.WITNESS_STATEMENTS, data)

    assert [answer.field for answer in missing] == ["declaration"]
    assert missing[0].reason.endswith("the answer must be yes: the witness must have signed "
                                      "the declaration")
    assert missing[0].code == "must_be_yes"


@pytest.mark.parametrize("answer", [True, "yes", "Yes"])
def test_a_signed_declaration_is_given(answer):
    data = {"witness_name": "Ann Lee", "statement_date": "2025-03-01", "statement": "I saw...",
            "declaration": answer, **DCF_WITNESS}

    assert missing_required(CONTESTED_BEATING, S.WITNESS_STATEMENTS, data) == []


def test_false_is_an_answer_for_a_yes_no_field_that_may_be_no():
    data = {"vps_offered": True, "vps_made": False}

    assert missing_required(SHOPLIFT, S.VICTIM_PERSONAL_STATEMENT, data) == []


def test_bail_conditions_are_demanded_only_on_conditional_bail():
    data = {"charge_date": "2025-03-01", "reply_to_charge": "No reply",
            "first_hearing_date": "2025-03-15", "first_hearing_time": "10:00",
            "court": "Magistrates' Courts, Essex, Chelmsford, A"}
    conditional = replace(SHOPLIFT, bail_status=BailStatus.CONDITIONAL_BAIL)

    assert missing_required(SHOPLIFT, S.CHARGES, data) == []
    assert [answer.field for answer in missing_required(conditional, S.CHARGES, data)] == [
        "bail_conditions"]


def test_the_section_data_given_overrides_the_facts():
    facts = with_data(SHOPLIFT, S.CASE_SUMMARY, interview_type="no_comment")
    data = {"summary": "Seen on CCTV", "interview_type": "not_interviewed",
            "not_interviewed_reason": "Admitted to hospital"}

    assert missing_required(facts, S.CASE_SUMMARY, data) == []


def test_pre_charge_advice_is_asked_only_where_the_police_charge():
    asked = evaluate(SHOPLIFT).fields[(S.CPS_DETAILS, "pca_cps")]
    cps_decided = evaluate(DOMESTIC_BEATING).fields[(S.CPS_DETAILS, "pca_cps")]

    assert asked.level == REQUIRED
    assert cps_decided.level == NOT_NEEDED  # the CPS's charging decision is its advice
