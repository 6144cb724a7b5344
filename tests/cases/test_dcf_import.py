"""Importing a DCF as a new case file, and exporting it again.

Round trip: for each accepted example (and the synthetic documents), import and then
export. The exported document must pass the schema and business rules, and must equal
the original as JSON (``carry.same``): every key and value, lists in order, ``true`` not
``1``; only the order of keys within an object may differ (the export writes them in the
schema's order). Nothing is normalised, not even the case of a CJS code: the facts our
model holds approximately (a first-hearing date for a date and time, a court name for its
organisation unit, a catalogue title for the PNLD title) come back as they came while the
officer has not changed them.
"""

import copy
import json

import pytest
from django.db import connection
from django.utils import timezone

from athena.audit.models import AuditEvent
from athena.jobs.models import Job
from athena.people.models import Person
from cases.constants import BailStatus, CaseBegins, Marker, Plea, Venue
from cases.dcf.carry import same
from cases.dcf.export import dcf_export
from cases.dcf.importer import DcfImportRefused, dcf_import, dcf_import_file
from cases.dcf.validate import dcf_problems
from cases.models import (
    CaseEvent,
    CaseEventKind,
    CaseFile,
    CaseSection,
    ChargedOffence,
    Participant,
    SectionItem,
    Suspect,
)
from cases.parties.services import (
    charged_offence_update,
    participant_add,
    participant_remove,
)
from cases.sections import SectionKind
from cases.selectors import case_get
from cases.services import section_save
from tests.cases.test_dcf_helpers import (  # noqa: F401 - fixtures
    ACCEPTED_EXAMPLES,
    BAD_EXAMPLES,
    _catalogue_rows,
    assault_case,
    dcf_catalogue,
    example,
    example_bytes,
    two_defendant_case,
    varied_case,
    with_change,
)
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.usefixtures("dcf_catalogue")

FIRST = "first-hearing-example-1-valid-single-defendant.json"
SCENARIO_2 = "first-hearing-scenario-2-retail-theft-gap.json"
SYNTHETIC = {"assault_and_theft": assault_case, "two_defendants": two_defendant_case,
             "varied": varied_case}


def imported(officer, document):
    case = dcf_import(acting_user=officer, document=copy.deepcopy(document))
    return case_get(pk=case.pk)


def exported_again(case):
    return json.loads(json.dumps(dcf_export(case_get(pk=case.pk))))


def nothing_imported():
    return not (CaseFile.objects.exists() or Suspect.objects.exists()
                or Person.objects.exists() or Participant.objects.exists()
                or CaseSection.objects.exists() or CaseEvent.objects.exists())


# --- Round trip -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ACCEPTED_EXAMPLES)
def test_an_accepted_example_imports_and_exports_as_the_same_valid_document(officer, name):
    original = example(name)

    case = imported(officer, original)
    again = exported_again(case)

    assert dcf_problems(again) == []
    assert same(again, original)


@pytest.mark.parametrize("build", sorted(SYNTHETIC))
def test_other_documents_make_the_round_trip_too(officer, build):
    original = SYNTHETIC[build]()

    again = exported_again(imported(officer, original))

    assert dcf_problems(again) == []
    assert same(again, original)


def test_the_round_trip_is_recorded_as_exact(officer):
    case = imported(officer, example(FIRST))

    event = CaseEvent.objects.get(case=case, kind=CaseEventKind.IMPORTED)

    assert event.details["exact_round_trip"] is True
    assert event.actor == officer


def test_export_writes_keys_in_the_schemas_order(officer):
    again = exported_again(imported(officer, example(FIRST)))

    assert list(again) == ["schema_version", "case"]
    assert list(again["case"])[:4] == ["pti_urn", "type", "associated_case_urns", "version"]


# --- What the file holds after an import --------------------------------------------------

