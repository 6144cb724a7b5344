"""What the contingency pack shows: the board's overdue items (from the board's own
functions, marked at the time they fall due), the risk section, the HCP directions in
full, the ruled columns for checks and doses, and the time it was built; all from the
record alone, so the stored PDF's hash moves only when the record does."""

import io
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from athena.pdf import content_hash
from custody.booking.services import risk_assessment_record
from custody.healthcare.services import (
    check_record,
    hcp_direction_acknowledge,
    hcp_direction_record,
)
from custody.medication.services import medication_plan_add
from custody.models import DirectionKind, HcpRole
from custody.models.booking import RISK_QUESTIONS
from custody.suite import pdf, services
from custody.suite.selectors import board_rows, record_for_pdf
from tests.custody.test_pages import make_detainee

pytestmark = pytest.mark.django_db

NO_RISKS = dict.fromkeys(RISK_QUESTIONS, "no")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def when(moment):
    """A time as the pack prints it: 14:05 Sat 28 Nov 2026, London."""
    local = timezone.localtime(moment)
    return f"{local:%H:%M %a} {local.day} {local:%b %Y}"


def text_of(content):
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def overdue_record(custody_sergeant, officer, suite):
    """Eight hours in custody: the first review, the check, a dose and an HCP
    re-assessment are all overdue on the board; the detention limit is not."""
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=8, cell="C2")
    medication_plan_add(custody_sergeant, record, drug="Paracetamol", strength="500 mg",
                        dose="Two tablets", authorised_by="Dr Okafor",
                        min_interval_minutes=240, starts_at=ago(hours=2))
    hcp_direction_record(acting_user=custody_sergeant, record=record, given_at=ago(hours=1),
                         hcp_name="Nurse Bello", hcp_role=HcpRole.NURSE,
                         kind=DirectionKind.REASSESS_WITHIN, reassess_by=ago(minutes=30),
                         text="Wake him and check his pupils every half hour")
    return record_for_pdf(record.pk)


def _moment(iso):
    return datetime.fromisoformat(iso)


# The board's words for each kind of time-bound item (custody.suite.selectors).
BOARD_WORDS = {"Review of detention": "review overdue",
               "Detention limit": "beyond the detention limit",
               "Check on the detainee": "Check overdue",
               "Medication": "Medication overdue",
               "HCP re-assessment": "Re-assessment by the HCP was due"}


def _kind(what):
    return what.split(":")[0]


def _board_kinds(suite, record, moment):
    row = next(row for row in board_rows(suite=suite, now=moment) if row.record == record)
    said = " ".join(row.overdue + row.flags)
    return {kind for kind, words in BOARD_WORDS.items() if words in said}


def test_the_pack_marks_overdue_exactly_when_the_board_does(overdue_record, suite):
    content = pdf.contingency_content(overdue_record)
    kinds = {_kind(d["what"]) for d in content["deadlines"]}
    assert kinds == set(BOARD_WORDS)
    moments = sorted({_moment(d["overdue_after_iso"]) + timedelta(seconds=step)
                      for d in content["deadlines"] for step in (-1, 1)})
    for moment in moments:
        marked = pdf.sheet_context(content, built_at=moment)["sheet"]["deadlines"]
        pack = {_kind(d["what"]) for d in marked if d["overdue_when_built"]}
        assert pack == _board_kinds(suite, overdue_record, moment), moment


def test_a_time_bound_item_prints_when_it_becomes_overdue(overdue_record):
    content = pdf.contingency_content(overdue_record)
    review = next(d for d in content["deadlines"] if d["what"] == "Review of detention")
    first_review = overdue_record.authorised_at + timedelta(hours=6)
    assert _moment(review["overdue_after_iso"]) == first_review
    assert review["overdue_after"] == review["due"] == when(first_review)
    assert review["detail"] == "1st review, by the inspector"
    medicine = next(d for d in content["deadlines"] if d["what"].startswith("Medication"))
    # A dose is overdue on the board once the rules' grace of 30 minutes has passed.
    assert (_moment(medicine["overdue_after_iso"])
            == overdue_record.medication_plans.get().starts_at + timedelta(minutes=30))
    assert [d["overdue_after_iso"] for d in content["deadlines"]] == sorted(
        (d["overdue_after_iso"] for d in content["deadlines"]), key=_moment)


