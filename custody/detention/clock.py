"""The detention clock (PACE 1984 ss.40-44; DOMAIN.md 2.2): how long a person may be held
without charge, and when their detention must next be reviewed.

Two clocks run. Detention runs from the **relevant time** (s.41(2)), by where and how
the person was arrested (``ArrestPlace``):

- in the force's area (s.41(2)(d)): arrival at the first station, or 24 hours after the
  arrest if that is earlier;
- in another force's area, wanted here and not questioned there (s.41(2)(a)): arrival
  at the first station in this area, or 24 hours after the arrest if earlier;
- outside England and Wales (s.41(2)(b)): arrival at the first station in this area, or
  24 hours after entering England and Wales if earlier;
- at the station, after attending voluntarily (s.41(2)(c)): the arrest.

Every period measured from it (24, 36 and 96 hours) counts the time already spent in
police detention for the offence by a person answering bail (s.47(6)), and leaves out
time in hospital, or going there and back, when the person was not questioned (s.41(6)).
Extensions and warrants are for indictable offences only (ss.42(1), 43(4)); a warrant may
be issued up to 6 hours after the 36 hours when the court could not sit then
(s.43(5)(b)). Reviews run from when **detention was authorised** (s.40).

This module is pure: the custody models feed it plain facts and it answers with a
``ClockState``; nothing here touches the database. Its checks (check_review,
check_extension, check_warrant, check_close) answer with ``athena.problems.Problem``s:
a stable code, the form field the problem is about, and the message in plain English.
Every datetime must be aware (a naive one raises ValueError) and is held in UTC, so
"24 hours" is 24 real hours whatever the clocks in London do on the night they change.
Times are shown in Europe/London.

A record that breaks the rules (a review by the wrong role, an extension granted too
early, a warrant beyond 96 hours) is not counted: it neither satisfies a review nor moves
the limit later. It is reported in ``ClockState.irregularities`` instead, so that a bad
record can never hide a breach.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import models

from athena.accounts.roles import Role
from athena.problems import Problem, messages
from custody.models import ArrestPlace, CloseReason
from custody.records.rules import LONDON

# s.41(2)(d): the relevant time is never later than 24 hours after arrest.
RELEVANT_TIME_AFTER_ARREST = timedelta(hours=24)
# s.41(1): 24 hours from the relevant time without charge.
DETENTION_LIMIT_HOURS = 24
# s.42(1): a superintendent may extend to at most 36 hours from the relevant time.
SUPERINTENDENT_LIMIT_HOURS = 36
# s.42(4): not until the second review has been carried out.
REVIEWS_BEFORE_EXTENSION = 2
# ss.43(12), 44(3): a warrant, or its extension, runs at most 36 hours from its issue...
WARRANT_MAX_HOURS = 36
WARRANT_MAX_PERIOD = timedelta(hours=WARRANT_MAX_HOURS)
# ...and s.44(3): never beyond 96 hours from the relevant time.
WARRANT_LIMIT_HOURS = 96
# s.43(5)(b): the court could not sit at 36 hours but sits within the next 6.
WARRANT_GRACE = timedelta(hours=6)
# s.40(3): first review within 6 hours of authorisation, then at most every 9 hours.
FIRST_REVIEW_AFTER = timedelta(hours=6)
REVIEW_INTERVAL = timedelta(hours=9)

# s.40(1)(b): before charge, an officer of at least the rank of inspector.
PRE_CHARGE_REVIEWERS = frozenset({Role.INSPECTOR, Role.SUPERINTENDENT})


class ReviewOutcome(models.TextChoices):
    CONTINUED = "continued", "Detention continued"
    POSTPONED = "postponed", "Review postponed"


CHARGED_CLOSE_REASONS = frozenset({CloseReason.CHARGED_BAILED, CloseReason.CHARGED_KEPT})


def _utc(name, value):
    """``value`` in UTC; ValueError if it is naive (or not a datetime)."""
    if not isinstance(value, datetime):
        raise ValueError(f"{name} must be a datetime, not {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, not naive ({value.isoformat()})")
    return value.astimezone(UTC)


def _utc_or_none(name, value):
    return None if value is None else _utc(name, value)


def _set_utc(instance, *names):
    """Normalise the named datetime fields of a frozen dataclass to UTC."""
    for name in names:
        object.__setattr__(instance, name, _utc_or_none(name, getattr(instance, name)))


def london(value):
    """An aware datetime as people in the custody suite read it: '05:00 BST Sun 28 Mar 2027'."""
    local = _utc("value", value).astimezone(LONDON)
    return f"{local:%H:%M %Z %a} {local.day} {local:%b %Y}"


def ordinal(number):
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


@dataclass(frozen=True)
class Review:
    """A review of detention (s.40), or the decision to postpone one (s.40(4)), which
    needs a recorded reason. ``by_role`` is a ``Role`` value."""

    at: datetime
    by_role: str
    postponed: bool = False
    reason: str = ""

    def __post_init__(self):
        _set_utc(self, "at")

    @property
    def outcome(self):
        return ReviewOutcome.POSTPONED if self.postponed else ReviewOutcome.CONTINUED


@dataclass(frozen=True)
class Extension:
    """A superintendent's authorisation (s.42) to hold the person to ``new_limit_hours``
    after the relevant time, with the grounds recorded."""

    at: datetime
    by_role: str
    new_limit_hours: int
    grounds: str

    def __post_init__(self):
        _set_utc(self, "at")


@dataclass(frozen=True)
class Warrant:
    """A magistrates' warrant of further detention (s.43) or its extension (s.44),
    issued ``at`` and authorising detention until ``granted_until``."""

    at: datetime
    granted_until: datetime
    court_could_not_sit: bool = False  # s.43(5)(b)

    def __post_init__(self):
        _set_utc(self, "at", "granted_until")


@dataclass(frozen=True)
class HospitalStay:
    """Time at hospital, or going there and back (s.41(6)); ``returned_at`` None while
    the person is still away. Time when the person was questioned counts: so, on the safe
    side, does the whole of a stay in which they were."""

    left_at: datetime
    returned_at: datetime | None = None
    questioned: bool = False

    def __post_init__(self):
        _set_utc(self, "left_at", "returned_at")
        if self.returned_at is not None and self.returned_at < self.left_at:
            raise ValueError("The return from hospital cannot be before leaving for it.")

    @property
    def time_not_counted(self):
        """The time s.41(6) leaves out; nothing until the person is back (a stay still
        going on moves no limit later until it ends)."""
        if self.questioned or self.returned_at is None:
            return timedelta(0)
        return self.returned_at - self.left_at


@dataclass(frozen=True)
class DetentionFacts:
    """What the custody record says happened. Raises ValueError for a naive datetime or
    facts that contradict each other (authorised before arrest, closed before charge, a
    close reason without a closing time)."""

    arrested_at: datetime
    arrived_at: datetime
    authorised_at: datetime
    charged_at: datetime | None = None
    closed_at: datetime | None = None
    close_reason: str = ""
    reviews: tuple[Review, ...] = ()
    extensions: tuple[Extension, ...] = ()
    warrants: tuple[Warrant, ...] = ()
    arrest_place: str = ArrestPlace.IN_AREA  # an ArrestPlace value
    entered_england_wales_at: datetime | None = None  # s.41(2)(b)
    earlier_detention: timedelta = timedelta(0)  # s.47(6)
    hospital_stays: tuple[HospitalStay, ...] = ()  # s.41(6)
    # ss.42(1), 43(4): whether an offence the person is held for is indictable (either
    # way or indictable only); None when the record names no offence yet.
    indictable: bool | None = True

    def __post_init__(self):
        _set_utc(self, "arrested_at", "arrived_at", "authorised_at", "charged_at", "closed_at",
                 "entered_england_wales_at")
        for name in ("reviews", "extensions", "warrants", "hospital_stays"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if self.arrest_place not in ArrestPlace.values:
            raise ValueError(f"Unknown place of arrest {self.arrest_place!r}.")
        if self.earlier_detention < timedelta(0):
            raise ValueError("Time already spent in detention cannot be negative.")
        self._check_order()
        self._check_closure()

    @property
    def attended_voluntarily(self):
        return self.arrest_place == ArrestPlace.AT_STATION

    def _check_order(self):
        if self.arrived_at < self.arrested_at and not self.attended_voluntarily:
            raise ValueError("Arrival at the station cannot be before the arrest.")
        if self.authorised_at < max(self.arrived_at, self.arrested_at):
            raise ValueError("Detention cannot be authorised before arrival at the station "
                             "and the arrest.")
        if self.arrest_place == ArrestPlace.OUTSIDE_ENGLAND_WALES:
            entered = self.entered_england_wales_at
            if entered is None:
                raise ValueError("An arrest outside England and Wales needs the time the "
                                 "person entered England and Wales.")
            if not self.arrested_at <= entered <= self.arrived_at:
                raise ValueError("Entry to England and Wales must be after the arrest and "
                                 "before arrival at the station.")
        if self.charged_at is not None and self.charged_at < self.authorised_at:
            raise ValueError("Charge cannot be before detention was authorised.")

    def _check_closure(self):
        problems = _closure_problems(self, self.closed_at, self.close_reason)
        if problems:
            raise ValueError(problems[0].message)

    @property
    def relevant_time(self):
        """s.41(2), by where and how the person was arrested (module docstring)."""
        if self.attended_voluntarily:
            return self.arrested_at
        if self.arrest_place == ArrestPlace.OUTSIDE_ENGLAND_WALES:
            return min(self.arrived_at,
                       self.entered_england_wales_at + RELEVANT_TIME_AFTER_ARREST)
        return min(self.arrived_at, self.arrested_at + RELEVANT_TIME_AFTER_ARREST)

    @property
    def relevant_time_basis(self):
        """Which part of s.41(2) set the relevant time, in words."""
        arrival = self.relevant_time == self.arrived_at
        if self.attended_voluntarily:
            return "the arrest at the station of a voluntary attender (PACE s.41(2)(c))"
        if self.arrest_place == ArrestPlace.OUTSIDE_ENGLAND_WALES:
            return ("arrival at the station (PACE s.41(2)(b))" if arrival else
                    "24 hours after entering England and Wales (PACE s.41(2)(b))")
        section = "s.41(2)(a)" if self.arrest_place == ArrestPlace.OTHER_AREA else "s.41(2)(d)"
        return (f"arrival at the station (PACE {section})" if arrival else
                f"24 hours after the arrest (PACE {section})")

    @property
    def hospital_time_not_counted(self):
        return sum((stay.time_not_counted for stay in self.hospital_stays), timedelta(0))

    def hours_limit(self, hours):
        """When ``hours`` of detention from the relevant time run out: less the time
        already spent in detention for the offence (s.47(6)), plus the time in hospital
        not questioned (s.41(6))."""
        return (self.relevant_time + timedelta(hours=hours) - self.earlier_detention
                + self.hospital_time_not_counted)

    def period_adjustments(self):
        """The s.47(6) and s.41(6) adjustments, in words for a limit's basis."""
        words = []
        if self.earlier_detention:
            words.append(f"less {_duration(self.earlier_detention)} already in detention "
                         "(s.47(6))")
        if self.hospital_time_not_counted:
            words.append(f"plus {_duration(self.hospital_time_not_counted)} in hospital, "
                         "not questioned (s.41(6))")
        return f", {' and '.join(words)}" if words else ""

    def is_charged_at(self, moment):
        return self.charged_at is not None and self.charged_at <= moment

    def is_closed_at(self, moment):
        return self.closed_at is not None and self.closed_at <= moment

    @property
    def held_without_charge_until(self):
        """When detention without charge ended (charge or closure), or None while it goes on."""
        ends = [moment for moment in (self.charged_at, self.closed_at) if moment is not None]
        return min(ends) if ends else None


