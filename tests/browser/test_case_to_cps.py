"""Whole files from the new-case page to the CPS, in Chromium: the officer fills every
task on the task list and submits, the worker checks the file, a supervisor approves it
and sends it, and the Digital Case File the CPS receives passes the schema and the rules
with the file's own values in it."""

from datetime import date

import pytest
from playwright.sync_api import expect

from athena.accounts.roles import Role
from athena.offences.models import OffenceCategory
from tests.browser.case_journeys import (
    Journey,
    add_suspect,
    all_tasks_done,
    approve_and_send_to_the_cps,
    case_summary,
    charges,
    charging_report,
    cps_details,
    day,
    defendant,
    defendant_names,
    evidence_for_prosecutor,
    offence,
    offence_codes,
    previous_convictions,
    requisition,
    sent_dcf_document,
    start_case,
    streamlined_disclosure,
    submit_and_check,
    values_of,
    victim_or_witness,
    victim_personal_statement,
    witness_names,
    witness_statement,
)
from tests.factories import UserFactory, essex
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory

THREATENING_BEHAVIOUR = ("Use threatening / abusive / insulting words / behaviour with "
                         "intent to cause fear of / provoke unlawful violence")
CARELESS_DRIVING = ("Drive a mechanically propelled vehicle on a road / in a public place "
                    "without due care and attention")


@pytest.fixture
def people(settings, tmp_path):
    """An officer and a supervisor of Essex."""
    settings.MEDIA_ROOT = tmp_path
    UserFactory(username="pc_carter", force=essex(), roles=[Role.OFFICER])
    UserFactory(username="ds_reid", force=essex(), rank="DS", roles=[Role.FILE_SUPERVISOR])


def test_a_shoplift_with_a_guilty_plea_reaches_the_cps(page, live_server, people):
    OffenceFactory(cjs_code="TH68010", title="Theft from a shop",
                   category=OffenceCategory.EITHER_WAY)
    suspect = PersonFactory(forenames="Dean", surname="Archer", date_of_birth=date(1991, 6, 2))
    j = Journey(page, live_server, "cps-shoplift")
    j.sign_in_as("pc_carter")

    case = start_case(j, suspect, "TH68010", "Theft from a shop", "Guilty")
    defendant(j, "Dean ARCHER", "Unemployed", arrested=(day(-3), "14:20"))
    offence(j, "Theft from a shop", day(-3),
            "at Tesco, High Street, Chelmsford stole two beef steaks to the value of £23.50 "
            "belonging to Tesco Stores Ltd",
            "Appropriated: CCTV JB/1 and Ms Bell saw him. Dishonesty: admitted in interview.")
    victim_or_witness(j, "Witness", "Joanne Bell")
    case_summary(j, "The suspect put two steaks worth £23.50 in his coat at Tesco, "
                    "Chelmsford, and left without paying. Store detective Ms Bell stopped him.",
                 "He admitted taking the steaks to sell and apologised.", day(-3))
    evidence_for_prosecutor(j, charge_rationale="Clear admission, CCTV and a store witness; "
                                                "loss under £200; anticipated guilty plea.")
    charges(j, day(-3), "Sorry.", day(14))
    witness_statement(j, "Joanne Bell", "A witness", day(-3),
                      "I am a store detective at Tesco, Chelmsford. I saw a man put two "
                      "steaks in his coat and leave without paying. I stopped him outside.",
                      "Eyewitness", "The store detective who stopped the suspect")
    previous_convictions(j)
    cps_details(j, stolen_property="Two beef steaks, £23.50",
                recovered_from="From the suspect's coat")
    all_tasks_done(j)
    submit_and_check(j, case)
    approve_and_send_to_the_cps(j, case, "ds_reid")

    document = sent_dcf_document(case)
    assert defendant_names(document) == ["Dean Archer"]
    assert offence_codes(document) == ["TH68010"]
    assert witness_names(document) == ["Joanne Bell"]
    assert values_of(document, "anticipated_plea") == ["guilty"]


