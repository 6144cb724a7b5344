"""The rules of a detainee's medication: what a plan must say, when the next dose is due,
and whether a dose may be recorded (PACE Code C 9.9 and 9.10).

Pure functions over plain values, so they can be tested across daylight-saving changes
without a database. Datetimes must be aware (a naive one raises ValueError) and are
compared as instants in UTC: four hours apart is four real hours, whatever the clocks do.
Set times of day are London clock times, so an 08:00 dose stays at 08:00 on the clock
when British Summer Time starts or ends. A set time the clocks skip (01:30 on the day
BST starts) falls an hour later on the clock; one they repeat means its first occurrence.

Slots. Each set time on each London day from the start of the plan is a slot. A record
belongs to the latest slot at or before its time plus ``EARLY_WINDOW`` (a dose may be
given up to an hour before its time); any record (given, refused, withheld, unavailable)
closes its slot. A slot nobody has recorded stays due, then overdue, until a record
closes it or a dose is given for a later slot.

Who gives the doses. Custody staff give them, unless the plan says a healthcare
professional administers them (Code C 9.10 requires it for Schedule 2 and 3 drugs); then
a dose given is recorded with that professional's name and role, and no page or printed
sheet offers it to police staff to give. ``dose_giver`` decides, and words it, for all.

Every function assumes ``records`` are the doses already on the record, not including
the one being checked. ``plan_problems`` and ``check_dose`` answer with
``athena.problems.Problem``s: a stable code, the form field it is about, and the message.
"""

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import TextChoices
from django.utils import timezone

from athena.problems import Problem
from custody.models import ControlledDrugSchedule, DoseOutcome, HcpRole
from custody.models.medicines import POLICE_NEVER_GIVE, dose_giver
from custody.records.rules import LONDON, is_in_future

# Who gives a plan's doses is decided beside the plan (models.medicines.dose_giver), so
# that the plan's own words ask it too; these rules ask the same function.

# A set-time dose may be given, and counts for its slot, from an hour before its time.
EARLY_WINDOW = timedelta(hours=1)
DEFAULT_GRACE = timedelta(minutes=30)
ONE_DAY = timedelta(hours=24)


# Code C 9.10: custody staff may supervise these only with a healthcare professional's authority.
NEEDS_HCP_AUTHORITY = frozenset(
    {ControlledDrugSchedule.SCHEDULE_4, ControlledDrugSchedule.SCHEDULE_5}
)


class DueStatus(TextChoices):
    NOT_DUE = "not_due", "Not due"
    DUE = "due", "Due"
    OVERDUE = "overdue", "Overdue"


@dataclass(frozen=True)
class MedicationPlan:
    """What a detainee may be given and when: ``set_times`` (London clock times) or a
    ``min_interval`` between doses, exactly one of them."""

    drug: str
    strength: str
    dose: str
    route: str
    controlled_schedule: str
    authorised_by: str
    starts_at: datetime
    hcp_authorised: bool = False
    given_by_hcp: bool = False
    set_times: tuple[time, ...] = ()
    min_interval: timedelta | None = None
    max_doses_per_24h: int | None = None
    ends_at: datetime | None = None


@dataclass(frozen=True)
class DoseRecord:
    """One entry in the medication administration record: a dose given, or offered and
    refused, withheld or unavailable. ``given_by``: the custody officer who gave or
    offered it, or, for a plan a healthcare professional gives, who recorded it;
    ``hcp_name`` and ``hcp_role`` (an HcpRole value): that healthcare professional."""

    at: datetime
    outcome: str
    given_by: str
    hcp_name: str = ""
    hcp_role: str = ""
    witness: str = ""
    hcp_override: bool = False
    override_reason: str = ""
    notes: str = ""


# --- The plan ------------------------------------------------------------------------------


def plan_problems(plan):
    """Why ``plan`` cannot be used, as Problems; empty when it can. Controlled-drug
    rules come first. Raises ValueError for a naive start or end."""
    plan = _checked_plan(plan)
    problems = _controlled_drug_problems(plan)
    for field, value, message in (
        ("drug", plan.drug, "Record the name of the drug."),
        ("strength", plan.strength, "Record the strength of the drug, for example 10 mg."),
        ("dose", plan.dose, "Record the dose, for example one tablet."),
        ("authorised_by", plan.authorised_by, "Record who authorised the medication."),
    ):
        if not (value or "").strip():
            problems.append(Problem(f"{field}_missing", field, message))
    problems += _schedule_problems(plan)
    if plan.ends_at is not None and plan.ends_at <= plan.starts_at:
        problems.append(Problem("ends_before_start", "ends_at",
                                "The plan must end after it starts."))
    return problems


