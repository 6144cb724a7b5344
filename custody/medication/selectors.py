"""Reads of a detainee's medication: the plans with their doses, when each next dose is
due (the medication page, the board's column, the printed sheet), and the plan and dose
rows as the rules read them."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch
from django.urls import reverse

from custody.medication.rules import (
    DoseRecord,
    DueStatus,
    MedicationPlan,
    dose_giver,
    due_status,
    due_times,
    next_due,
    parse_clock,
)
from custody.models import DoseRecordRow, MedicationPlanRecord

_STATUS_RANK = {DueStatus.NOT_DUE: 0, DueStatus.DUE: 1, DueStatus.OVERDUE: 2}


def rules_plan(plan):
    """The rules' MedicationPlan of a plan row."""
    interval = (timedelta(minutes=plan.min_interval_minutes)
                if plan.min_interval_minutes is not None else None)
    return MedicationPlan(
        drug=plan.drug, strength=plan.strength, dose=plan.dose, route=plan.route,
        controlled_schedule=plan.controlled_schedule, authorised_by=plan.authorised_by,
        starts_at=plan.starts_at, hcp_authorised=plan.hcp_authorised,
        given_by_hcp=plan.given_by_hcp,
        set_times=tuple(parse_clock(value) for value in plan.set_times or ()),
        min_interval=interval, max_doses_per_24h=plan.max_doses_per_24h,
        ends_at=plan.ends_at)


def rules_doses(rows):
    """The rules' DoseRecords of doses already on the record. Who gave each does not
    matter to the rules once it is recorded, so no user is loaded."""
    return [DoseRecord(at=row.at, outcome=row.outcome, given_by="", hcp_name=row.hcp_name,
                       hcp_role=row.hcp_role, witness=row.witness,
                       hcp_override=row.hcp_override, override_reason=row.override_reason,
                       notes=row.notes) for row in rows]


class _DueWords:
    """How a due status reads: its label, and whether the dose is due or overdue."""

    @property
    def status_label(self):
        return DueStatus(self.status).label

    @property
    def is_due(self):
        return self.status != DueStatus.NOT_DUE

    @property
    def is_overdue(self):
        return self.status == DueStatus.OVERDUE


@dataclass(frozen=True)
class PlanDue(_DueWords):
    """A plan with its doses and when the next is due, for the medication page."""

    plan: MedicationPlanRecord
    next_due: datetime | None
    status: str
    # The next due time and those after it within 24 hours: what the printed sheet lists.
    due_times: tuple[datetime, ...] = ()

    @property
    def giver(self):
        """Who gives the plan's doses, in words (rules.dose_giver)."""
        return dose_giver(self.plan)


def plans_with_doses(records):
    """Active and stopped plans of ``records`` with their doses (and who gave them): two
    queries whatever the number."""
    ids = [getattr(record, "pk", record) for record in records]
    return list(MedicationPlanRecord.objects.filter(record_id__in=ids)
                .prefetch_related(Prefetch("doses", queryset=DoseRecordRow.objects
                                           .select_related("given_by")))
                .order_by("starts_at", "pk"))


def plan_due(plan, now, *, with_times=False):
    """The PlanDue of a plan whose doses are loaded (plans_with_doses); the due times of
    the next 24 hours too when ``with_times``."""
    if not plan.active:
        return PlanDue(plan=plan, next_due=None, status=DueStatus.NOT_DUE)
    plan_rules = rules_plan(plan)
    records = rules_doses(plan.doses.all())
    return PlanDue(plan=plan, next_due=next_due(plan_rules, records, now),
                   status=due_status(plan_rules, records, now),
                   due_times=tuple(due_times(plan_rules, records, now)) if with_times
                   else ())


def plan_dues(record, now):
    """Every plan of one record with when its next dose is due and the due times of the
    next 24 hours, soonest first."""
    dues = [plan_due(plan, now, with_times=True) for plan in plans_with_doses([record])]
    far = now + timedelta(days=36500)
    return sorted(dues, key=lambda due: (not due.plan.active, -_STATUS_RANK[due.status],
                                         due.next_due or far))


@dataclass(frozen=True)
class BoardMedication(_DueWords):
    """What the board shows in its "Next medication due" column for one record: the
    soonest next dose of its active plans and the worst status (overdue, due, not due)."""

    next_due: datetime
    status: str
    # The "Medication due" link: the due plan's dose form when exactly one plan is due
    # and custody staff give it, otherwise the medication page (a dose a healthcare
    # professional gives is never offered to police staff to give). A link straight to
    # the form, not through a redirect, so that it opens from the copy kept for an
    # outage as well.
    url: str
    page_url: str  # the medication page
    dose_form_urls: tuple  # every active plan's dose form, kept for an outage
    # After the next due time: "for the healthcare professional to give" when a
    # healthcare professional gives that dose (rules.dose_giver), otherwise "".
    giver_words: str = ""


def board_medication(records, now):
    """{record_id: BoardMedication} for each record with an active plan that has a next
    dose. The time shown is the soonest next dose; its words say when a healthcare
    professional gives it (of two plans due at once, the healthcare professional's).
    Two queries whatever the number of records."""
    dues = {}
    for plan in plans_with_doses(records):
        if plan.active:
            dues.setdefault(plan.record_id, []).append(plan_due(plan, now))
    found = {}
    for record_id, plans in dues.items():
        timed = [due for due in plans if due.next_due is not None]
        if not timed:
            continue
        due_now = [due for due in timed if due.is_due]
        page = reverse("custody:medication", args=[record_id])
        forms = tuple(reverse("custody:dose_add", args=[record_id, due.plan.pk])
                      for due in plans)
        next_at = min(due.next_due for due in timed)
        givers = [due.giver for due in timed if due.next_due == next_at]
        by_hcp = [giver for giver in givers if giver.healthcare_professional]
        staff_gives_due = len(due_now) == 1 and not due_now[0].giver.healthcare_professional
        found[record_id] = BoardMedication(
            next_due=next_at,
            status=max((due.status for due in timed), key=_STATUS_RANK.__getitem__),
            url=(reverse("custody:dose_add", args=[record_id, due_now[0].plan.pk])
                 if staff_gives_due else page),
            page_url=page, dose_form_urls=forms,
            giver_words=(by_hcp or givers)[0].due_words)
    return found


def plan_for_record(record, plan_id):
    """The record's medication plan ``plan_id`` with its doses, or None."""
    return (MedicationPlanRecord.objects.filter(pk=plan_id, record=record)
            .select_related("record").prefetch_related("doses").first())


def dose_recorded(plan, client_id):
    """Whether the dose sent with ``client_id`` is already on the plan (a second click
    of Save, or an entry made offline sent twice)."""
    return bool(client_id) and plan.doses.filter(client_id=client_id).exists()
