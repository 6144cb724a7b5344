"""The statute a charge is contrary to, by CJS code (cases/statutes.py)."""

import json
from pathlib import Path

import pytest

from cases.statutes import ACTS_BY_PREFIX, STATUTES, statute_for

OFFENCE_LIST = Path(__file__).resolve().parents[2] / "athena" / "data" / "cjs" / "cjs-offences.json"


@pytest.mark.parametrize(("code", "contrary_to"), [
    ("TH68010", "sections 1 and 7 of the Theft Act 1968"),  # theft from a shop
    ("TH68023", "section 8(1) of the Theft Act 1968"),  # robbery
    ("TH68073", "section 22(1) of the Theft Act 1968"),  # handling stolen goods
    ("CJ88001", "section 39 of the Criminal Justice Act 1988"),  # common assault
    ("CJ88116", "section 39 of the Criminal Justice Act 1988"),  # battery
    ("CJ88160", "section 39 of the Criminal Justice Act 1988 and section 1 of the Assaults "
                "on Emergency Workers (Offences) Act 2018"),
    ("OF61102", "section 47 of the Offences against the Person Act 1861"),
    ("CD71039", "sections 1(1) and 4 of the Criminal Damage Act 1971"),
    ("RT88007", "section 5(1)(a) of the Road Traffic Act 1988 and Schedule 2 to the Road "
                "Traffic Offenders Act 1988"),  # drink-driving
    ("MD71530", "section 5(2) of the Misuse of Drugs Act 1971"),  # possession of cannabis
    ("PU86004", "section 4(1) of the Public Order Act 1986"),
    ("PU86116", "section 4A(1) of the Public Order Act 1986"),
    ("PU86149", "section 5(1) of the Public Order Act 1986"),
    ("SC15004", "section 76 of the Serious Crime Act 2015"),
])
def test_a_common_offence_is_contrary_to_its_section(code, contrary_to):
    assert statute_for(code).contrary_to == contrary_to


@pytest.mark.parametrize(("code", "act"), [
    ("TH68078", "Theft Act 1968"),
    ("TH68999", "Theft Act 1968"),
    ("CJ88144", "Criminal Justice Act 1988"),
    ("PU86003", "Public Order Act 1986"),
    ("CD71015", "Criminal Damage Act 1971"),  # arson: section not in the table
    ("RT88333", "Road Traffic Act 1988"),
    ("MD71596", "Misuse of Drugs Act 1971"),
    ("SC15003", "Serious Crime Act 2015"),
    ("FI68001", "Firearms Act 1968"),
])
def test_any_other_code_of_a_known_act_names_the_act(code, act):
    statute = statute_for(code)
    assert statute.act == act
    if code not in STATUTES:
        assert statute.provision == ""
        assert statute.contrary_to == f"the {act}"


@pytest.mark.parametrize("code", [
    "XX99001",  # an Act we do not know
    "COML025",  # common law: no statute
    "TH6801",  # too short
    "TH68010XY",  # too long
    "TH68ABC",  # not a number after the prefix
    "",
    None,
])
def test_a_code_we_cannot_place_gives_nothing_rather_than_a_guess(code):
    assert statute_for(code) is None


@pytest.mark.parametrize(("code", "contrary_to"), [
    ("TH68010A", "section 1(1) of the Criminal Attempts Act 1981"),
    ("TH68010C", "section 1(1) of the Criminal Law Act 1977"),
    ("TH68010B", "sections 1 and 7 of the Theft Act 1968"),  # charged as the offence
])
def test_an_attempt_conspiracy_or_aiding_is_charged_under_its_own_statute(code, contrary_to):
    assert statute_for(code).contrary_to == contrary_to


def test_incitement_and_an_unknown_suffix_give_nothing():
    assert statute_for("TH68010I") is None
    assert statute_for("TH68010Z") is None
    assert statute_for("XX99001A") is None


def test_codes_are_read_whatever_their_case_and_spacing():
    assert statute_for(" th68010 ") == statute_for("TH68010")


def test_every_line_has_a_source():
    assert all(statute.source.startswith("https://www.legislation.gov.uk/")
               for statute in STATUTES.values())
    assert all(source for _, source in ACTS_BY_PREFIX.values())


def test_every_code_in_the_table_is_in_the_cjs_offence_list():
    listed = {offence["cjsCode"] for offence in json.loads(OFFENCE_LIST.read_text())}
    assert set(STATUTES) - listed == set()


def test_each_prefix_stands_for_codes_in_the_cjs_offence_list():
    prefixes = {offence["cjsCode"][:4] for offence in json.loads(OFFENCE_LIST.read_text())}
    assert set(ACTS_BY_PREFIX) - prefixes == set()