def test_the_pdf_marks_what_was_overdue_when_built_and_asks_to_check_the_time(
        overdue_record):
    content = pdf.contingency_content(overdue_record)
    before = text_of(pdf.contingency_pdf(overdue_record, content,
                                         built_at=overdue_record.arrived_at))
    assert "Check the time: overdue if past" in before
    assert "OVERDUE" not in before
    built_at = timezone.now()
    now = text_of(pdf.contingency_pdf(overdue_record, content, built_at=built_at))
    assert now.count("OVERDUE") == 4  # review, check, dose, re-assessment; not the limit
    assert f"Built at {when(built_at)}" in now


def test_detention_not_authorised_is_overdue_whatever_the_time(custody_sergeant, officer,
                                                               suite):
    record = make_detainee(custody_sergeant, officer, suite, authorise=False)
    content = pdf.contingency_content(record_for_pdf(record.pk))
    assert content["overdue"] == ["Detention not yet authorised."]
    row = board_rows(suite=suite, now=timezone.now())[0]
    assert "Detention not yet authorised." in row.overdue


def test_the_content_does_not_change_with_the_time(overdue_record, monkeypatch):
    first = content_hash(pdf.contingency_content(overdue_record))
    assert services.rebuild_contingency_if_changed(overdue_record) is True
    later = timezone.now() + timedelta(hours=5)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert content_hash(pdf.contingency_content(record_for_pdf(overdue_record.pk))) == first
    assert services.rebuild_contingency_if_changed(record_for_pdf(overdue_record.pk)) is False


def test_the_flags_that_stand_whatever_the_time_are_the_boards(overdue_record, suite,
                                                              custody_sergeant):
    check = check_record(acting_user=custody_sergeant, record=overdue_record,
                         at=ago(minutes=5), notes="Would not wake", hcp_called=True,
                         rousable=False, responds_to_questions=False,
                         responds_to_commands=False)
    content = pdf.contingency_content(record_for_pdf(overdue_record.pk))
    assert content["flags"] == [
        "HCP direction awaiting acknowledgement: re-assess within a set time",
        f"The last check, at {timezone.localtime(check.at):%H:%M}, was a failed rousing "
        "check; HCP called"]
    row = board_rows(suite=suite, now=timezone.now())[0]
    # The board also flags the re-assessment now past; the pack has it as a time instead.
    assert [flag for flag in row.flags if "Re-assessment" not in flag] == content["flags"]


def test_a_later_direction_means_the_reassessment_is_no_longer_due(overdue_record,
                                                                  custody_sergeant):
    hcp_direction_record(acting_user=custody_sergeant, record=overdue_record,
                         given_at=ago(minutes=10), hcp_name="Nurse Bello",
                         hcp_role=HcpRole.NURSE, kind=DirectionKind.FIT_TO_DETAIN)
    content = pdf.contingency_content(record_for_pdf(overdue_record.pk))
    assert "HCP re-assessment" not in {d["what"] for d in content["deadlines"]}
    assert [d["reassessment_outstanding"] for d in content["directions"]] == [False, False]


def test_a_head_injury_stays_on_the_sheet_after_ten_more_entries(custody_sergeant, officer,
                                                                 suite):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=8)
    risk_assessment_record(
        acting_user=custody_sergeant, record=record, at=record.arrived_at + timedelta(
            minutes=20), answers={**NO_RISKS, "head_injury": "yes"},
        notes={"head_injury": "Cut above the left eye after a fall"})
    for minutes in range(12, 0, -1):
        check_record(acting_user=custody_sergeant, record=record, at=ago(minutes=minutes * 30),
                     rousable=True, responds_to_questions=True, responds_to_commands=True)
    record = record_for_pdf(record.pk)
    content = pdf.contingency_content(record)
    # The assessment's own entry is no longer among the ten most recent...
    assert not any("head injury" in entry["summary"].lower()
                   for entry in content["recent_entries"])
    # ...but the risk section reads the assessment itself.
    assert content["risk"]["risks"] == ["Head injury"]
    head = next(a for a in content["risk"]["answers"] if a["question"] == "Head injury")
    assert head == {"question": "Head injury", "answer": "Yes", "is_yes": True,
                    "is_not_known": False, "notes": "Cut above the left eye after a fall"}
    assert (content["risk"]["level"], content["risk"]["recommended_level"]) == (2, 2)
    text = text_of(pdf.contingency_pdf(record))
    assert "RISK Head injury" in text
    assert "Cut above the left eye after a fall" in text


