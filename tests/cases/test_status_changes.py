"""A case file's status changes only through its methods, each from the statuses it names:
it moves the file from those, changes nothing when the file is there already, and refuses
every other status with StatusChangeRefused."""

import re
from pathlib import Path

import pytest

from cases.models import CaseFile, CaseStatus, StatusChangeRefused

S = CaseStatus
# method: (the status it moves the file to, the statuses it may come from)
CHANGES = {
    "submit": (S.SUBMITTED, {S.DRAFT, S.RETURNED}),
    "fail_check": (S.DRAFT, {S.SUBMITTED}),
    "start_review": (S.IN_REVIEW, {S.SUBMITTED}),
    # Approved too: a file the send finds not ready goes back (case_return_not_ready).
    "return_to_officer": (S.RETURNED, {S.SUBMITTED, S.IN_REVIEW, S.APPROVED}),
    "approve": (S.APPROVED, {S.SUBMITTED, S.IN_REVIEW}),
    "send_to_cps": (S.SENT_TO_CPS, {S.APPROVED}),
    "record_decision": (S.DECIDED, {S.SENT_TO_CPS}),
}
ALLOWED = [(method, status) for method, (_, sources) in CHANGES.items() for status in sources]
REFUSED = [(method, status) for method, (target, sources) in CHANGES.items()
           for status in S if status not in sources and status != target]


def a_file(status):
    return CaseFile(urn="42CJ0000126", status=status)


@pytest.mark.parametrize(("method", "status"), ALLOWED)
def test_each_change_moves_the_file_from_the_statuses_it_names(method, status):
    case = a_file(status)
    before = case.updated_at

    assert getattr(case, method)() is True

    assert case.status == CHANGES[method][0]
    assert case.updated_at > before


@pytest.mark.parametrize("method", CHANGES)
def test_a_second_call_changes_nothing(method):
    target, sources = CHANGES[method]
    case = a_file(sorted(sources)[0])
    getattr(case, method)()
    stamped = case.updated_at

    assert getattr(case, method)() is False

    assert case.status == target
    assert case.updated_at == stamped


@pytest.mark.parametrize(("method", "status"), REFUSED)
def test_each_change_refuses_every_other_status(method, status):
    case = a_file(status)

    with pytest.raises(StatusChangeRefused) as refused:
        getattr(case, method)()

    assert case.status == status
    assert refused.value.status == status
    assert refused.value.target == CHANGES[method][0]
    assert str(refused.value) == (f"A file that is {status.label.lower()} cannot become "
                                  f"{CHANGES[method][0].label.lower()}")


def test_every_status_but_a_new_draft_is_reached_by_one_method():
    assert {target for target, _ in CHANGES.values()} == set(S)


@pytest.mark.parametrize("status", list(S))
def test_may_become_answers_as_the_methods_do(status):
    case = a_file(status)
    for target, sources in CHANGES.values():
        assert case.may_become(target) == (status in sources)


# A file's status written other than by its methods: ``case.status = ...`` (a section's
# status, the rules' verdict on its answers, is the services' to write) or
# ``.update(status=...)``.
ASSIGNS_A_STATUS = re.compile(r"\b(?!section\b)\w+\.status\s*=(?!=)")
UPDATES_A_STATUS = re.compile(r"\.update\([^)]*\bstatus=")


def test_the_services_and_the_worker_change_a_status_only_through_the_methods():
    root = Path(__file__).resolve().parents[2] / "cases"
    offenders = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.parts and path.name != "models.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ASSIGNS_A_STATUS.search(line) or UPDATES_A_STATUS.search(line)
    ]

    assert offenders == []