@dataclass(frozen=True)
class ClockState:
    """The clock as it stands on the facts given. ``detention_limit`` is the limit on
    detention without charge; it no longer binds once the person is charged or the clock
    is closed. ``next_review_due`` and ``next_review_by`` are None once closed."""

    relevant_time: datetime
    detention_limit: datetime
    limit_basis: str
    relevant_time_basis: str
    next_review_due: datetime | None
    next_review_by: str | None
    reviews_done: int
    is_closed: bool
    review_schedule: tuple[datetime, ...]
    postponed_review: Review | None = None
    held_without_charge_until: datetime | None = None
    irregularities: tuple[str, ...] = field(default=())

    def overdue_items(self, now):
        """What is overdue at ``now``, in plain English: a review past its due time (or
        postponed and still to be done), and detention without charge past the limit
        (including a breach that has already ended). Raises ValueError if ``now`` is naive.
        """
        now = _utc("now", now)
        items = []
        number = ordinal(self.reviews_done + 1)
        if self.next_review_due is not None and now > self.next_review_due:
            by = Role(self.next_review_by).label.lower()
            if self.postponed_review is not None:
                items.append(
                    f"{number} review was due at {london(self.next_review_due)} and was "
                    f"postponed ({self.postponed_review.reason}): the {by} must carry it out "
                    "as soon as practicable."
                )
            else:
                items.append(
                    f"{number} review overdue: it was due by {london(self.next_review_due)} "
                    f"by the {by}."
                )
        held_until = self.held_without_charge_until or now
        if held_until > self.detention_limit:
            items.append(
                f"Held without charge beyond the detention limit of "
                f"{london(self.detention_limit)} ({self.limit_basis}): release, charge or "
                "obtain a warrant of further detention."
            )
        return items