def test_a_sheet_without_a_risk_assessment_says_so(custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite)
    content = pdf.contingency_content(record_for_pdf(record.pk))
    assert content["risk"] is None
    assert "NOT ASSESSED" in text_of(pdf.contingency_pdf(record_for_pdf(record.pk)))


def test_directions_are_in_full_on_the_sheet_and_the_summary(overdue_record, suite,
                                                            custody_sergeant):
    direction = overdue_record.hcp_directions.get()
    hcp_direction_acknowledge(acting_user=custody_sergeant, direction=direction,
                              at=direction.given_at + timedelta(minutes=5))
    record = record_for_pdf(overdue_record.pk)
    shown = pdf.contingency_content(record)["directions"][0]
    assert shown["text"] == "Wake him and check his pupils every half hour"
    assert shown["given_at"] == when(direction.given_at)
    assert shown["reassess_by"] == when(direction.reassess_by)
    assert shown["acknowledged_by_name"] == custody_sergeant.display_name
    assert shown["acknowledged_at"] == when(direction.given_at + timedelta(minutes=5))
    sheet = text_of(pdf.contingency_pdf(record))
    suite_pack = text_of(pdf.suite_contingency_pdf(suite))
    summary = suite_pack.split("CONTINGENCY SHEET:")[0]
    assert "Re-assess within a set time" in summary
    assert (f"Re-assess by {shown['reassess_by']} Acknowledged by "
            f"{shown['acknowledged_by_name']}, {shown['acknowledged_at']}") in summary
    for text in (sheet, summary):
        assert "Wake him and check his pupils every half hour" in text
        assert shown["reassess_by"] in text
        assert shown["acknowledged_at"] in text


def test_the_ruled_rows_have_columns_for_rousing_answers_and_doses(overdue_record):
    text = text_of(pdf.contingency_pdf(overdue_record))
    checks = text.split("Checks:")[1].split("Medication given or refused:")[0]
    for column in ("Time", "Level", "Rousable", "Responds to questions",
                   "Responds to commands", "Notes (condition)", "Name and signature"):
        assert column in checks, column
    assert checks.count("Y / N") == pdf.CHECK_ROWS * 3
    doses = text.split("Medication given or refused:")[1].split("Other entries:")[0]
    for column in ("Time", "Medicine", "Dose", "Given / refused", "Witness",
                   "Name and signature"):
        assert column in doses, column


def test_the_suite_pack_reads_a_fixed_number_of_queries(custody_sergeant, officer, suite,
                                                       django_assert_max_num_queries):
    make_detainee(custody_sergeant, officer, suite)
    with CaptureQueriesContext(connection) as one:
        pdf.suite_contingency_content(suite)
    for _ in range(11):
        make_detainee(custody_sergeant, officer, suite)
    with django_assert_max_num_queries(len(one)):
        content = pdf.suite_contingency_content(suite)
    assert len(content["detainees"]) == 12


def test_nothing_is_due_once_the_detainee_has_left(overdue_record, custody_sergeant):
    from custody.detention.services import close_record
    from custody.models import CloseReason

    close_record(acting_user=custody_sergeant, record=overdue_record, at=ago(minutes=1),
                 reason=CloseReason.RELEASED)
    content = pdf.contingency_content(record_for_pdf(overdue_record.pk))
    assert (content["overdue"], content["flags"], content["deadlines"]) == ([], [], [])
    assert content["status"] == "Left custody"
