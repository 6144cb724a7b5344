"""Offences that are domestic abuse by definition (controlling or coercive behaviour, SCA
2015 s.76): the CPS decides, as for the domestic abuse marker (DG6 Annex 1), and every
rule that reads the marker reads such a case as domestic abuse, without the marker being
set. Each row cites its source. Pure Python."""

import pytest

from athena.offences.models import ModeOfTrial
from cases.constants import BailStatus, Decider, Marker, Plea, Requirement
from cases.rules import CaseFacts, OffenceFacts, case_markers, decide_charge, evaluate
from cases.rules_data.charging import CHARGING_RULES
from cases.sections import SectionKind as S
from tests.cases.test_law_consent import cites_a_source

REASONS = {rule.id: rule.reason for rule in CHARGING_RULES}
SAFEGUARDING = (S.EVIDENCE_FOR_PROSECUTOR, "safeguarding_assessment")


def offence(code, mode, plea=Plea.GUILTY):
    return OffenceFacts(cjs_code=code, title=code, mode_of_trial=mode, anticipated_plea=plea)


CONTROLLING = offence("SC15004", ModeOfTrial.EITHER_WAY)
STRANGULATION = offence("SC15005", ModeOfTrial.EITHER_WAY)
BEATING = offence("CJ88116", ModeOfTrial.SUMMARY_ONLY)


def case(*offences, markers=frozenset()):
    return CaseFacts(offences=offences, markers=markers,
                     bail_status=BailStatus.UNCONDITIONAL_BAIL)


# (facts, domestic abuse?, the charging reason expected, source)
ROWS = [
    (case(CONTROLLING), True, REASONS["charging.cps.domestic_abuse_offence"],
     "Serious Crime Act 2015 s.76; Domestic Abuse Act 2021 s.1(3)(c): controlling or "
     "coercive behaviour is domestic abuse; DG6 Annex 1: the CPS decides domestic abuse"),
    (case(BEATING, CONTROLLING), True, REASONS["charging.cps.domestic_abuse_offence"],
     "DG6 Annex 1: if any part of a case needs the CPS, the whole case goes"),
    (case(BEATING, markers=frozenset({Marker.DOMESTIC_ABUSE})), True,
     REASONS["charging.cps.domestic_abuse"], "DG6 Annex 1: domestic abuse, as marked"),
    (case(STRANGULATION), False, None,
     "Serious Crime Act 2015 s.75A (strangulation) applies to anyone: not domestic abuse "
     "by definition; either way with a guilty plea, the police may charge (DG6 Annex 1)"),
    (case(BEATING), False, None, "DG6 Annex 1: the police may charge a summary-only offence"),
]


@pytest.mark.parametrize(("facts", "domestic_abuse", "reason", "source"), ROWS)
def test_who_decides_a_domestic_abuse_case(facts, domestic_abuse, reason, source):
    decision = decide_charge(facts)

    assert cites_a_source(source)
    assert decision.decider == (Decider.CPS if domestic_abuse else Decider.POLICE)
    if reason:
        assert reason in decision.reasons


@pytest.mark.parametrize(("facts", "domestic_abuse", "reason", "source"), ROWS)
def test_the_rules_read_the_case_as_domestic_abuse(facts, domestic_abuse, reason, source):
    assert (Marker.DOMESTIC_ABUSE in case_markers(facts)) is domestic_abuse


@pytest.mark.parametrize(("facts", "domestic_abuse", "reason", "source"), ROWS)
def test_the_safeguarding_assessment_is_required_as_for_the_marker(facts, domestic_abuse,
                                                                   reason, source):
    # DOMAIN.md 1.4: domestic abuse needs the DCF safeguarding assessment.
    level = evaluate(facts).fields[SAFEGUARDING].level

    assert (level == Requirement.REQUIRED) is domestic_abuse


def test_the_offence_does_not_set_the_marker():
    facts = case(CONTROLLING)

    assert facts.markers == frozenset()
    assert REASONS["charging.cps.domestic_abuse"] not in decide_charge(facts).reasons