def test_a_domestic_abuse_common_assault_with_a_not_guilty_plea_reaches_the_cps(
        page, live_server, people):
    OffenceFactory(cjs_code="CJ88116", title="Assault by beating",
                   category=OffenceCategory.SUMMARY_NON_MOTORING)
    suspect = PersonFactory(forenames="Mark", surname="Dunn", date_of_birth=date(1985, 3, 9))
    j = Journey(page, live_server, "cps-domestic-abuse")
    j.sign_in_as("pc_carter")

    case = start_case(j, suspect, "CJ88116", "Assault by beating", "Not guilty",
                      markers=["Domestic abuse"])
    defendant(j, "Mark DUNN", "Plumber", arrested=(day(-2), "23:40"),
              relationship=("Husband", "6"))
    offence(j, "Assault by beating", day(-2),
            "at 4 Mill Road, Chelmsford assaulted Sarah Dunn by beating her",
            "Assault: the victim's account and her injuries on body-worn video. Unlawful: "
            "no self-defence raised.",
            demeanour="Shouting and aggressive, smelling of alcohol")
    victim_or_witness(j, "Victim", "Sarah Dunn")
    charging_report(j, "The victim says her husband slapped her twice in an argument; "
                       "body-worn video shows redness to her cheek.",
                    "Charge assault by beating (common assault), domestic abuse.",
                    "Neighbours canvassed: none heard the argument.")
    case_summary(j, "Sarah Dunn says her husband slapped her twice during an argument at "
                    "home. Officers saw redness to her left cheek.",
                 "He denied hitting her and said she fell.", day(-1),
                 hearsay="None")
    evidence_for_prosecutor(j, safeguarding="DASH high risk; referred to MARAC; the victim "
                                            "is staying with her sister.")
    charges(j, day(-1), "I never touched her.", day(28))
    witness_statement(j, "Sarah Dunn", "The victim", day(-2),
                      "My husband Mark slapped me twice across the face during an argument "
                      "in our kitchen.",
                      "Eyewitness", "The victim", retraction="No")
    previous_convictions(j)
    streamlined_disclosure(j)
    victim_personal_statement(j)
    cps_details(j, cps_charges=True)  # the CPS decides a domestic abuse charge
    all_tasks_done(j)
    submit_and_check(j, case)
    approve_and_send_to_the_cps(j, case, "ds_reid")

    document = sent_dcf_document(case)
    assert defendant_names(document) == ["Mark Dunn"]
    assert offence_codes(document) == ["CJ88116"]
    assert witness_names(document) == ["Sarah Dunn"]
    victim = document["case"]["witnesses"][0]
    assert victim["type"] == "PersonVictim"
    assert victim["victim"]["has_the_victim_made_a_vps_isb"] is True
    assert victim["victim"]["is_retraction_statement"] is False
    assert values_of(document, "victim_name")[0]["surname"] == "Dunn"
    assert values_of(document, "relationship_description") == ["Husband"]
    assert "DomesticViolence" in document["case"]["case_markers"]
    assert values_of(document, "anticipated_plea") == ["not_guilty"]
    assert document["case"]["pca_cps"] is True