def earliest_limit_from_arrest(arrested_at):
    """24 hours from the arrest, in UTC: the detention limit if the relevant time were
    the arrest itself, which it never precedes (s.41(2)). Raises ValueError for a naive
    datetime."""
    return _utc("arrested_at", arrested_at) + timedelta(hours=DETENTION_LIMIT_HOURS)


def detention_clock(facts):
    """The ``ClockState`` of ``facts``.

    The limit is 24 hours from the relevant time, moved later only by a valid
    superintendent's extension (s.42) or warrant of further detention (ss.43-44), taken
    in the order they were granted.

    Reviews (s.40): the first is due 6 hours after detention was authorised. Each later
    one is due 9 hours after the earlier of when the previous review was carried out
    and when it was due::

        due(n + 1) = min(carried_out(n), due(n)) + 9 hours

    so a late review never pushes the schedule later, and neither does a postponement
    (s.40(6): later reviews are timed as if the postponed one had been on time); an early
    review brings the next one earlier. A postponement record does not count as a review:
    the review it postpones stays due until it is carried out. After charge reviews carry
    on at the same intervals, by the custody officer. Invalid records are left out and
    listed in ``irregularities``.
    """
    limit, basis, grant_problems = _walk_grants(facts)
    reviews, review_problems = _valid_reviews(facts)
    schedule = [facts.authorised_at + FIRST_REVIEW_AFTER]
    postponed = None
    done = 0
    for review in reviews:
        if review.postponed:
            postponed = review
            continue
        done += 1
        schedule.append(min(review.at, schedule[-1]) + REVIEW_INTERVAL)
        postponed = None
    is_closed = facts.closed_at is not None
    if is_closed:
        schedule.pop()  # no further review falls due once the person has left detention
        next_by = None
    else:
        next_by = Role.CUSTODY_OFFICER if facts.charged_at is not None else Role.INSPECTOR
    return ClockState(
        relevant_time=facts.relevant_time,
        relevant_time_basis=facts.relevant_time_basis,
        detention_limit=limit,
        limit_basis=basis,
        next_review_due=None if is_closed else schedule[-1],
        next_review_by=next_by,
        reviews_done=done,
        is_closed=is_closed,
        review_schedule=tuple(schedule),
        postponed_review=None if is_closed else postponed,
        held_without_charge_until=facts.held_without_charge_until,
        irregularities=tuple(review_problems + grant_problems),
    )