def test_the_import_fills_our_model(officer):
    case = imported(officer, example(SCENARIO_2))

    assert case.officer_in_case == officer and case.force == officer.force
    assert case.urn.startswith(officer.force.code)
    assert case.bail_status == BailStatus.UNCONDITIONAL_BAIL
    assert case.case_begins == CaseBegins.CHARGE
    assert case.likely_venue == Venue.MAGISTRATES
    assert case.arrested_at.isoformat() == "2015-09-07T09:02:00+00:00"
    assert str(case.loss_value) == "12.07"
    suspect = case.suspects.get()
    assert (suspect.person.surname, suspect.person.forenames,
            suspect.person.date_of_birth.isoformat()) == ("Marshall", "Brian", "1989-12-14")
    charged = suspect.offences.get()
    assert (charged.offence.cjs_code, charged.anticipated_plea, str(charged.offence_date)) == (
        "TH68010", Plea.GUILTY, "2014-09-07")
    assert charged.wording.startswith("On Monday 7th September 2015 at Anytown, stole")
    participants = {(p.role, p.name) for p in case.participants.all()}
    assert participants == {("witness", "Sheila Andrews"), ("victim", "TESCO, Anytown")}
    sections = {s.kind: s.data for s in case.sections.all()}
    assert sections[SectionKind.CASE_SUMMARY]["interview_type"] == "full_account"
    assert sections[SectionKind.CASE_SUMMARY]["summary"].startswith("Witness ANDREWS")
    assert sections[SectionKind.CHARGES]["first_hearing_date"] == "2015-09-20"
    assert sections[SectionKind.CHARGES]["court"] == (
        "Magistrates' Courts, London, Barking (East Street), A")
    assert sections[SectionKind.PREVIOUS_CONVICTIONS] == {"pnc_check_performed": "yes"}
    exhibit = SectionItem.objects.get(section__case=case)
    assert exhibit.data == {"reference": "CLR1", "description": (
        "MARSHALL taking and consuming a half bottle of scotch and a banana at 00:00:30.")}


def test_markers_remand_and_interview_of_another_document(officer):
    case = imported(officer, two_defendant_case())

    assert set(case.markers) == {Marker.HATE_CRIME, Marker.OLDER_VICTIM}
    assert case.bail_status == BailStatus.REMAND  # the second defendant is in custody
    assert [s.person.surname for s in case.suspects.all()] == ["Oakes", "Birch"]
    first, second = case.suspects.all()
    assert [(c.offence.cjs_code, c.anticipated_plea) for c in first.offences.all()] == [
        ("CJ88116", Plea.NOT_GUILTY), ("TH68001", Plea.NOT_GUILTY)]
    assert [(c.offence.cjs_code, c.anticipated_plea) for c in second.offences.all()] == [
        ("CJ88001", Plea.GUILTY)]
    summary = case.sections.get(kind=SectionKind.CASE_SUMMARY).data
    assert summary["interview_type"] == "no_comment"
    assert summary["questions_asked"] == "Did you hit her? Did you take the phone?"
    victim = case.participants.get(role="victim")
    assert (victim.name, victim.under_18) == ("Robin Vale", False)


def test_shapes_the_samples_do_not_show(officer):
    case = imported(officer, varied_case())

    assert case.case_begins == CaseBegins.POSTAL_REQUISITION  # a summons: not by charge
    assert case.arrested_at is None
    assert str(case.loss_value) == "380.50"
    assert {(p.role, p.name) for p in case.participants.all()} == {
        ("victim", "Robin Vale"), ("witness", "Sam Hale"), ("witness", "Forensic Lab Ltd"),
        ("victim", "Bus Co Ltd")}
    # The recording whose reference is too long for an exhibit goes back as it came.
    assert [item.data["reference"] for item in SectionItem.objects.all()] == ["BWV/1"]
    assault = ChargedOffence.objects.get(offence__cjs_code="CJ88116")
    assert (assault.anticipated_plea, assault.offence_date, assault.wording) == (
        Plea.NOT_KNOWN, None, "")


def test_a_suspect_already_on_the_index_is_reused(officer):
    existing = PersonFactory(surname="MARSHALL", forenames="brian",
                             date_of_birth=timezone.datetime(1989, 12, 14).date())

    case = imported(officer, example(SCENARIO_2))

    assert case.suspects.get().person == existing
    assert Person.objects.count() == 1


def test_a_namesake_with_another_date_of_birth_is_a_new_person(officer):
    PersonFactory(surname="Marshall", forenames="Brian",
                  date_of_birth=timezone.datetime(1989, 12, 15).date())

    imported(officer, example(SCENARIO_2))

    assert Person.objects.filter(surname="Marshall").count() == 2


def test_the_import_is_audited_and_queues_no_import_work_itself(officer):
    case = imported(officer, example(FIRST))

    audit = AuditEvent.objects.get(action="cases.case.imported")
    assert audit.object_id == str(case.pk)
    assert "Smith" not in json.dumps(audit.details)  # ids and counts, no personal data
    assert not Job.objects.filter(kind="cases.dcf.import").exists()


# --- Refused imports leave nothing behind ---------------------------------------------------

@pytest.mark.parametrize("name", BAD_EXAMPLES)
def test_an_invalid_example_is_refused_and_nothing_is_imported(officer, name):
    with pytest.raises(DcfImportRefused) as refused:
        dcf_import(acting_user=officer, document=example(name))

    assert refused.value.problems
    assert nothing_imported()


