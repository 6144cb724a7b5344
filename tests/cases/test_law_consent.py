"""Consent of the DPP or a Law Officer is a property of the offence (DOMAIN.md 1.3), held as
a reviewed list with its statutes and sources (cases/data, group consent_to_prosecute);
a case with any such offence goes to the CPS (DG6 Annex 1). Each row cites its source.
Pure Python: no database."""

import json
import re
from pathlib import Path

import pytest

from athena.offences.models import ModeOfTrial
from cases.constants import Decider, Plea
from cases.rules import (
    CaseFacts,
    OffenceFacts,
    consent_to_prosecute,
    decide_charge,
    offence_groups,
)
from cases.rules_data.charging import CHARGING_RULES

ROOT = Path(__file__).resolve().parents[2]
INDEX = {row["cjsCode"]: row for row in json.loads(
    (ROOT / "athena" / "data" / "cjs" / "cjs-offences.json").read_text(encoding="utf-8-sig"))}
MODES = {"CS": ModeOfTrial.SUMMARY_ONLY, "CM": ModeOfTrial.SUMMARY_ONLY,
         "CE": ModeOfTrial.EITHER_WAY, "CI": ModeOfTrial.INDICTABLE_ONLY}
DPP = "the Director of Public Prosecutions"
AG = "the Attorney General"
CONSENT_REASON = next(rule.reason for rule in CHARGING_RULES if rule.id == "charging.cps.consent")
# What a row's source must name: a statute and its section, the common law, DG6, the
# Criminal Procedure Rules, published guidance, legislation.gov.uk or the CJS offence index.
SOURCE = re.compile(r"\b(Act \d{4}|[A-Z]{2,6} \d{4}|ss?\.\s?\d+|common law|DG6|CrimPR|"
                    r"guidance|legislation\.gov\.uk|CJS offence index)", re.IGNORECASE)


def cites_a_source(text):
    """Whether a table row's source names where the law is found (SOURCE)."""
    return bool(SOURCE.search(text or ""))

# (CJS code, the provision requiring consent, whose consent, source)
CONSENT = [
    ("PK78001", "Protection of Children Act 1978 s.1(3)", DPP,
     "PCA 1978 s.1(3); DG6 Annex 1; legislation.gov.uk/ukpga/1978/37/section/1"),
    ("PK78008", "Protection of Children Act 1978 s.1(3)", DPP,
     "PCA 1978 s.1(3): making an indecent photograph is taking one (s.1(1)(a))"),
    ("PK78001B", "Protection of Children Act 1978 s.1(3)", DPP,
     "PCA 1978 s.1(3): aiding and abetting is the same offence"),
    ("CJ88115", "Criminal Justice Act 1988 s.160(4), applying Protection of Children Act 1978 "
     "s.1(3)", DPP, "CJA 1988 s.160(4); legislation.gov.uk/ukpga/1988/33/section/160"),
    ("CJ88115A", "Criminal Justice Act 1988 s.160(4), applying Protection of Children Act "
     "1978 s.1(3)", DPP, "CJA 1988 s.160(4), the attempt of the s.160 offence"),
    ("BA10010", "Bribery Act 2010 s.10", DPP,
     "Bribery Act 2010 s.1 offence, s.10 consent (personal); CPS/SFO joint guidance"),
    ("BA10011", "Bribery Act 2010 s.10", DPP, "Bribery Act 2010 s.2 offence, s.10 consent"),
    ("BA10008", "Bribery Act 2010 s.10", DPP, "Bribery Act 2010 s.6 offence, s.10 consent"),
    ("BA10009", "Bribery Act 2010 s.10", DPP, "Bribery Act 2010 s.7 offence, s.10 consent"),
    ("PN06003", "Prevention of Corruption Act 1906 s.2(1)", AG,
     "Prevention of Corruption Act 1906 s.2(1), replaced by the Bribery Act 2010"),
    ("SU61003", "Suicide Act 1961 s.2(4)", DPP,
     "Suicide Act 1961 s.2(4); DPP's policy on encouraging or assisting suicide"),
    ("PU86021", "Public Order Act 1986 s.27(1)", AG,
     "Public Order Act 1986 s.27(1), Part 3 (racial hatred, s.18)"),
    ("PU86025", "Public Order Act 1986 s.27(1)", AG,
     "Public Order Act 1986 s.27(1), Part 3 (plays, s.20); its title is cut at 'racia'"),
    ("PU86135", "Public Order Act 1986 s.29L(1)", AG,
     "Public Order Act 1986 s.29L(1), Part 3A (religious or sexual orientation hatred)"),
    ("CL67011", "Criminal Law Act 1967 s.4(4)", DPP,
     "Criminal Law Act 1967 s.4(4) (assisting offenders)"),
    ("CL67008", "Criminal Law Act 1967 s.5(3)", DPP,
     "Criminal Law Act 1967 s.5(3) (wasteful employment of the police, s.5(2))"),
    ("CL67007", "Criminal Law Act 1967 s.5(3)", DPP,
     "Criminal Law Act 1967 s.5(3) (accepting a reward to conceal an offence, s.5(1))"),
    ("TH82001", "Taking of Hostages Act 1982 s.2(1)", AG, "Taking of Hostages Act 1982 s.2(1)"),
    ("CJ08001", "Criminal Justice and Immigration Act 2008 s.63(10)", DPP,
     "Criminal Justice and Immigration Act 2008 s.63(10) (extreme pornographic images)"),
    ("CJ09001", "Coroners and Justice Act 2009 s.62(9)", DPP,
     "Coroners and Justice Act 2009 s.62; CPS legal guidance, prohibited images of children"),
]

