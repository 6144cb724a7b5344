"""Shared by the DCF tests: the published examples, a catalogue of the offences they and
the synthetic documents charge, and documents built to show the code is general."""

import copy
import json
from pathlib import Path

import pytest

from athena.offences.services import OFFENCES_FILE, offences_load

EXAMPLES = Path(__file__).resolve().parents[2] / "athena" / "data" / "dcf" / "examples"
ALL_EXAMPLES = sorted(path.name for path in EXAMPLES.glob("*.json"))
GOOD_EXAMPLES = [name for name in ALL_EXAMPLES
                 if "valid" in name.replace("invalid", "") or "scenario" in name]
BAD_EXAMPLES = [name for name in ALL_EXAMPLES if "invalid" in name]
# Named neither valid nor invalid (the breach of bail example), and valid all the same.
OTHER_EXAMPLES = [name for name in ALL_EXAMPLES
                  if name not in GOOD_EXAMPLES and name not in BAD_EXAMPLES]
ACCEPTED_EXAMPLES = GOOD_EXAMPLES + OTHER_EXAMPLES
# The real CJS index rows of every offence the tests charge.
CODES = {"TH68010", "PU86149", "CJ88116", "CJ88001", "TH68001", "OF61016"}


def example(name):
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8-sig"))


def example_bytes(name):
    return (EXAMPLES / name).read_bytes()


@pytest.fixture(scope="session")
def _catalogue_rows():
    rows = json.loads(OFFENCES_FILE.read_text(encoding="utf-8"))
    return [row for row in rows if row["cjsCode"] in CODES]


@pytest.fixture
def dcf_catalogue(db, _catalogue_rows):
    offences_load(rows=[dict(row) for row in _catalogue_rows])


def test_the_examples_are_sorted_into_good_and_bad():
    assert GOOD_EXAMPLES == [
        "first-hearing-example-1-valid-single-defendant.json",
        "first-hearing-example-9-valid-two-defendants.json",
        "first-hearing-scenario-1-s5-public-order.json",
        "first-hearing-scenario-2-retail-theft-gap.json",
    ]
    assert OTHER_EXAMPLES == ["breach-of-bail-example-1-simple-bob-with-remand.json"]
    assert BAD_EXAMPLES == [
        "first-hearing-example-12-invalid-ilegal-field.json",
        "first-hearing-example-3-invalid-missing-fields.json",
        "first-hearing-example-5-invalid-ngap-violation-when-gap.json",
    ]


# --- Synthetic documents: not the samples, to show the code is general -----------------

def person(surname, *given):
    return {"type": "PersonName", "surname": surname, "given_name": list(given)}


def location(court):
    return {"ou_top_level_name": "Magistrates' Courts", "ou_second_level_name": "Essex",
            "ou_third_level_name": court, "ou_bottom_level_name": "1"}


def offence_details(title, wording, plea="not_guilty", day="2026-03-02"):
    return {"type": "Offence", "from_date": day, "to_date": day, "charge_date": "2026-03-03",
            "offence_title": title, "charge_wording": wording,
            "points_to_prove_met_by": "Victim's statement and body-worn video.",
            "anticipated_plea": plea, "committed_on_bail": False}


def assault_defendant(surname, given, *, plea="not_guilty", code="cj88116"):
    return {
        "name": person(surname, given),
        "date_of_birth": "1985-06-30",
        "arrest": {"type": "Arrest", "date_time": "2026-03-02T23:10Z"},
        "cc_not_suitable_reasons": ["offence_not_admitted"],
        "offences": [{
            "type": "AssaultOffences",
            "assault_offences": [{
                "type": "AssaultOffence", "cjs_offence_code": code,
                "offence": offence_details("Assault by beating",
                                           "Assaulted Robin Vale by beating her.", plea),
                "victim_name": person("Vale", "Robin"),
            }],
        }, {
            "type": "GenericOffences",
            "generic_offences": [{
                "type": "GenericOffence", "cjs_offence_code": "TH68001",
                "offence": offence_details("Theft from the person",
                                           "Stole a phone from Robin Vale.", plea),
            }],
        }],
        "occupation": "Plasterer",
        "has_eec_passports": False,
        "foreign_national_offender": False,
        "breach_of_order": False,
        "pnc_check_performed": False,
        "court_order_applications": [{"court_order_title": "restraining_order",
                                      "reason_for_request": "To protect the victim"}],
        "interpreter_required": False,
        "dealt_with_in_welsh": False,
        "person_remand_status": "conditional_bail",
        "bail_conditions_provided": True,
        "signed_for_bail": True,
        "bail_conditions": [{"condition": "Not to contact Robin Vale",
                             "grounds": ["interfering_with_witnesses_or_otherwise_"
                                         "obstructing_the_course_of_justice"]}],
        "given_charges": True,
        "signed_charge_sheet": True,
        "initiation_type": "charge",
        "interview": {"type": "StandardInterview", "date": "2026-03-03T09:00Z",
                      "defendant_legally_represented": False, "special_warnings_given": False,
                      "no_comment_response": True,
                      "questions_asked": "Did you hit her? Did you take the phone?"},
        "first_hearing_datetime": "2026-03-17T10:00Z",
        "first_hearing_location": location("Colchester"),
    }