def test_an_offence_not_in_the_catalogue_is_a_problem_not_a_crash(officer):
    document = with_change(assault_case(), lambda d: d["case"]["defendants"][0]["offences"][1][
        "generic_offences"][0].update(cjs_offence_code="zz99999"))

    with pytest.raises(DcfImportRefused) as refused:
        dcf_import(acting_user=officer, document=document)

    [problem] = refused.value.problems
    assert problem.path == ("case.defendants[0].offences[1].generic_offences[0]."
                            "cjs_offence_code")
    assert problem.message == ("Defendant 1, offence group 2, generic offence 1: the CJS "
                               "offence code 'zz99999' is not in the offence catalogue, so "
                               "the offence cannot be charged here.")
    assert nothing_imported()


def test_codes_are_looked_up_whatever_their_case(officer):
    document = with_change(assault_case(), lambda d: d["case"]["defendants"][0]["offences"][1][
        "generic_offences"][0].update(cjs_offence_code="Th68001"))

    case = imported(officer, document)

    assert ChargedOffence.objects.filter(suspect__case=case,
                                         offence__cjs_code="TH68001").exists()
    assert same(exported_again(case), document)


def test_a_failure_half_way_rolls_everything_back(officer, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("cases.dcf.importer.services.section_item_save", fail)

    with pytest.raises(RuntimeError):
        dcf_import(acting_user=officer, document=example(SCENARIO_2))

    assert nothing_imported()


def test_a_name_longer_than_the_index_holds_is_refused(officer):
    document = with_change(example(FIRST), lambda d: d["case"]["defendants"][0]["name"].update(
        surname="S" * 101))

    with pytest.raises(DcfImportRefused) as refused:
        dcf_import(acting_user=officer, document=document)

    assert refused.value.problems[0].message == (
        "Defendant 1, name: the surname is 101 characters long; Athena holds at most 100.")
    assert nothing_imported()


def test_an_unvalidated_second_defendant_without_a_name_is_refused(officer):
    # The schema checks only the first defendant (its "items" is a one-entry array).
    document = with_change(example("first-hearing-example-9-valid-two-defendants.json"),
                           lambda d: d["case"]["defendants"][1].update(name="Jones"))
    assert dcf_problems(document) == []

    with pytest.raises(DcfImportRefused) as refused:
        dcf_import(acting_user=officer, document=document)

    assert refused.value.problems[0].path == "case.defendants[1].name"
    assert nothing_imported()


def test_the_same_person_twice_is_refused(officer):
    document = with_change(example("first-hearing-example-9-valid-two-defendants.json"),
                           lambda d: d["case"]["defendants"][1].update(
                               name=d["case"]["defendants"][0]["name"]))

    with pytest.raises(DcfImportRefused) as refused:
        dcf_import(acting_user=officer, document=document)

    assert "Defendants 1 and 2 have the same name and date of birth" in (
        refused.value.problems[0].message)


def test_a_huge_description_is_refused_with_the_limit(officer):
    document = with_change(example(FIRST), lambda d: d["case"].update(
        brief_description_of_case="x" * 30_000))

    with pytest.raises(DcfImportRefused) as refused:
        dcf_import(acting_user=officer, document=document)

    assert refused.value.problems[0].message == (
        "The summary of the key evidence would be 30,000 characters long; Athena holds at "
        "most 20,000.")


@pytest.mark.parametrize("raw", [
    b"not json", b'{"schema_version": "1.2.2", "case": {', "\ufeff{}".encode("utf-16"),
    b"[" * 10_000, b"[]", b'{"schema_version": "2.0", "case": {}}',
    b'{"schema_version": "1.2.2", "case": {"brief_description_of_case": "a\\u0000b"}}',
])
def test_hostile_files_give_problems_and_import_nothing(officer, raw):
    case, problems = dcf_import_file(acting_user=officer, source=raw)

    assert case is None and problems
    assert nothing_imported()


def test_a_50_mb_file_imports_nothing(officer):
    raw = example_bytes(FIRST) + b" " * (50 * 1024 * 1024)

    case, problems = dcf_import_file(acting_user=officer, source=raw)

    assert case is None and [p.rule for p in problems] == ["file.size"]
    assert nothing_imported()


def test_an_officer_of_no_force_cannot_import(officer):
    officer.force = None

    with pytest.raises(DcfImportRefused) as refused:
        dcf_import(acting_user=officer, document=example(FIRST))

    assert refused.value.problems[0].message.startswith("Your account belongs to no force")


# --- Edits after the import win over what came -------------------------------------------

def test_a_changed_plea_is_exported_and_the_rest_kept(officer):
    original = assault_case()
    case = imported(officer, original)
    charged = ChargedOffence.objects.filter(suspect__case=case).order_by("pk").first()

    charged_offence_update(acting_user=officer, case=case, charged=charged,
                           anticipated_plea=Plea.GUILTY)
    again = exported_again(case)

    offence = again["case"]["defendants"][0]["offences"][0]["assault_offences"][0]
    assert offence["offence"]["anticipated_plea"] == "guilty"
    expected = copy.deepcopy(original)
    expected["case"]["defendants"][0]["offences"][0]["assault_offences"][0]["offence"][
        "anticipated_plea"] = "guilty"
    assert same(again, expected)


def test_a_changed_court_drops_the_imported_court_unit_and_says_where_to_fix_it(officer):
    case = imported(officer, example(FIRST))
    charges = case.sections.get(kind=SectionKind.CHARGES)

    section_save(acting_user=officer, case=case, kind=SectionKind.CHARGES,
                 data={**charges.data, "court": "Chelmsford Magistrates' Court"},
                 expected_version=charges.version)
    problems = dcf_problems(exported_again(case))

    assert [(p.path, p.section_kind, p.field) for p in problems] == [
        ("case.defendants[0].first_hearing_location", SectionKind.CHARGES, "court")]


def test_a_removed_witness_is_not_exported_and_an_added_one_is(officer):
    case = imported(officer, example(SCENARIO_2))
    andrews = case.participants.get(name="Sheila Andrews")

    participant_remove(acting_user=officer, case=case, participant=andrews)
    participant_add(acting_user=officer, case=case, role="witness", name="Pat Quinn")
    witnesses = exported_again(case)["case"]["witnesses"]

    assert [w["type"] for w in witnesses] == ["OrganisationVictim", "StatementWitness"]
    assert witnesses[1]["name"] == {"type": "PersonName", "surname": "Quinn",
                                    "given_name": ["Pat"]}


def test_a_corrected_name_on_the_index_is_exported(officer):
    case = imported(officer, example(SCENARIO_2))
    Person.objects.filter(pk=case.suspects.get().person_id).update(forenames="Brian Paul")

    name = exported_again(case)["case"]["defendants"][0]["name"]

    assert name == {"type": "PersonName", "surname": "Marshall",
                    "given_name": ["Brian", "Paul"]}


def test_a_changed_marker_is_exported(officer):
    case = imported(officer, assault_case())
    CaseFile.objects.filter(pk=case.pk).update(markers=[Marker.DOMESTIC_ABUSE])

    markers = exported_again(case)["case"]["case_markers"]

    assert markers == ["DomesticViolence"]


# --- A file made here (nothing carried) -----------------------------------------------------

def test_a_file_made_here_exports_only_what_it_holds(officer, shoplift_case):
    section_save(acting_user=officer, case=shoplift_case, kind=SectionKind.CASE_SUMMARY,
                 data={"summary": "Took two bottles of gin.", "interview_type": "no_comment"},
                 expected_version=0)

    document = exported_again(shoplift_case)

    body = document["case"]
    assert document["schema_version"] == "1.2.2"
    assert body["pti_urn"] == shoplift_case.urn and body["type"] == "FirstHearingDCF"
    assert body["brief_description_of_case"] == "Took two bottles of gin."
    defendant = body["defendants"][0]
    assert defendant["person_remand_status"] == "unconditional_bail"
    assert defendant["interview"] == {"type": "StandardInterview", "no_comment_response": True}
    assert defendant["offences"] == [{"type": "RetailTheftOffences", "retail_theft_offences": [{
        "type": "RetailTheftOffence", "cjs_offence_code": "th68010",
        "offence": {"type": "Offence", "offence_title": "Theft from a shop",
                    "anticipated_plea": "guilty"}}]}]
    assert "test_code" not in body and "expert_evidence" not in body  # never invented


def test_a_file_made_here_is_told_what_it_lacks_at_our_sections(officer, shoplift_case):
    problems = dcf_problems(exported_again(shoplift_case))

    places = {(p.path, p.rule): (p.section_kind, p.field) for p in problems}
    assert places[("case.brief_description_of_case", "required")] == (
        SectionKind.CASE_SUMMARY, "summary")
    assert places[("case.defendants[0].first_hearing_datetime", "required")] == (
        SectionKind.CHARGES, "first_hearing_date")
    assert places[("case.defendants[0].offences[0].retail_theft_offences[0].offence."
                   "charge_date", "required")] == (SectionKind.CHARGES, "charge_date")
    assert all("is not valid under" not in p.message for p in problems)


def test_the_export_reads_a_fixed_number_of_queries(officer, django_assert_max_num_queries):
    case = imported(officer, two_defendant_case())
    loaded = case_get(pk=case.pk)

    with django_assert_max_num_queries(8):
        dcf_export(loaded)


def test_import_uses_a_bounded_number_of_queries_per_offence(officer):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        imported(officer, example(FIRST))

    assert len(queries) < 250
