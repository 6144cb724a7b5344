import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from athena.audit.models import AuditEvent
from athena.offences.models import ModeOfTrial, Offence
from athena.offences.services import LoadResult, OffenceDataError, offences_load
from tests.offences.conftest import index_row

WRITES = ("INSERT", "UPDATE", "DELETE")


def _writes(queries):
    return [query["sql"] for query in queries
            if query["sql"].lstrip().upper().startswith(WRITES)
            and "audit" not in query["sql"]]


def test_loading_the_cjs_index_adds_every_offence(db, index_rows):
    result = offences_load(rows=index_rows)

    assert result == LoadResult(added=15352, updated=0, unchanged=0)
    assert str(result) == "15352 offences: 15352 added, 0 updated, 0 unchanged"
    assert Offence.objects.count() == 15352


def test_loaded_offences_are_as_the_index_says(full_catalogue):
    expected = {
        "TH68010": ("Theft from a shop", "CE", ModeOfTrial.EITHER_WAY, True),
        "TH68010C": ("Conspire to steal from a shop", "CI", ModeOfTrial.INDICTABLE_ONLY, True),
        "CJ88116": ("Assault by beating", "CS", ModeOfTrial.SUMMARY_ONLY, True),
        "RT88333": ("Drive whilst disqualified", "CM", ModeOfTrial.SUMMARY_ONLY, True),
        "TH68023": ("Robbery", "CI", ModeOfTrial.INDICTABLE_ONLY, True),
        "AE71501": ("Complaint for Attachment of Earnings Order", "VP",
                    ModeOfTrial.NOT_CRIMINAL, False),
    }
    loaded = Offence.objects.filter(cjs_code__in=expected).values_list(
        "cjs_code", "title", "category", "mode_of_trial", "recordable_on_pnc")

    assert {code: tuple(values) for code, *values in loaded} == expected


def test_every_loaded_offence_has_the_mode_of_trial_of_its_category(full_catalogue):
    modes = set(Offence.objects.values_list("category", "mode_of_trial").distinct())

    assert modes == {("CS", "summary_only"), ("CM", "summary_only"), ("CE", "either_way"),
                     ("CI", "indictable_only"), ("VP", "not_criminal"), ("CR", "not_criminal"),
                     ("CB", "not_criminal"), ("EF", "not_criminal"), ("EM", "not_criminal"),
                     ("EX", "not_criminal")}


def test_loading_the_cjs_index_again_changes_nothing(full_catalogue, index_rows):
    events_before = AuditEvent.objects.count()

    with CaptureQueriesContext(connection) as queries:
        result = offences_load(rows=index_rows)

    assert str(result) == "15352 offences: 0 added, 0 updated, 15352 unchanged"
    assert _writes(queries.captured_queries) == []
    assert AuditEvent.objects.count() == events_before


def test_a_changed_title_updates_only_that_offence(full_catalogue, index_rows):
    shop_theft = Offence.objects.get(cjs_code="TH68010")
    robbery_before = Offence.objects.get(cjs_code="TH68023")
    for row in index_rows:
        if row["cjsCode"] == "TH68010":
            row["offenceTitle"] = "Theft from a shop (amended)"

    with CaptureQueriesContext(connection) as queries:
        result = offences_load(rows=index_rows)

    assert result == LoadResult(added=0, updated=1, unchanged=15351)
    [update] = _writes(queries.captured_queries)
    assert update.upper().startswith("UPDATE")
    assert update.rstrip(")").endswith(f"({shop_theft.pk}")
    assert "title" in update
    assert "category" not in update
    assert "recordable_on_pnc" not in update
    shop_theft.refresh_from_db()
    assert shop_theft.title == "Theft from a shop (amended)"
    assert Offence.objects.get(cjs_code="TH68023").title == robbery_before.title


def test_a_changed_category_changes_the_mode_of_trial(sample_catalogue, sample_rows):
    for row in sample_rows:
        if row["cjsCode"] == "CJ88116":
            row["offenceCategory"] = "CE"

    result = offences_load(rows=sample_rows)

    assert (result.updated, result.unchanged) == (1, len(sample_rows) - 1)
    offence = Offence.objects.get(cjs_code="CJ88116")
    assert (offence.category, offence.mode_of_trial) == ("CE", ModeOfTrial.EITHER_WAY)


def test_a_changed_pnc_flag_is_an_update(sample_catalogue, sample_rows):
    sample_rows[0]["recordableOnPnc"] = True

    result = offences_load(rows=sample_rows)

    assert result.updated == 1
    assert Offence.objects.get(cjs_code=sample_rows[0]["cjsCode"]).recordable_on_pnc is True


def test_new_offences_are_added_beside_the_existing(sample_catalogue, sample_rows):
    sample_rows.append(index_row("TH68001", "CE", "Theft by an employee"))

    result = offences_load(rows=sample_rows)

    assert result == LoadResult(added=1, updated=0, unchanged=len(sample_rows) - 1)
    assert Offence.objects.filter(cjs_code="TH68001").exists()


def test_offences_missing_from_the_input_are_kept_and_counted(sample_catalogue, sample_rows):
    result = offences_load(rows=sample_rows[:3])

    assert result == LoadResult(added=0, updated=0, unchanged=3,
                                not_in_input=len(sample_rows) - 3)
    assert Offence.objects.count() == len(sample_rows)


def test_codes_and_titles_are_trimmed(db):
    offences_load(rows=[index_row(" TH68010 ", "CE", "  Theft from a shop ")])

    assert Offence.objects.get(cjs_code="TH68010").title == "Theft from a shop"
    assert offences_load(rows=[index_row("TH68010", "CE", "Theft from a shop")]).unchanged == 1