def check_review(facts, review):
    """Why ``review`` may not be recorded on ``facts``, as Problems (an empty list when
    it may).

    Before charge the review officer is an inspector (or above, s.40(1)(b)); from charge
    it is the custody officer (s.40(1)(a)). A review cannot be before the arrest, before
    detention was authorised, or after the clock closed; a postponement needs its reason.
    """
    at = _utc("review.at", review.at)
    if at < facts.arrested_at:
        return [Problem("review_before_arrest", "at",
                        f"The review at {london(at)} is before the arrest at "
                        f"{london(facts.arrested_at)}.")]
    problems = []
    if at < facts.authorised_at:
        problems.append(Problem(
            "review_before_authorisation", "at",
            f"The review at {london(at)} is before detention was authorised "
            f"at {london(facts.authorised_at)}."))
    if facts.closed_at is not None and at > facts.closed_at:
        problems.append(Problem("review_after_detention_ended", "at",
                                f"The review at {london(at)} is after detention ended."))
    if facts.is_charged_at(at):
        if review.by_role != Role.CUSTODY_OFFICER:
            problems.append(Problem("reviewer_after_charge", "",
                                    "After charge, detention is reviewed by the custody officer."))
    elif review.by_role not in PRE_CHARGE_REVIEWERS:
        problems.append(Problem("reviewer_before_charge", "",
                                "Before charge, detention is reviewed by an inspector."))
    if review.postponed and not review.reason.strip():
        problems.append(Problem("postponement_reason_missing", "reason",
                                "A postponed review needs the reason recorded."))
    return problems