def _controlled_drug_problems(plan):
    if plan.controlled_schedule in POLICE_NEVER_GIVE and not plan.given_by_hcp:
        return [Problem(
            "police_never_give", "given_by_hcp",
            "Police never give Schedule 2 or 3 controlled drugs: the detainee takes them "
            "only under the personal supervision of the authorising doctor or healthcare "
            "professional. Record that a healthcare professional administers it.")]
    if (plan.controlled_schedule in NEEDS_HCP_AUTHORITY and not plan.hcp_authorised
            and not plan.given_by_hcp):
        return [Problem(
            "hcp_authority_missing", "controlled_schedule",
            "Custody staff may give a Schedule 4 or 5 controlled drug only when a "
            "healthcare professional has authorised it. Record that authority first, or "
            "that a healthcare professional administers it.")]
    return []


def _schedule_problems(plan):
    problems = []
    if plan.set_times and plan.min_interval is not None:
        problems.append(Problem("schedule_both", "set_times", "Give either set times or a "
                                "minimum interval between doses, not both."))
    elif not plan.set_times and plan.min_interval is None:
        problems.append(Problem("schedule_missing", "set_times", "Give the set times of the "
                                "doses, or the minimum interval between them."))
    if plan.min_interval is not None and plan.min_interval <= timedelta(0):
        problems.append(Problem("interval_not_positive", "min_interval",
                                "The minimum interval between doses must be more than zero."))
    if len(set(plan.set_times)) != len(plan.set_times):
        problems.append(Problem("set_time_repeated", "set_times",
                                "Each set time may appear only once."))
    if plan.max_doses_per_24h is not None and plan.max_doses_per_24h < 1:
        problems.append(Problem("daily_limit_below_one", "max_doses_per_24h",
                                "The most doses in 24 hours must be at least one."))
    return problems


# --- When the next dose is due -------------------------------------------------------------


def next_due(plan, records, now):
    """When the next dose is due, in UTC: the earliest time ``check_dose`` accepts a dose
    given then. None when the plan has ended, has no more doses before its end, or
    cannot be used at all (``plan_problems``).

    Set times: the earliest slot after the slot of the last dose given that no record has
    closed. A missed slot stays due until a record closes it.
    Minimum interval: one interval after the last dose given (the start of the plan when
    none has been). A refusal, withholding or unavailability recorded once the dose was
    due closes that offer, and the next falls due one interval later.
    With a most-doses limit (either kind of plan): not before the oldest of the last
    allowed doses is 24 hours old; a set time that falls sooner is passed over.
    Raises ValueError for a naive datetime.
    """
    plan = _checked_plan(plan)
    records = _checked_records(records)
    now = _utc(now)
    if plan.ends_at is not None and now >= plan.ends_at:
        return None
    if plan_problems(plan):
        return None
    if plan.set_times:
        due = _next_set_time_due(plan, records)
    elif plan.min_interval is not None:
        due = _next_interval_due(plan, records)
    else:
        return None
    if due is None or (plan.ends_at is not None and due >= plan.ends_at):
        return None
    return due


def due_times(plan, records, now, *, within=ONE_DAY):
    """The times of the next doses: the next due time, then each one after it within
    ``within`` of it, as each will fall if the doses before it are given at their times.
    ``check_dose`` accepts every one of them, given those before it. This is the
    schedule a printed sheet lists; empty when no dose is due. Raises ValueError for a
    naive datetime."""
    plan = _checked_plan(plan)
    assumed = _checked_records(records)
    first = next_due(plan, assumed, now)
    if first is None:
        return []
    times = [first]
    while True:
        assumed.append(DoseRecord(at=times[-1], outcome=DoseOutcome.GIVEN,
                                  given_by="as scheduled"))
        following = next_due(plan, assumed, now)
        if following is None or following >= first + within or following <= times[-1]:
            return times
        times.append(following)