def test_a_public_order_file_with_two_defendants_reaches_the_cps(page, live_server, people):
    OffenceFactory(cjs_code="PU86004", title=THREATENING_BEHAVIOUR,
                   category=OffenceCategory.SUMMARY_NON_MOTORING)
    first = PersonFactory(forenames="Lee", surname="Grant", date_of_birth=date(1995, 5, 5))
    PersonFactory(forenames="Ryan", surname="Platt", date_of_birth=date(1996, 6, 6))
    j = Journey(page, live_server, "cps-public-order")
    j.sign_in_as("pc_carter")
    particulars = ("at High Street, Chelmsford used threatening words and behaviour towards "
                   "Amir Khan with intent to cause him to fear immediate unlawful violence")
    points = "Threatening words: Mr Khan's statement and CCTV. Intent: the words used."

    case = start_case(j, first, "PU86004", THREATENING_BEHAVIOUR, "Guilty")
    add_suspect(j, "Ryan Platt", "PU86004", THREATENING_BEHAVIOUR, "Guilty", day(-1),
                particulars)
    for name in ("Lee GRANT", "Ryan PLATT"):
        defendant(j, name, "Labourer", arrested=(day(-1), "01:15"))
        offence(j, f"{THREATENING_BEHAVIOUR} ({name})", day(-1), particulars, points)
    victim_or_witness(j, "Witness", "Amir Khan")
    case_summary(j, "Outside a bar, the two suspects shouted at Mr Khan that they would "
                    "stab him, and advanced on him until door staff intervened.",
                 "Both admitted shouting and said they were drunk.", day(-1))
    evidence_for_prosecutor(j, charge_rationale="Summary only; admissions and an "
                                                "independent witness; guilty pleas expected.")
    charges(j, day(-1), "No reply.", day(14))
    witness_statement(j, "Amir Khan", "A witness", day(-1),
                      "Two men shouted that they would stab me and walked towards me.",
                      "Eyewitness", "The man threatened")
    previous_convictions(j)
    cps_details(j)
    all_tasks_done(j)
    submit_and_check(j, case)
    approve_and_send_to_the_cps(j, case, "ds_reid")

    document = sent_dcf_document(case)
    assert sorted(defendant_names(document)) == ["Lee Grant", "Ryan Platt"]
    assert offence_codes(document) == ["PU86004", "PU86004"]
    assert witness_names(document) == ["Amir Khan"]
    assert values_of(document, "anticipated_plea") == ["guilty", "guilty"]


def test_a_postal_requisition_file_reaches_the_cps(page, live_server, people):
    OffenceFactory(cjs_code="RT88575", title=CARELESS_DRIVING,
                   category=OffenceCategory.SUMMARY_MOTORING)
    suspect = PersonFactory(forenames="Tom", surname="Hale", date_of_birth=date(1980, 2, 2))
    j = Journey(page, live_server, "cps-requisition")
    j.sign_in_as("pc_carter")

    case = start_case(j, suspect, "RT88575", CARELESS_DRIVING, "Not guilty",
                      begins="Written charge and requisition sent by post",
                      bail="Not applicable (postal requisition or released under "
                           "investigation)")
    # The written charge and requisition replaces the charge (MG4).
    expect(j.task("Written charge and requisition")).to_be_visible()
    expect(j.task("Charges (MG4)")).to_have_count(0)
    defendant(j, "Tom HALE", "Taxi driver", charged=False, signed_for_bail=False)
    offence(j, CARELESS_DRIVING, day(-30),
            "on the A12 at Boreham drove a Ford Focus without due care and attention",
            "Driving: admitted. Without due care: dash-cam footage shows him pull out into "
            "the path of another car.")
    victim_or_witness(j, "Witness", "Priya Shah")
    case_summary(j, "The suspect pulled out of a slip road into the path of Ms Shah's car, "
                    "which braked hard and hit the barrier.",
                 "He said the other car was speeding.", day(-20))
    evidence_for_prosecutor(j, charge_rationale="Summary only; dash-cam footage and an "
                                                "independent witness.")
    requisition(j, day(-5), day(-4), day(21))
    witness_statement(j, "Priya Shah", "A witness", day(-29),
                      "A Ford Focus pulled out in front of me from the slip road.",
                      "Eyewitness", "The driver of the other car")
    previous_convictions(j)
    streamlined_disclosure(j)
    cps_details(j)
    all_tasks_done(j)
    submit_and_check(j, case)
    approve_and_send_to_the_cps(j, case, "ds_reid")

    document = sent_dcf_document(case)
    assert defendant_names(document) == ["Tom Hale"]
    assert offence_codes(document) == ["RT88575"]
    assert witness_names(document) == ["Priya Shah"]
    assert values_of(document, "initiation_type") == ["requisition"]