def check_extension(facts, extension):
    """Why a superintendent's ``extension`` (s.42) may not be granted on ``facts``, as
    Problems (an empty list when it may).

    Only a superintendent; only once the second review has been carried out; only while
    the limit then in force (24 hours, or an earlier extension short of 36) has not
    expired; to at most 36 hours from the relevant time and later than the limit in force;
    with grounds recorded; not after charge or after the clock closed. Whether the offence
    is indictable is for the caller to check.
    """
    at = _utc("extension.at", extension.at)
    limit, _basis, _problems = _walk_grants(facts, before=at)
    return _extension_problems(facts, extension, limit)


def check_warrant(facts, warrant):
    """Why a warrant of further detention (s.43) or its extension (s.44) may not stand on
    ``facts``, as Problems (an empty list when it may).

    Issued before the limit then in force expired and not after charge or closure; it
    must authorise detention later than that limit, for at most 36 hours from its issue
    and at most 96 hours from the relevant time.
    """
    at = _utc("warrant.at", warrant.at)
    limit, _basis, _problems = _walk_grants(facts, before=at)
    return _warrant_problems(facts, warrant, limit)


def check_close(facts, *, at, reason):
    """Why the person may not be recorded as leaving detention ``at`` for ``reason``
    (a CloseReason value), as Problems (an empty list when they may): not before
    detention was authorised or before the charge, and a charged reason needs the charge.
    """
    return _closure_problems(facts, _utc("at", at), reason)


def _closure_problems(facts, closed_at, close_reason):
    """The problems of closing ``facts`` at ``closed_at`` for ``close_reason``; the
    first is what DetentionFacts raises for facts that contradict each other."""
    if (closed_at is None) != (not close_reason):
        return [Problem("close_reason_missing", "reason",
                        "A closed clock needs both a closing time and a close reason.")]
    if closed_at is None:
        return []
    if close_reason not in CloseReason.values:
        return [Problem("close_reason_unknown", "reason",
                        f"Unknown close reason {close_reason!r}.")]
    problems = []
    if closed_at < facts.authorised_at:
        problems.append(Problem("closed_before_authorisation", "at",
                                "Detention cannot end before it was authorised."))
    if facts.charged_at is not None and closed_at < facts.charged_at:
        problems.append(Problem("closed_before_charge", "at",
                                "Detention cannot end before the charge."))
    if close_reason in CHARGED_CLOSE_REASONS and facts.charged_at is None:
        problems.append(Problem("charge_time_missing", "reason",
                                f"{CloseReason(close_reason).label} needs a charge time."))
    return problems


def _hours_limit(facts, hours):
    return facts.hours_limit(hours)