def due_status(plan, records, now, *, grace=DEFAULT_GRACE):
    """``DueStatus.DUE`` from the time the next dose is due, ``OVERDUE`` once ``grace``
    has passed after it, otherwise ``NOT_DUE``. Raises ValueError for a naive datetime."""
    due = next_due(plan, records, now)
    now = _utc(now)
    if due is None or now < due:
        return DueStatus.NOT_DUE
    if now <= due + grace:
        return DueStatus.DUE
    return DueStatus.OVERDUE


def _next_set_time_due(plan, records):
    closed = {_slot_of(plan, record.at) for record in records} - {None}
    given = [record for record in records if record.outcome == DoseOutcome.GIVEN]
    given_slots = [slot for slot in (_slot_of(plan, record.at) for record in given)
                   if slot is not None]
    start = max(given_slots) if given_slots else _utc(plan.starts_at)
    not_before = _daily_limit_lifts_at(plan, given)
    for slot in _slots_from(plan, start):
        if slot not in closed and (not_before is None or slot >= not_before):
            return slot
    return None


def _daily_limit_lifts_at(plan, given):
    """When the most-doses limit next allows a dose: 24 hours after the oldest of the
    last allowed doses; None when the limit holds nothing back."""
    limit = plan.max_doses_per_24h
    times = sorted(record.at for record in given)
    if not limit or len(times) < limit:
        return None
    return times[-limit] + ONE_DAY


def _next_interval_due(plan, records):
    given = sorted(record.at for record in records if record.outcome == DoseOutcome.GIVEN)
    due = given[-1] + plan.min_interval if given else _utc(plan.starts_at)
    not_given = sorted(record.at for record in records if record.outcome != DoseOutcome.GIVEN)
    for at in not_given:
        if given and at <= given[-1]:
            continue
        if at >= due - EARLY_WINDOW:
            due = at + plan.min_interval
    lifts_at = _daily_limit_lifts_at(plan, [record for record in records
                                            if record.outcome == DoseOutcome.GIVEN])
    return due if lifts_at is None else max(due, lifts_at)


# --- Recording a dose ----------------------------------------------------------------------


def check_dose(plan, records, dose, *, now=None):
    """Why ``dose`` may not be recorded, as Problems; empty when it may.

    Any outcome: not in the future (beyond a few minutes' clock drift), with who gave or
    offered it. Refused, withheld and unavailable need a reason in the notes and never
    conflict with the timing of doses. A dose given must come under a usable plan,
    within its dates; when a healthcare professional gives the plan's doses
    (``dose_giver``) it names that professional and their role (a dose not given may
    name who offered it, in full); and a controlled drug needs a witness other than
    the giver. Those rules have no override. Giving a dose too soon after the last,
    twice for one set time, early for a set time, or beyond the most doses in 24 hours
    is refused unless an HCP override is recorded with a reason (those problems' codes
    are in ``TIMING_CONFLICTS``).
    Raises ValueError for a naive datetime or an unknown outcome.
    """
    plan = _checked_plan(plan)
    records = _checked_records(records)
    dose = _checked_record(dose)
    now = _utc(timezone.now() if now is None else now)
    problems = _record_problems(dose, now)
    if dose.outcome != DoseOutcome.GIVEN:
        return problems + _hcp_giver_problems(plan, dose)
    problems += plan_problems(plan)
    problems += _plan_period_problems(plan, dose)
    problems += _hcp_giver_problems(plan, dose)
    problems += _witness_problems(plan, dose)
    conflicts = _timing_conflicts(plan, records, dose)
    if conflicts and dose.hcp_override:
        if dose.override_reason.strip():
            return problems
        conflicts.append(Problem("override_reason_missing", "override_reason",
                                 "Record the healthcare professional's reason for the override."))
    return problems + conflicts


def _record_problems(dose, now):
    problems = []
    if is_in_future(dose.at, now):
        problems.append(Problem(
            "dose_in_future", "at",
            f"The time recorded, {_clock(dose.at, now)}, is in the future: record a dose "
            "only once it has happened."))
    if not dose.given_by.strip():
        problems.append(Problem("given_by_missing", "", "Record who gave or offered the dose."))
    if dose.outcome != DoseOutcome.GIVEN and not dose.notes.strip():
        outcome = DoseOutcome(dose.outcome).label.lower()
        problems.append(Problem("notes_missing", "notes",
                                f"Record in the notes why the dose was {outcome}."))
    return problems