# (CJS code, why no consent is needed)
NO_CONSENT = [
    ("TH68010", "theft from a shop: no consent provision in the Theft Act 1968"),
    ("CJ88116", "assault by beating: CJA 1988 s.39 has no consent provision"),
    ("PU86149", "Public Order Act 1986 s.5 is in Part 1: ss.27 and 29L cover Parts 3, 3A"),
    ("PK78501", "CJS offence index: forfeiture proceedings (category VP) are not a criminal "
                "offence"),
    ("SC15004", "controlling or coercive behaviour: Serious Crime Act 2015 s.76 needs none"),
]


@pytest.mark.parametrize(("code", "provision", "consent_of", "source"), CONSENT,
                         ids=[row[0] for row in CONSENT])
def test_the_offence_needs_consent_under_its_statute(code, provision, consent_of, source):
    consent = consent_to_prosecute(code)

    assert cites_a_source(source)
    assert consent["provision"].startswith(provision)
    assert consent["consent_of"].startswith(consent_of)
    assert consent["source"].startswith("https://www.legislation.gov.uk/")


@pytest.mark.parametrize(("code", "provision", "consent_of", "source"), CONSENT,
                         ids=[row[0] for row in CONSENT])
def test_a_case_with_a_consent_offence_goes_to_the_cps(code, provision, consent_of, source):
    # With a guilty plea anticipated, the police could charge a summary or either-way
    # offence (DG6 Annex 1); consent takes it to the CPS.
    offence = OffenceFacts(cjs_code=code, title=INDEX[code]["offenceTitle"],
                           mode_of_trial=MODES[INDEX[code]["offenceCategory"]],
                           anticipated_plea=Plea.GUILTY)

    decision = decide_charge(CaseFacts(offences=(offence,)))

    assert decision.decider == Decider.CPS
    assert CONSENT_REASON in decision.reasons


@pytest.mark.parametrize(("code", "why"), NO_CONSENT, ids=[row[0] for row in NO_CONSENT])
def test_the_offence_needs_no_consent(code, why):
    assert cites_a_source(why)
    assert consent_to_prosecute(code) is None
    assert code not in offence_groups()["consent_to_prosecute"]


def test_codes_are_matched_whatever_their_case_and_spaces():
    assert consent_to_prosecute(" cj88115 ")["provision"].startswith("Criminal Justice Act 1988")


def test_a_consent_offence_among_others_takes_the_whole_case_to_the_cps():
    beating = OffenceFacts("CJ88116", "Assault by beating", ModeOfTrial.SUMMARY_ONLY, Plea.GUILTY)
    photos = OffenceFacts("CJ88115", "Possess indecent photograph", ModeOfTrial.EITHER_WAY,
                          Plea.GUILTY)

    assert decide_charge(CaseFacts(offences=(beating,))).decider == Decider.POLICE
    assert decide_charge(CaseFacts(offences=(beating, photos))).decider == Decider.CPS


def test_every_consent_code_is_a_criminal_offence_of_the_index_with_one_statute():
    group = json.loads((ROOT / "cases" / "data" / "cps_offence_groups.json").read_text(
        encoding="utf-8"))["groups"]["consent_to_prosecute"]

    assert set(group["codes"]) == set(group["consent_by_code"])
    for code, statute in group["consent_by_code"].items():
        assert INDEX[code]["offenceCategory"] in MODES, code
        assert statute in group["consent_statutes"], code
