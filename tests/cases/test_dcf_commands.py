"""manage.py dcf_validate and dcf_import: their output and exit codes."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.models import CaseFile
from tests.cases.test_dcf_helpers import (  # noqa: F401 - fixtures
    ACCEPTED_EXAMPLES,
    BAD_EXAMPLES,
    EXAMPLES,
    _catalogue_rows,
    dcf_catalogue,
)

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"
ALL = [str(EXAMPLES / name) for name in ACCEPTED_EXAMPLES + BAD_EXAMPLES]


def run(*args):
    out = io.StringIO()
    err = io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue() + str(error), error.returncode
    return out.getvalue(), err.getvalue(), 0


def test_validate_prints_valid_for_each_good_file():
    out, _err, code = run("dcf_validate", *[str(EXAMPLES / n) for n in ACCEPTED_EXAMPLES])

    assert code == 0
    assert out.splitlines() == [f"{EXAMPLES / name}: valid" for name in ACCEPTED_EXAMPLES]


def test_validate_prints_each_fault_and_fails_if_any_file_is_invalid():
    out, err, code = run("dcf_validate", *ALL)

    assert code == 1
    lines = out.splitlines()
    assert sum(line.endswith(": valid") for line in lines) == len(ACCEPTED_EXAMPLES)
    example_12 = str(EXAMPLES / "first-hearing-example-12-invalid-ilegal-field.json")
    assert (f"{example_12}: case.i_should_not_be_here [additionalProperties] The case has a "
            "field the DCF does not allow: 'i_should_not_be_here'. Remove it, or check its "
            "spelling.") in lines
    example_3 = str(EXAMPLES / "first-hearing-example-3-invalid-missing-fields.json")
    assert any(line.startswith(f"{example_3}: case.defendants[0].accepts_drugs_result "
                               "[dcf.accepts_drugs_result] Defendant 1:") for line in lines)
    example_5 = str(EXAMPLES / "first-hearing-example-5-invalid-ngap-violation-when-gap.json")
    assert any(line.startswith(f"{example_5}: case.witnesses[0].witness.special_measures "
                               "[dcf.ngap_only.special_measures]") for line in lines)
    assert "3 of 8 files not valid." in err


def test_a_missing_file_is_a_fault_not_a_traceback(tmp_path):
    missing = tmp_path / "nowhere.json"

    out, _err, code = run("dcf_validate", str(missing))

    assert code == 1
    assert out == (f"{missing}: - [file.unreadable] The file cannot be read: No such file or "
                   "directory.\n")


def test_a_directory_and_a_hostile_file_are_faults_too(tmp_path):
    hostile = tmp_path / "deep.json"
    hostile.write_bytes(b"[" * 10_000)

    out, _err, code = run("dcf_validate", str(tmp_path), str(hostile))

    assert code == 1
    assert f"{tmp_path}: - [file.unreadable]" in out
    assert f"{hostile}: - [file.depth]" in out


def test_the_exit_code_reaches_the_shell(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{")

    result = subprocess.run([sys.executable, str(MANAGE), "dcf_validate", str(bad)],  # noqa: S603
                            capture_output=True, text=True, timeout=60, check=False,
                            cwd=MANAGE.parent)

    assert result.returncode == 1
    assert f"{bad}: - [file.json] The file ends too soon" in result.stdout


@pytest.mark.django_db
@pytest.mark.usefixtures("dcf_catalogue")
def test_import_prints_the_new_urn(officer):
    out, _err, code = run("dcf_import", str(EXAMPLES / ACCEPTED_EXAMPLES[0]), "--as",
                          officer.username)

    assert code == 0
    case = CaseFile.objects.get()
    assert out == f"{case.urn}\n"
    assert case.officer_in_case == officer


@pytest.mark.django_db
@pytest.mark.usefixtures("dcf_catalogue")
def test_import_of_an_invalid_file_prints_its_faults_and_imports_nothing(officer):
    name = str(EXAMPLES / "first-hearing-example-12-invalid-ilegal-field.json")

    out, err, code = run("dcf_import", name, "--as", officer.username)

    assert code == 1 and out == ""
    assert f"{name}: case.i_should_not_be_here [additionalProperties]" in err
    assert "not imported (1 problem)" in err
    assert not CaseFile.objects.exists()


@pytest.mark.django_db
def test_import_needs_a_user_who_may_start_files(officer, analyst):
    _out, err, code = run("dcf_import", str(EXAMPLES / ACCEPTED_EXAMPLES[0]), "--as", "nobody")
    assert code == 1 and "No active user is called 'nobody'" in err

    _out, err, code = run("dcf_import", str(EXAMPLES / ACCEPTED_EXAMPLES[0]), "--as",
                          analyst.username)
    assert code == 1 and "may not start case files" in err


@pytest.mark.django_db
def test_import_of_a_missing_file_says_so(officer, tmp_path):
    _out, err, code = run("dcf_import", str(tmp_path / "gone.json"), "--as", officer.username)

    assert code == 1 and "the file cannot be read: No such file or directory" in err


def test_validate_prints_one_line_per_problem_of_the_rules_across_a_file():
    own = EXAMPLES.parent / "own-examples"
    files = [own / "youth-with-an-adult-valid.json", own / "reference-property-id-twice.json",
             EXAMPLES / "more" / "first-hearing-example-10-invalid-single-defendant-youth.json"]

    out, err, code = run("dcf_validate", *map(str, files))

    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{files[0]}: valid"
    assert [line.split(" [")[1].split("]")[0] for line in lines[1:]] == [
        "dcf.reference.property", "dcf.duplicate_id.property", "dcf.youth.no_adult"]
    assert lines[1].startswith(f"{files[1]}: case.defendants[0].offences[0]."
                               "retail_theft_offences[0].property_ids[1] [dcf.reference.property] "
                               "Defendant 1, retail theft offence 1: the offence is of property "
                               "number 2")
    assert "2 of 3 files not valid." in err