def _plan_period_problems(plan, dose):
    starts_at = _utc(plan.starts_at)
    if dose.at < starts_at - EARLY_WINDOW:
        return [Problem("before_plan_start", "at",
                        f"The medication plan starts at {_clock(starts_at, dose.at)}.")]
    if plan.ends_at is not None and dose.at >= plan.ends_at:
        return [Problem("after_plan_end", "at",
                        f"The medication plan ended at {_clock(plan.ends_at, dose.at)}.")]
    return []


def _hcp_giver_problems(plan, dose):
    # A dose given names the professional who gave it. One refused, withheld or not
    # available may name who offered it; if it does, it names them in full.
    if not dose_giver(plan).healthcare_professional:
        return []
    named = dose.hcp_name.strip() or dose.hcp_role
    if dose.outcome != DoseOutcome.GIVEN and not named:
        return []
    problems = []
    if not dose.hcp_name.strip():
        problems.append(Problem(
            "hcp_name_missing", "hcp_name",
            "A healthcare professional gives this medication, never police staff: record "
            "the name of the healthcare professional who gave the dose."))
    if dose.hcp_role not in HcpRole.values:
        problems.append(Problem("hcp_role_missing", "hcp_role",
                                "Choose the role of the healthcare professional who gave "
                                "the dose."))
    return problems


def _giver_name(plan, dose):
    if dose_giver(plan).healthcare_professional:
        return dose.hcp_name.strip()
    return dose.given_by.strip()


def _witness_problems(plan, dose):
    # We ask for a witness to every controlled drug given, not only those Code C names:
    # the APP expects controlled drugs to be reconciled, and a second person makes that true.
    if plan.controlled_schedule == ControlledDrugSchedule.NOT_CONTROLLED:
        return []
    witness = (dose.witness or "").strip()
    if not witness:
        return [Problem("witness_missing", "witness", "A controlled drug must be given in "
                        "front of a witness: record who witnessed it.")]
    if witness.casefold() == _giver_name(plan, dose).casefold():
        return [Problem("witness_is_giver", "witness", "The witness must be someone other "
                        "than the person who gave the dose.")]
    return []


# The problems of timing an HCP override lets through: the codes _timing_conflicts gives.
TIMING_CONFLICTS = frozenset({"dose_not_due", "dose_already_given", "dose_too_soon",
                              "dose_too_close_to_later", "daily_limit"})


def _timing_conflicts(plan, records, dose):
    given = [record for record in records if record.outcome == DoseOutcome.GIVEN]
    if plan.set_times:
        conflicts = _set_time_conflicts(plan, given, dose)
    elif plan.min_interval is not None and plan.min_interval > timedelta(0):
        conflicts = _interval_conflicts(plan, given, dose)
    else:
        conflicts = []
    return conflicts + _daily_limit_conflicts(plan, given, dose)


def _set_time_conflicts(plan, given, dose):
    slot = _slot_of(plan, dose.at)
    if slot is None:
        upcoming = next(_slots_from(plan, dose.at), None)
        if upcoming is None:
            return []  # after the plan's end, which is refused on its own
        return [Problem(
            "dose_not_due", "at",
            f"This dose is not due until {_clock(upcoming, dose.at)}; a dose may be given "
            "from an hour before its set time.")]
    for record in sorted(given, key=lambda record: record.at):
        if _slot_of(plan, record.at) == slot:
            message = f"The {_clock(slot)} dose was already given at {_clock(record.at, slot)}"
            upcoming = next(_slots_from(plan, slot + timedelta(seconds=1)), None)
            if upcoming is not None:
                message += f"; the next is due at {_clock(upcoming, dose.at)}"
            return [Problem("dose_already_given", "at", message + ".")]
    return []


def _interval_conflicts(plan, given, dose):
    interval = plan.min_interval
    too_close = [record for record in given if abs(record.at - dose.at) < interval]
    if not too_close:
        return []
    nearest = min(too_close, key=lambda record: abs(record.at - dose.at))
    apart = _duration(interval)
    if nearest.at <= dose.at:
        return [Problem(
            "dose_too_soon", "at",
            f"The last dose was given at {_clock(nearest.at, dose.at)}; the next may be "
            f"given from {_clock(nearest.at + interval, dose.at)} (at least {apart} apart).")]
    return [Problem(
        "dose_too_close_to_later", "at",
        f"A later dose was given at {_clock(nearest.at, dose.at)}; doses must be at least "
        f"{apart} apart, so this one could be no later than "
        f"{_clock(nearest.at - interval, dose.at)}.")]


