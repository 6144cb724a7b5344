"""A death (DG6 Annex 1; DOMAIN.md 1.3): every offence defined by a death, in every form
(attempt, aiding and abetting, conspiracy, incitement), is in the death group, and every
case marked as a fatality goes to the CPS. Each row cites its source. Pure Python."""

import json
from pathlib import Path

import pytest

from athena.offences.models import ModeOfTrial
from cases.constants import BailStatus, Decider, Marker, Plea
from cases.rules import CaseFacts, OffenceFacts, decide_charge, offence_groups
from cases.rules_data.charging import CHARGING_RULES
from tests.cases.test_law_consent import cites_a_source

ROOT = Path(__file__).resolve().parents[2]
INDEX = {row["cjsCode"]: row for row in json.loads(
    (ROOT / "athena" / "data" / "cjs" / "cjs-offences.json").read_text(encoding="utf-8-sig"))}
MODES = {"CS": ModeOfTrial.SUMMARY_ONLY, "CM": ModeOfTrial.SUMMARY_ONLY,
         "CE": ModeOfTrial.EITHER_WAY, "CI": ModeOfTrial.INDICTABLE_ONLY}
REASONS = {rule.id: rule.reason for rule in CHARGING_RULES}

# (CJS code, source)
DEATH = [
    ("RT88565B", "the issue: aiding and abetting causing death by driving unlicensed or "
                 "uninsured (RTA 1988 s.3ZB); DOMAIN.md 1.3 'in any form'"),
    ("RA88046B", "aiding and abetting causing death by dangerous driving (RTA 1988 s.1)"),
    ("RT88564", "causing death by careless driving (RTA 1988 s.2B)"),
    ("RA88046", "causing death by dangerous driving (RTA 1988 s.1)"),
    ("RT88530", "causing death by driving while disqualified (RTA 1988 s.3ZC)"),
    ("COML025", "murder (common law)"),
    ("COML025A", "attempted murder (Criminal Attempts Act 1981 s.1): the attempt form of an "
                 "offence defined by a death; DOMAIN.md 1.3 'in any form'"),
    ("COML026C", "conspiracy to murder (Criminal Law Act 1977 s.1): the conspiracy form"),
    ("COML022", "manslaughter (common law)"),
    ("CM07001", "corporate manslaughter (Corporate Manslaughter and Corporate Homicide Act "
                "2007 s.1)"),
    ("IN38001", "infanticide (Infanticide Act 1938 s.1)"),
    ("IL29001A", "attempted child destruction (Infant Life (Preservation) Act 1929 s.1)"),
    ("DV04003", "causing or allowing the death of a child or vulnerable adult (DVCVA 2004 "
                "s.5)"),
    ("TH68162", "aggravated vehicle taking causing death (Theft Act 1968 s.12A)"),
    ("DD91035", "dog dangerously out of control causing injury resulting in death "
                "(Dangerous Dogs Act 1991 s.3)"),
]
# (CJS code, why no death is part of the offence)
NOT_DEATH = [
    ("OF61014", "threats to kill (OAPA 1861 s.16): no one need die"),
    ("AV90004", "violence at an airport likely to cause death (Aviation and Maritime "
                "Security Act 1990 s.1): no death need happen"),
    ("OS23002", "threatening death or serious harm (Online Safety Act 2023 s.181)"),
    ("OF61003", "soliciting murder (OAPA 1861 s.4): an offence of its own"),
    ("CM07002", "failing to comply with a remedial order after corporate manslaughter "
                "(Corporate Manslaughter and Corporate Homicide Act 2007 s.9(5))"),
]


def facts(code, plea=Plea.GUILTY, **more):
    offence = OffenceFacts(cjs_code=code, title=INDEX[code]["offenceTitle"],
                           mode_of_trial=MODES[INDEX[code]["offenceCategory"]],
                           anticipated_plea=plea)
    return CaseFacts(offences=(offence,), bail_status=BailStatus.UNCONDITIONAL_BAIL, **more)


@pytest.mark.parametrize(("code", "source"), DEATH, ids=[row[0] for row in DEATH])
def test_an_offence_defined_by_a_death_takes_the_case_to_the_cps(code, source):
    decision = decide_charge(facts(code))

    assert cites_a_source(source)
    assert code in offence_groups()["death"]
    assert decision.decider == Decider.CPS
    assert REASONS["charging.cps.death"] in decision.reasons


@pytest.mark.parametrize(("code", "why"), NOT_DEATH, ids=[row[0] for row in NOT_DEATH])
def test_an_offence_not_defined_by_a_death_is_not_in_the_group(code, why):
    assert cites_a_source(why)
    assert code not in offence_groups()["death"]


def test_every_form_of_a_death_offence_in_the_index_is_in_the_group():
    death = offence_groups()["death"]
    forms = {code for code, row in INDEX.items()
             if len(code) == 8 and code[7] in "ABCI" and code[:7] in death
             and row["offenceCategory"] in MODES}

    assert forms
    assert forms <= death


@pytest.mark.parametrize(("markers", "decider", "source"), [
    (frozenset({Marker.FATALITY}), Decider.CPS,
     "DG6 Annex 1: a case involving a death; the DCF's Fatality case marker"),
    (frozenset(), Decider.POLICE,
     "DG6 Annex 1: the police may charge a summary-only offence"),
])
def test_a_case_marked_as_a_fatality_goes_to_the_cps(markers, decider, source):
    # Assault by beating, guilty plea: the police would charge it, but someone died.
    decision = decide_charge(facts("CJ88116", markers=markers))

    assert cites_a_source(source)
    assert decision.decider == decider
    assert (REASONS["charging.cps.fatality"] in decision.reasons) == bool(markers)


def test_the_fatality_marker_is_one_the_officer_can_choose():
    assert Marker.FATALITY in Marker.values
    assert Marker.FATALITY.label == "Fatality (someone died)"