def _duration(period):
    minutes = int(period.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def _indictable_problems(facts, what, section):
    if facts.indictable:
        return []
    if facts.indictable is None:
        return [Problem("offence_not_recorded", "",
                        f"{what} needs an indictable offence ({section}): record the "
                        "offence on the custody record first.")]
    return [Problem("offence_not_indictable", "",
                    f"{what} is only for an indictable offence ({section}): every offence "
                    "on this record is summary only.")]


def _closed_or_charged_problems(facts, at, what):
    if facts.is_closed_at(at):
        return [Problem("after_detention_ended", "at", f"{what} is after detention ended.")]
    if facts.is_charged_at(at):
        return [Problem("after_charge", "at",
                        f"{what} is after charge: the detention limit no longer applies.")]
    return []


def _extension_problems(facts, extension, limit):
    problems = []
    if extension.by_role != Role.SUPERINTENDENT:
        problems.append(Problem("extender_not_superintendent", "",
                                "Only a superintendent may extend detention (s.42)."))
    reviews_done = sum(
        1
        for review in _valid_reviews(facts)[0]
        if not review.postponed and review.at <= extension.at
    )
    if reviews_done < REVIEWS_BEFORE_EXTENSION:
        problems.append(Problem(
            "extension_before_reviews", "",
            f"Detention may be extended only after the {ordinal(REVIEWS_BEFORE_EXTENSION)} "
            f"review; {reviews_done} carried out."))
    if extension.at >= limit:
        problems.append(Problem("extension_too_late", "at", f"The detention limit expired at "
                                                           f"{london(limit)}; too late to extend."))
    if extension.new_limit_hours > SUPERINTENDENT_LIMIT_HOURS:
        problems.append(Problem(
            "extension_beyond_superintendent_limit", "new_limit_hours",
            f"A superintendent may extend to at most {SUPERINTENDENT_LIMIT_HOURS} hours "
            "from the relevant time."))
    elif _hours_limit(facts, extension.new_limit_hours) <= limit:
        problems.append(Problem(
            "extension_not_later", "new_limit_hours",
            f"The extension must end later than the limit in force, {london(limit)}."))
    if not extension.grounds.strip():
        problems.append(Problem("extension_grounds_missing", "grounds",
                                "The grounds for the extension must be recorded."))
    return (problems + _indictable_problems(facts, "An extension", "PACE s.42(1)")
            + _closed_or_charged_problems(facts, extension.at, "The extension"))


def _in_grace(facts, warrant, limit):
    """s.43(5)(b): the court could not sit when the 36 hours ran out, and the warrant was
    issued within the 6 hours after."""
    thirty_six = _hours_limit(facts, SUPERINTENDENT_LIMIT_HOURS)
    return (warrant.court_could_not_sit and limit == thirty_six
            and warrant.at < thirty_six + WARRANT_GRACE)


def _warrant_problems(facts, warrant, limit):
    problems = []
    if warrant.at >= limit and not _in_grace(facts, warrant, limit):
        grace = (" A warrant may be issued up to 6 hours later only when the court could "
                 "not sit when the 36 hours ran out (s.43(5)(b))."
                 if limit == _hours_limit(facts, SUPERINTENDENT_LIMIT_HOURS) else "")
        problems.append(Problem("warrant_too_late", "at", f"The detention limit expired at "
                                                         f"{london(limit)} before the "
                                                         f"warrant.{grace}"))
    if warrant.granted_until <= limit:
        problems.append(Problem(
            "warrant_not_later", "granted_until",
            f"The warrant must run later than the limit in force, {london(limit)}."))
    if warrant.granted_until - warrant.at > WARRANT_MAX_PERIOD:
        problems.append(Problem(
            "warrant_too_long", "granted_until",
            f"A warrant authorises at most {WARRANT_MAX_HOURS} hours from its issue "
            "(ss.43-44)."))
    if warrant.granted_until > _hours_limit(facts, WARRANT_LIMIT_HOURS):
        problems.append(Problem(
            "warrant_beyond_limit", "granted_until",
            f"Warrants may not take detention beyond {WARRANT_LIMIT_HOURS} hours from the "
            "relevant time (s.44)."))
    return (problems + _indictable_problems(facts, "A warrant of further detention",
                                            "PACE s.43(4)")
            + _closed_or_charged_problems(facts, warrant.at, "The warrant"))


def _not_counted(label, at, problems):
    return f"{label} at {london(at)} not counted: {' '.join(messages(problems))}"


def _valid_reviews(facts):
    """The reviews that pass ``check_review``, in time order, and what was wrong with the rest."""
    valid, irregularities = [], []
    for review in sorted(facts.reviews, key=lambda review: review.at):
        problems = check_review(facts, review)
        if problems:
            irregularities.append(_not_counted("Review", review.at, problems))
        else:
            valid.append(review)
    return valid, irregularities


def _walk_grants(facts, before=None):
    """The limit in force after the valid extensions and warrants granted before
    ``before`` (all of them when None), in order: (limit, plain-English basis,
    irregularities)."""
    limit = _hours_limit(facts, DETENTION_LIMIT_HOURS)
    basis = (f"{DETENTION_LIMIT_HOURS} hours from the relevant time (PACE s.41)"
             f"{facts.period_adjustments()}")
    irregularities = []
    grants = sorted([*facts.extensions, *facts.warrants], key=lambda grant: grant.at)
    for grant in grants:
        if before is not None and grant.at >= before:
            break
        if isinstance(grant, Extension):
            problems = _extension_problems(facts, grant, limit)
            new_limit = _hours_limit(facts, grant.new_limit_hours)
            new_basis = (f"extended to {grant.new_limit_hours} hours by a superintendent "
                         f"(PACE s.42){facts.period_adjustments()}")
            label = "Extension"
        else:
            problems = _warrant_problems(facts, grant, limit)
            new_limit = grant.granted_until
            new_basis = "warrant of further detention (PACE ss.43-44)"
            label = "Warrant"
        if problems:
            irregularities.append(_not_counted(label, grant.at, problems))
        else:
            limit, basis = new_limit, new_basis
    return limit, basis, irregularities
