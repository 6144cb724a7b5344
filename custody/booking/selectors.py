"""Reads for booking in: the officers who may have made an arrest and the one a name or
collar number names, the suite's free cells, each record's booking rows with who
recorded them, and the record's checklist (what is done, due and overdue)."""

from dataclasses import dataclass

from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone

from athena.accounts.models import Rank, User
from athena.accounts.roles import Role
from custody.detention.clock import PRE_CHARGE_REVIEWERS, ordinal
from custody.healthcare.selectors import next_check_due
from custody.models import (
    CustodyRecord,
    EntryKind,
    Needs,
    PropertyItem,
    RecordStatus,
    RightsGiven,
    RiskAssessment,
)
from custody.records.selectors import CHANGE

# Enough to say "more than ten match" without reading every Smith in the force.
MATCHES_READ = 11
RANKS = frozenset(rank.casefold() for rank in Rank.values)


def arresting_officers(*, force):
    """The force's active officers and custody officers, by surname: who may have made
    the arrest."""
    return (User.objects.filter(force=force, is_active=True,
                                groups__name__in=[Role.OFFICER, Role.CUSTODY_OFFICER])
            .distinct().order_by("last_name", "first_name"))


def officers_matching(*, force, text):
    """The arresting officers of ``force`` that ``text`` names, ignoring case and any
    rank: "PC 1234 Amy Arrester" (as the page's list offers them), "1234", "Amy
    Arrester" or "Arrester". A collar number decides, and the names typed with it must
    agree with it; without one, the full name or the surname. At most MATCHES_READ."""
    words = [word for word in text.split()[:8] if word.casefold() not in RANKS]
    if not words:
        return []
    officers = arresting_officers(force=force)
    numbers = [word for word in words if any(char.isdigit() for char in word)]
    if numbers:
        by_collar = Q()
        for number in numbers:
            by_collar |= Q(collar_number__iexact=number)
        found = officers.filter(by_collar)
        for word in (word for word in words if word not in numbers):
            found = found.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return list(found[:MATCHES_READ])
    name = " ".join(words)
    return list(officers.annotate(full_name=Concat("first_name", Value(" "), "last_name"))
                .filter(Q(full_name__iexact=name) | Q(last_name__iexact=name)
                        | Q(username__iexact=name))[:MATCHES_READ])


def free_cells(suite):
    """The suite's cells that no open record of the suite holds, in the suite's order;
    None when the suite lists no cells."""
    if not suite.cells:
        return None
    held = set(CustodyRecord.objects.filter(suite=suite).exclude(status=RecordStatus.CLOSED)
               .values_list("cell", flat=True))
    return [cell for cell in suite.cells if cell not in held]


def rights_for_record(record):
    return RightsGiven.objects.filter(record=record).select_related("given_by")


def risk_assessments_for_record(record):
    return RiskAssessment.objects.filter(record=record).select_related("assessed_by")


def property_for_record(record):
    return PropertyItem.objects.filter(record=record).select_related("recorded_by")


def needs_for_record(record):
    return Needs.objects.filter(record=record).select_related("recorded_by")


# --- The checklist on the record page ----------------------------------------------------

DONE, TO_DO, DUE, OVERDUE = "done", "to_do", "due", "overdue"
STATUS_LABELS = {DONE: "Done", TO_DO: "To do", DUE: "Due", OVERDUE: "Overdue"}


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the checklist: what, its status (done, to do, due, overdue), when or
    by whom in a few words, and the page that does it ("" when there is none for the
    user)."""

    anchor: str
    title: str
    status: str
    hint: str = ""
    url: str = ""

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Checklist:
    booking: tuple[ChecklistItem, ...]
    times: tuple[ChecklistItem, ...]

    @property
    def to_do(self):
        return sum(item.status != DONE for item in self.booking)


def _when(moment):
    local = timezone.localtime(moment)
    return local.strftime("%H:%M %-d %b")


def _booking_steps(record, *, can_change):
    """Each booking step, done once its entry is on the timeline (``entries``, as
    records_for_pages prefetches them)."""
    latest = {}
    for entry in record.entries.all():
        latest[entry.kind] = entry
    details = reverse("custody:rights_risk_needs", args=[record.pk])
    steps = [("booking", "Arrest and booking", EntryKind.BOOKED_IN, ""),
             ("authorised", "Detention authorised", EntryKind.DETENTION_AUTHORISED,
              reverse("custody:authorise", args=[record.pk])),
             ("rights", "Rights given", EntryKind.RIGHTS, f"{details}#rights"),
             ("risk", "Risk assessment", EntryKind.RISK_ASSESSMENT, f"{details}#risk"),
             ("needs", "Needs", EntryKind.NEEDS, f"{details}#needs"),
             ("property", "Property", EntryKind.PROPERTY,
              reverse("custody:property", args=[record.pk]))]
    items = []
    for anchor, title, kind, url in steps:
        entry = latest.get(kind)
        if entry is not None:
            hint = f"{_when(entry.occurred_at)} by {entry.recorded_by.display_name}"
            items.append(ChecklistItem(anchor, title, DONE, hint))
        else:
            items.append(ChecklistItem(anchor, title, TO_DO, url=url if can_change else ""))
    return items


def _times(record, clock, *, user, can_change, now):
    """When the next review, the next check and the detention limit fall, each due or
    overdue; nothing once the record is closed or before detention is authorised."""
    if not record.is_open or clock is None:
        return []
    items = []
    if clock.next_review_due is not None:
        reviewers = set(PRE_CHARGE_REVIEWERS) | ({Role.CUSTODY_OFFICER} if record.charged_at
                                                 else set())
        url = (reverse("custody:review_add", args=[record.pk])
               if user.has_role(*reviewers) else "")
        items.append(ChecklistItem(
            "review", f"{ordinal(clock.reviews_done + 1)} review of detention",
            OVERDUE if now > clock.next_review_due else DUE,
            f"By {_when(clock.next_review_due)}", url))
    check = next_check_due(record)
    check_url = reverse("custody:check_new", args=[record.pk]) if can_change else ""
    if check is None:
        items.append(ChecklistItem("check", "Next check", DUE, "Constant observation",
                                   check_url))
    else:
        items.append(ChecklistItem("check", "Next check", OVERDUE if now > check else DUE,
                                   f"By {_when(check)}", check_url))
    if record.charged_at is None:
        held_until = clock.held_without_charge_until or now
        items.append(ChecklistItem(
            "limit", "Detention limit", OVERDUE if held_until > clock.detention_limit
            else DUE, f"Charge or release by {_when(clock.detention_limit)}, unless "
                      "detention is extended"))
    return items


def booking_checklist(record, *, clock, user, now=None):
    """The record page's checklist: each booking step done or to do, and the times to
    keep (``clock``, the record's detention clock or None) due or overdue at ``now``.
    Links only to the pages ``user`` may use. Reads the record's prefetched
    ``entries`` (records_for_pages): no query of its own."""
    now = now or timezone.now()
    can_change = record.is_open and user.has_perm(CHANGE, record)
    return Checklist(booking=tuple(_booking_steps(record, can_change=can_change)),
                     times=tuple(_times(record, clock, user=user, can_change=can_change,
                                        now=now)))