def _daily_limit_conflicts(plan, given, dose):
    limit = plan.max_doses_per_24h
    if not limit or limit < 1:
        return []
    times = sorted([record.at for record in given] + [dose.at])
    # The busiest 24 hours holding this dose start at one of the doses in it.
    for start in times:
        if start <= dose.at < start + ONE_DAY:
            count = sum(1 for at in times if start <= at < start + ONE_DAY)
            if count > limit:
                return [Problem(
                    "daily_limit", "at",
                    f"No more than {_doses(limit)} may be given in any 24 hours; this would "
                    f"be dose {count} in the 24 hours from {_clock(start, dose.at)}.")]
    return []


# --- Slots, times and words ----------------------------------------------------------------


def parse_clock(text):
    """"08:00" → time(8, 0); raises ValueError for anything else."""
    hours, minutes = str(text).strip().split(":")
    if len(minutes) != 2 or not hours.isdigit() or not minutes.isdigit():
        raise ValueError(f"Not a 24-hour time: {text!r}")
    return time(int(hours), int(minutes))


def _slots_from(plan, start):
    """The plan's set-time slots at or after ``start`` and its start, in UTC, in order,
    ending before the plan does (never, without an end)."""
    start = max(_utc(start), _utc(plan.starts_at))
    times = sorted(set(plan.set_times))
    if not times:
        return
    day = start.astimezone(LONDON).date()
    while True:
        for slot in _day_slots(day, times):
            if plan.ends_at is not None and slot >= plan.ends_at:
                return
            if slot >= start:
                yield slot
        day += timedelta(days=1)


def _day_slots(day, times):
    # Sorted by instant, not clock time: a skipped or repeated hour can reorder them.
    return sorted(datetime.combine(day, clock, tzinfo=LONDON).astimezone(UTC) for clock in times)


def _slot_of(plan, at):
    """The slot a dose at ``at`` belongs to: the latest at or before ``at`` plus the early
    window, and not before the plan starts; None when there is none."""
    latest = _utc(at) + EARLY_WINDOW
    day = latest.astimezone(LONDON).date()
    times = sorted(set(plan.set_times))
    candidates = [
        slot
        for slot in _day_slots(day - timedelta(days=1), times) + _day_slots(day, times)
        if _utc(plan.starts_at) <= slot <= latest
    ]
    return max(candidates, default=None)


def _clock(moment, reference=None):
    """``moment`` as a London clock time, 14:05, with its day when that differs from the
    London day of ``reference``: 14:05 on 27 March."""
    local = moment.astimezone(LONDON)
    text = f"{local:%H:%M}"
    if reference is not None and local.date() != _london_day(reference):
        text += f" on {local.day} {local:%B}"
    return text


def _london_day(moment) -> date:
    return moment.astimezone(LONDON).date()


def _duration(span):
    minutes = int(span.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour" + ("" if hours == 1 else "s"))
    if minutes or not hours:
        parts.append(f"{minutes} minute" + ("" if minutes == 1 else "s"))
    return " ".join(parts)


def _doses(count):
    return f"{count} dose" + ("" if count == 1 else "s")


def _require_aware(value):
    if timezone.is_naive(value):
        raise ValueError(f"A naive datetime was given ({value}); give an aware one.")


def _utc(value):
    _require_aware(value)
    return value.astimezone(UTC)


# Everything is turned to UTC on the way in: aware datetimes sharing the London zone
# compare and add by the clock on the wall, not in real time.


def _checked_plan(plan):
    ends_at = None if plan.ends_at is None else _utc(plan.ends_at)
    return replace(plan, starts_at=_utc(plan.starts_at), ends_at=ends_at)


def _checked_record(record):
    if record.outcome not in DoseOutcome.values:
        raise ValueError(f"Unknown dose outcome {record.outcome!r}.")
    return replace(record, at=_utc(record.at))


def _checked_records(records):
    return [_checked_record(record) for record in records]
