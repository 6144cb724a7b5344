"""The reviewed offence groups the charging rules read (cases/data)."""

import importlib.util
import json
from pathlib import Path

import pytest

from cases.rules import offence_groups

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "cases" / "data"
INDEX = {row["cjsCode"]: row for row in json.loads(
    (ROOT / "athena" / "data" / "cjs" / "cjs-offences.json").read_text(encoding="utf-8-sig"))}


def builder():
    spec = importlib.util.spec_from_file_location("build_offence_groups",
                                                  DATA / "build_offence_groups.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["cps_offence_groups.json", "police_offence_groups.json"])
def test_the_committed_groups_are_what_the_script_builds(name):
    committed = json.loads((DATA / name).read_text(encoding="utf-8"))

    assert committed["groups"] == builder().build_all(list(INDEX.values()))[name]


def test_every_grouped_code_is_a_criminal_offence_in_the_index():
    for group, codes in offence_groups().items():
        for code in codes:
            assert INDEX[code]["offenceCategory"] in {"CS", "CM", "CE", "CI"}, (group, code)


@pytest.mark.parametrize("code, group", [
    ("TH68010", "retail_theft"), ("TH68010A", "retail_theft"),
    ("RT88564", "death"), ("PT00027", "terrorism_official_secrets"),
    ("OS89002", "terrorism_official_secrets"), ("PH97004", "harassment_stalking"),
    ("ST19001", "harassment_stalking"), ("PU86002", "violent_disorder_affray"),
    ("PU86003", "violent_disorder_affray"), ("OF61102", "gbh_wounding_abh"),
    ("OF61131", "gbh_wounding_abh"), ("SX03007", "sexual_offences_act"),
    ("SX03224", "sexual_offence_against_child"), ("LG03064", "licensing_act_2003"),
    ("CD98070", "hate_crime"),
    ("SC15004", "domestic_abuse"), ("CJ88115", "consent_to_prosecute"),
    # Every form of an offence defined by a death, as the brief for the death group asks:
    # attempted murder is indictable only, so the CPS decides it either way.
    ("COML025A", "death"),
])
def test_offence_is_in_its_group(code, group):
    assert code in offence_groups()[group]


@pytest.mark.parametrize("code", [
    "CJ88116",  # assault by beating
    "TH68001",  # theft from the person
    "PU86149",  # section 5 public order: harassment, alarm or distress, not PHA harassment
    "OF61003",  # soliciting murder: an offence of its own, not defined by a death
    "VG24025",  # exposing a wound to beg
    "SX03002",  # rape of an adult: not a child offence by its title
])
def test_offence_is_in_no_group_it_does_not_belong_to(code):
    groups = offence_groups()

    assert [g for g in groups if code in groups[g] and g != "sexual_offences_act"] == []
