import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from athena.offences.models import Offence
from tests.offences.conftest import index_row


def _load(*args):
    out, err = StringIO(), StringIO()
    call_command("load_offences", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_loads_the_whole_catalogue_and_again_changes_nothing(db):
    first, _ = _load()
    second, _ = _load()

    assert first == "15352 offences: 15352 added, 0 updated, 0 unchanged\n"
    assert second == "15352 offences: 0 added, 0 updated, 15352 unchanged\n"
    assert Offence.objects.get(cjs_code="TH68010").title == "Theft from a shop"


def test_loads_another_file(db, tmp_path):
    path = tmp_path / "offences.json"
    path.write_text(json.dumps([index_row("TH68010", "CE", "Theft from a shop")]),
                    encoding="utf-8")

    out, _ = _load("--file", str(path))

    assert out == "1 offences: 1 added, 0 updated, 0 unchanged\n"


def test_reads_a_file_with_a_byte_order_mark(db, tmp_path):
    path = tmp_path / "offences.json"
    path.write_text("\ufeff" + json.dumps([index_row("TH68010", "CE", "Theft from a shop")]),
                    encoding="utf-8")

    out, _ = _load("--file", str(path))

    assert out.startswith("1 offences: 1 added")


def test_says_when_the_catalogue_holds_offences_the_file_lacks(db, tmp_path):
    path = tmp_path / "offences.json"
    path.write_text(json.dumps([index_row("TH68010", "CE", "Theft from a shop")]),
                    encoding="utf-8")
    _load("--file", str(path))
    path.write_text(json.dumps([index_row("TH68023", "CI", "Robbery")]), encoding="utf-8")

    out, _ = _load("--file", str(path))

    assert out == ("1 offences: 1 added, 0 updated, 0 unchanged\n"
                   f"1 offences in the catalogue are not in {path}; they were kept.\n")
    assert Offence.objects.count() == 2


def test_a_missing_file_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*missing.json"):
        _load("--file", str(tmp_path / "missing.json"))


@pytest.mark.parametrize("content", [b"not json", b"[{", b"\xff\xfe\x00garbage"])
def test_a_file_that_is_not_json_is_an_error(db, tmp_path, content):
    path = tmp_path / "offences.json"
    path.write_bytes(content)

    with pytest.raises(CommandError, match="is not a JSON file"):
        _load("--file", str(path))


def test_bad_rows_are_each_reported_and_nothing_is_loaded(db, tmp_path):
    path = tmp_path / "offences.json"
    path.write_text(json.dumps([index_row("TH68010", "CE", "Theft from a shop"),
                                {"cjsCode": "TH68023"},
                                index_row("TH68011", "ZZ", "Unknown")]), encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError, match="2 bad offence row"):
        call_command("load_offences", "--file", str(path), stdout=StringIO(), stderr=err)

    assert err.getvalue().splitlines() == [
        "row 2: missing offenceTitle, offenceCategory, recordableOnPnc",
        "row 3: TH68011: unknown offenceCategory 'ZZ'",
    ]
    assert Offence.objects.count() == 0