def test_keys_other_than_the_four_are_ignored(db):
    row = index_row("TH68010", "CE", "Theft from a shop") | {"dvlaCode": "", "notes": [1]}

    assert offences_load(rows=[row]).added == 1


def test_a_load_that_changes_the_catalogue_is_audited(db, sample_rows, administrator):
    offences_load(rows=sample_rows, acting_user=administrator)

    event = AuditEvent.objects.get(action="offences.catalogue.loaded")
    assert event.actor == administrator
    assert event.object_type == "offences.offence"
    assert event.details == {"added": len(sample_rows), "updated": 0, "unchanged": 0,
                             "updated_codes": []}


def test_the_audit_event_names_the_updated_codes(sample_catalogue, sample_rows):
    sample_rows[-1]["offenceTitle"] = "Robbery (amended)"

    offences_load(rows=sample_rows)

    event = AuditEvent.objects.filter(action="offences.catalogue.loaded").first()
    assert event.actor is None
    assert event.details["updated_codes"] == ["TH68023"]


def test_a_load_that_changes_nothing_is_not_audited(sample_catalogue, sample_rows):
    events_before = AuditEvent.objects.count()

    offences_load(rows=sample_rows)

    assert AuditEvent.objects.count() == events_before


def test_an_empty_input_changes_nothing(sample_catalogue, sample_rows):
    result = offences_load(rows=[])

    assert result == LoadResult(added=0, updated=0, unchanged=0,
                                not_in_input=len(sample_rows))


GOOD = {"cjsCode": "TH68010", "offenceCategory": "CE", "offenceTitle": "Theft from a shop",
        "recordableOnPnc": True}


@pytest.mark.parametrize(("row", "problem"), [
    (["TH68010", "CE"], "row 2: expected an object with cjsCode, offenceTitle"),
    ("TH68010", "row 2: expected an object"),
    (None, "row 2: expected an object"),
    ({"cjsCode": "TH68023"}, "row 2: missing offenceTitle, offenceCategory, recordableOnPnc"),
    ({**GOOD, "cjsCode": ""}, "row 2: cjsCode '' is not a CJS offence code"),
    ({**GOOD, "cjsCode": None}, "row 2: cjsCode None is not a CJS offence code"),
    ({**GOOD, "cjsCode": "th68023"}, "row 2: cjsCode 'th68023' is not a CJS offence code"),
    ({**GOOD, "cjsCode": "TH680231"}, "is not a CJS offence code"),
    ({**GOOD, "cjsCode": "TH68023X"}, "is not a CJS offence code"),
    ({**GOOD, "cjsCode": "X" * 20000}, "row 2: cjsCode 'XXXXXXXX"),
    ({**GOOD, "cjsCode": "TH68023", "offenceTitle": "  "}, "row 2: TH68023: offenceTitle"),
    ({**GOOD, "cjsCode": "TH68023", "offenceTitle": 7}, "TH68023: offenceTitle 7 is not a"),
    ({**GOOD, "cjsCode": "TH68023", "offenceTitle": "R" * 256},
     "TH68023: offenceTitle is longer than 255 characters"),
    ({**GOOD, "cjsCode": "TH68023", "offenceTitle": "Rob\x00bery"},
     "TH68023: offenceTitle contains control characters"),
    ({**GOOD, "cjsCode": "TH68023", "offenceTitle": "Rob\ud800bery"},
     "TH68023: offenceTitle contains control characters"),
    ({**GOOD, "cjsCode": "TH68023", "offenceCategory": "ZZ"},
     "row 2: TH68023: unknown offenceCategory 'ZZ'"),
    ({**GOOD, "cjsCode": "TH68023", "offenceCategory": ["CE"]},
     "TH68023: unknown offenceCategory ['CE']"),
    ({**GOOD, "cjsCode": "TH68023", "recordableOnPnc": "yes"},
     "row 2: TH68023: recordableOnPnc 'yes' is not true or false"),
    ({**GOOD, "cjsCode": "TH68023", "recordableOnPnc": 1}, "recordableOnPnc 1 is not"),
    (GOOD, "row 2: TH68010 repeats row 1"),
])
def test_a_bad_row_stops_the_load_and_nothing_is_written(db, row, problem):
    with pytest.raises(OffenceDataError) as raised:
        offences_load(rows=[GOOD, row, {**GOOD, "cjsCode": "CJ88116"}])

    [reported] = raised.value.problems
    assert reported.startswith(problem) or problem in reported
    assert "1 bad offence row(s), nothing loaded" in str(raised.value)
    assert Offence.objects.count() == 0


def test_every_bad_row_is_reported(db):
    rows = [{**GOOD, "cjsCode": f"bad{number}"} for number in range(15)]

    with pytest.raises(OffenceDataError) as raised:
        offences_load(rows=rows)

    assert len(raised.value.problems) == 15
    assert str(raised.value).endswith("; and 5 more")


def test_a_bad_row_leaves_the_existing_catalogue_as_it_was(sample_catalogue, sample_rows):
    sample_rows[0]["offenceTitle"] = "Changed"
    sample_rows.append({"cjsCode": "TH68999"})

    with pytest.raises(OffenceDataError):
        offences_load(rows=sample_rows)

    assert Offence.objects.get(cjs_code=sample_rows[0]["cjsCode"]).title != "Changed"
    assert Offence.objects.count() == len(sample_rows) - 1


@pytest.mark.parametrize("rows", [{"cjsCode": "TH68010"}, "TH68010", None, 3])
def test_input_that_is_not_a_list_is_refused(db, rows):
    with pytest.raises(OffenceDataError, match="expected a list of offences"):
        offences_load(rows=rows)