def assault_case(*, defendants=None, plea="not_guilty"):
    """A not guilty plea assault and theft case: an assault offence group and a generic
    one, a victim who is a person, no recordings and no property."""
    return {
        "schema_version": "1.2.2",
        "case": {
            "pti_urn": "42CJ0123426",
            "type": "FirstHearingDCF",
            "version": 2,
            "case_markers": ["RacistCrime", "CrimeAgainstAnOlderPerson"],
            "brief_description_of_case": "The defendant punched the victim at a bus stop "
                                         "and took her phone.",
            "defendants": defendants or [assault_defendant("Oakes", "Terry", plea=plea)],
            "witnesses": [{
                "type": "PersonVictim",
                "name": person("Vale", "Robin"),
                "date_of_birth": "1950-01-20",
                "visually_recorded_interview": False,
                "victim": {
                    "witness_type": ["eye"],
                    "witness": {"nature_of_involvement": "Victim",
                                "evidence_they_can_give": "Was punched; phone taken",
                                "wish_to_use_video_link": False},
                    "victim_code_requirements_met": True,
                    "has_the_victim_made_a_vps_isb": False,
                },
            }, {
                "type": "NgapOtherWitness", "name": person("Hale", "Sam"),
                "witness_type": ["eye"], "number": 1,
                "witness": {"nature_of_involvement": "Bystander",
                            "evidence_they_can_give": "Saw the punch"},
            }],
            "likely_case_progression": "summary_only",
            "expert_evidence": False,
            "test_code": "full_code_test",
            "pca_cps": True,
            "officer_in_the_case": {"type": "OfficerName", "surname": "Reed",
                                    "given_name": ["Alex"], "rank": "PC",
                                    "collar_number": "4521"},
            "signatory_name": {"type": "OfficerName", "surname": "Khan",
                               "given_name": ["Sara"], "rank": "PS", "collar_number": "77"},
            "date": "2026-03-04",
        },
    }


def two_defendant_case():
    """Two defendants with different offences, pleas and bail."""
    second = assault_defendant("Birch", "Lee", plea="guilty", code="cj88001")
    second["date_of_birth"] = "1999-09-09"
    second["person_remand_status"] = "custody"
    del second["bail_conditions"], second["bail_conditions_provided"], second["signed_for_bail"]
    second["interview"] = {"type": "NotInterviewed", "reason": "Admitted at the scene"}
    second["offences"] = second["offences"][:1]
    return assault_case(defendants=[assault_defendant("Oakes", "Terry"), second])


def with_change(document, change):
    changed = copy.deepcopy(document)
    change(changed)
    return changed


def varied_case():
    """Shapes the samples do not show: an assault offence without particulars, a case
    begun by summons, an expert who is an organisation, property damaged, recordings
    (one whose reference is too long for our exhibits), a plea of not guilty."""
    document = assault_case()
    body = document["case"]
    defendant = body["defendants"][0]
    defendant["initiation_type"] = "summons"
    defendant.pop("arrest")
    del defendant["signed_charge_sheet"]
    defendant["offences"][0]["assault_offences"][0].pop("offence")
    defendant["offences"][1]["generic_offences"][0]["victim_names"] = [
        {"type": "OrganisationName", "organisation_name": "Bus Co Ltd"}]
    defendant["offences"][1]["generic_offences"][0]["property_ids"] = [1]
    # A victim an offence names is one of the file's victims (DCF references).
    body["witnesses"].append({
        "type": "OrganisationVictim",
        "name": {"type": "OrganisationName", "organisation_name": "Bus Co Ltd"},
        "victim": {"witness_type": ["other"],
                   "witness": {"nature_of_involvement": "Owns the bus damaged",
                               "evidence_they_can_give": "The cost of the repair"},
                   "victim_code_requirements_met": True,
                   "has_the_victim_made_a_vps_isb": False}})
    body["witnesses"].append({
        "type": "ExpertWitness", "witness_type": ["expert"],
        "name": {"type": "OrganisationName", "organisation_name": "Forensic Lab Ltd"},
        "witness": {"nature_of_involvement": "Examined the phone",
                    "evidence_they_can_give": "Fingerprints"}})
    body["property"] = [{"property_id": 1, "property_action": "stolen_recovered_damaged",
                         "description": "Phone", "value": 300, "damage_description": "Cracked",
                         "damage_cost": 80.5, "recovered_from": "The defendant"}]
    body["multimedia_evidence"] = [
        {"id": "BWV/1", "date": "2026-03-02", "type": "bwv", "evidential_value": True,
         "relied_upon_trial": True, "relied_upon_sentence": False,
         "description_of_what_is_contained_in_multimedia_evidence": "The arrest",
         "total_duration": "00:12"},
        {"id": "CCTV-" + "9" * 40, "date": "2026-03-02", "type": "cctv",
         "evidential_value": True, "relied_upon_trial": True, "relied_upon_sentence": True,
         "description_of_what_is_contained_in_multimedia_evidence": "The bus stop",
         "total_duration": "01:00"}]
    return document
