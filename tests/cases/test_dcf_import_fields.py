"""A DCF import holds a person's details to the rules of the forms an officer types them
into (athena/people/forms.py for a defendant, the victim and witness form for the rest):
a name or date of birth those forms refuse is a problem naming the DCF path, and nothing
is imported."""

import io
import json
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

import cases.dcf.tasks  # noqa: F401 - registers the import job's handler, as the app will
from athena.jobs.models import Job
from athena.jobs.tasks import run_job
from athena.people.models import Person
from cases.dcf import uploads
from cases.dcf.importer import dcf_import_file
from cases.models import CaseFile, Participant
from tests.cases.test_dcf_helpers import (  # noqa: F401 - fixtures
    _catalogue_rows,
    dcf_catalogue,
    example,
    with_change,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dcf_catalogue")]

FIRST = "first-hearing-example-1-valid-single-defendant.json"
LETTERS_ONLY = "must only include letters, spaces, hyphens and apostrophes"


def defendant_named(**name):
    return with_change(example(FIRST), lambda d: d["case"]["defendants"][0]["name"].update(
        **name))


def as_file(document):
    return json.dumps(document).encode()


def refused(officer, document):
    case, problems = dcf_import_file(acting_user=officer, source=as_file(document))
    assert case is None
    assert not (CaseFile.objects.exists() or Person.objects.exists()
                or Participant.objects.exists())
    return [(problem.path, problem.message) for problem in problems]


@pytest.mark.parametrize(("surname", "said"), [
    ("Sm1th", f"surname {LETTERS_ONLY} (it is 'Sm1th')."),
    ("Smi\x07th", f"surname {LETTERS_ONLY} (it is 'Smi\\x07th')."),
    ("Smith\u202e", f"surname {LETTERS_ONLY} (it is 'Smith\\u202e')."),
    ("S" * 5000, "the surname is 5,000 characters long; Athena holds at most 100."),
])
def test_a_defendant_surname_the_person_form_refuses_is_refused(officer, surname, said):
    assert refused(officer, defendant_named(surname=surname)) == [
        ("case.defendants[0].name.surname", f"Defendant 1, name: {said}")]


def test_a_given_name_with_digits_is_refused(officer):
    assert refused(officer, defendant_named(given_name=["J0hn"])) == [
        ("case.defendants[0].name.given_name",
         f"Defendant 1, name: forenames {LETTERS_ONLY} (it is 'J0hn').")]


def test_names_of_any_alphabet_with_hyphens_and_apostrophes_are_imported(officer):
    document = defendant_named(surname="Ó'Brien-Łukasiewicz", given_name=["Zoë", "Anne"])

    case, problems = dcf_import_file(acting_user=officer, source=as_file(document))

    assert problems == []
    person = case.suspects.get().person
    assert (person.surname, person.forenames) == ("Ó'Brien-Łukasiewicz", "Zoë Anne")


@pytest.mark.parametrize(("born", "said"), [
    ("2990-01-01", "date of birth must be today or in the past (it is '2990-01-01')."),
    ("1850-01-01", "date of birth must be in 1900 or later (it is '1850-01-01')."),
    ("1990-02-30", "date of birth must be a real date (it is '1990-02-30')."),
])
def test_a_date_of_birth_the_person_form_refuses_is_refused(officer, born, said):
    document = with_change(example(FIRST), lambda d: d["case"]["defendants"][0].update(
        date_of_birth=born))

    problems = refused(officer, document)

    assert ("case.defendants[0].date_of_birth", f"Defendant 1: {said}") in problems


def test_a_witness_name_with_digits_is_refused(officer):
    document = with_change(example(FIRST), lambda d: d["case"]["witnesses"][0][
        "name"].update(surname="J0nes"))

    assert refused(officer, document) == [
        ("case.witnesses[0].name",
         f"Witness 1: name {LETTERS_ONLY} (it is 'Jennie Claire J0nes').")]


def test_a_witness_born_in_the_future_is_refused(officer):
    document = with_change(example(FIRST), lambda d: d["case"]["witnesses"][0].update(
        date_of_birth="2990-01-01T00:00Z"))

    assert ("case.witnesses[0].date_of_birth",
            "Witness 1: date of birth must be today or in the past (it is '2990-01-01').") in (
        refused(officer, document))


def test_an_organisation_victim_keeps_its_commas_but_not_control_characters(officer):
    victim = {"type": "OrganisationName", "organisation_name": "TESCO, Anytown\x1b[2J"}
    document = with_change(example("first-hearing-scenario-2-retail-theft-gap.json"),
                           lambda d: d["case"]["witnesses"][1].update(name=victim))

    assert refused(officer, document) == [
        ("case.witnesses[1].name",
         "Witness 2: the organisation's name must only include printable characters (it is "
         "'TESCO, Anytown\\x1b[2J').")]


# --- Through the doors officers use -----------------------------------------------------

def test_the_upload_page_shows_the_refused_name_and_its_path(officer_client):
    content = as_file(defendant_named(surname="Sm1th"))
    with mock.patch("athena.jobs.services.job_send"):
        response = officer_client.post(reverse("cases:dcf_import"), {
            "file": SimpleUploadedFile("case.json", content, "application/json")})
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]

    job = Job.objects.get(kind=uploads.DCF_IMPORT_JOB, object_id=token)
    assert run_job(job.pk) == "done"

    page = officer_client.get(reverse("cases:dcf_import_progress", args=[token]))
    assert page.status_code == 200
    assert b"The file was not imported" in page.content
    assert f"surname {LETTERS_ONLY}".encode() in page.content
    assert b"case.defendants[0].name.surname" in page.content
    assert not CaseFile.objects.exists()


def test_the_import_command_prints_the_refused_name_and_imports_nothing(officer, tmp_path):
    path = tmp_path / "case.json"
    path.write_bytes(as_file(defendant_named(given_name=["Jo\x01hn"])))
    err = io.StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("dcf_import", str(path), "--as", officer.username, stderr=err)

    assert "not imported (1 problem)" in str(failed.value)
    assert "case.defendants[0].name.given_name" in err.getvalue()
    assert LETTERS_ONLY in err.getvalue()
    assert not CaseFile.objects.exists()
