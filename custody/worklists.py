"""The custody officer's worklists on the home page: the detainees of the suites they
may read, each with what is overdue and what falls due next, and the doses due within
the hour. Both are read from the board's own rows (custody.suite.selectors.board_rows),
so the home page and the board cannot disagree; a fixed number of queries per suite
whatever the number of detainees. apps.py registers them."""

from datetime import timedelta

from django.utils import timezone

from athena.accounts.roles import Role
from athena.worklists import WorklistItem, worklist
from custody.records.selectors import VIEW, suites_for_user
from custody.suite.selectors import board_rows

# "Medication due": doses due (or overdue) now, and those due within this long.
MEDICATION_AHEAD = timedelta(hours=1)


def _when(moment):
    """A time as the board shows it: 14:05 Sat 28 Nov."""
    return timezone.localtime(moment).strftime("%H:%M %a %-d %b")


def _board(user, now):
    """(suite, row) for every detainee on the boards of the suites ``user`` may read."""
    return [(suite, row) for suite in suites_for_user(user=user)
            if user.has_perm(VIEW, suite)
            for row in board_rows(suite=suite, now=now)]


def _title(row):
    return f"{row.name} ({row.record.custody_number})"


def _where(suite, row):
    cell = f"cell {row.record.cell}" if row.record.cell else "no cell recorded"
    return f"{suite.name}, {cell}"


def _next_due(row):
    """(label, moment) of the soonest of the times the board shows for the row; None
    when it shows none."""
    times = [("Review due", row.next_review_due), ("Detention limit", row.detention_limit),
             ("Check due", row.next_check_due),
             ("Medication due", row.medication.next_due if row.medication else None)]
    return min(((label, at) for label, at in times if at is not None),
               key=lambda item: item[1], default=None)


@worklist(Role.CUSTODY_OFFICER, "Custody suite")
def custody_suite(user):
    """Every detainee, those with something overdue first, then by what falls due
    soonest: the board's overdue items and flags in words, and its next due time."""
    now = timezone.now()
    entries = []
    for suite, row in _board(user, now):
        due = _next_due(row)
        words = [f"Overdue: {item}" for item in row.overdue] + list(row.flags)
        entries.append((not row.is_overdue, due[1] if due else now, WorklistItem(
            url=row.record_url, title=_title(row),
            detail=f"{_where(suite, row)}. " + (" ".join(words) if words
                                                 else "Nothing overdue."),
            due_label=due[0] if due else "", due=_when(due[1]) if due else "",
            overdue=row.is_overdue)))
    entries.sort(key=lambda entry: entry[:2])
    return [item for _overdue_last, _due, item in entries]


@worklist(Role.CUSTODY_OFFICER, "Medication due")
def medication_due(user):
    """Each detainee with a dose due now, overdue, or due within the hour (the board's
    "Next medication" column), soonest first, linking to the due dose."""
    now = timezone.now()
    due = [(suite, row) for suite, row in _board(user, now)
           if row.medication is not None
           and (row.medication.is_due or row.medication.next_due <= now + MEDICATION_AHEAD)]
    due.sort(key=lambda pair: pair[1].medication.next_due)
    return [WorklistItem(
        url=row.medication.url, title=_title(row),
        detail=(f"{_where(suite, row)}. "
                + ("Medication overdue" if row.medication.is_overdue
                   else "Medication due" if row.medication.is_due
                   else "Medication due within the hour")
                + (f", {row.medication.giver_words}." if row.medication.giver_words
                   else ".")),
        due_label="Next dose due", due=_when(row.medication.next_due),
        overdue=row.medication.is_overdue) for suite, row in due]
