from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from athena.accounts.roles import Role
from athena.problems import messages
from custody.detention import clock as clock_rules
from custody.detention.clock import (
    DetentionFacts,
    Extension,
    Review,
    ReviewOutcome,
    Warrant,
    detention_clock,
    london,
    ordinal,
)
from custody.models import CloseReason
from custody.records.rules import LONDON


# The checks answer with Problems (code, field, message); these tests compare the
# messages. Codes and fields are asserted in test_clock_problems.py.
def check_review(facts, review):
    return messages(clock_rules.check_review(facts, review))


def check_extension(facts, extension):
    return messages(clock_rules.check_extension(facts, extension))


def check_warrant(facts, warrant):
    return messages(clock_rules.check_warrant(facts, warrant))


INSPECTOR = Role.INSPECTOR
CUSTODY_OFFICER = Role.CUSTODY_OFFICER
SUPERINTENDENT = Role.SUPERINTENDENT

# A winter detention, away from any clock change: relevant time 09:00 on 12 January 2027.
ARRESTED = datetime(2027, 1, 12, 8, 0, tzinfo=UTC)
ARRIVED = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
AUTHORISED = datetime(2027, 1, 12, 9, 30, tzinfo=UTC)


def hours(number):
    return timedelta(hours=number)


def after_authorisation(number):
    return AUTHORISED + hours(number)


def facts(**changes):
    return replace(
        DetentionFacts(arrested_at=ARRESTED, arrived_at=ARRIVED, authorised_at=AUTHORISED),
        **changes,
    )


def review(at, by_role=INSPECTOR, **kwargs):
    return Review(at=at, by_role=by_role, **kwargs)


def two_reviews():
    """On time: at +6 h and +15 h after authorisation (the 2nd is due by +15 h)."""
    return (review(after_authorisation(6)), review(after_authorisation(15)))


def extension(at=None, by_role=SUPERINTENDENT, new_limit_hours=36, grounds="Evidence from CCTV"):
    return Extension(
        at=at or after_authorisation(16),
        by_role=by_role,
        new_limit_hours=new_limit_hours,
        grounds=grounds,
    )


def wall_clock(moment):
    """(year, month, day, hour, minute) on a clock in London."""
    local = moment.astimezone(LONDON)
    return (local.year, local.month, local.day, local.hour, local.minute)


def london_time(year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


# --- relevant time and the 24-hour limit -------------------------------------------------


@pytest.mark.parametrize(
    ("arrested_at", "arrived_at", "expected"),
    [
        (ARRESTED, ARRIVED, ARRIVED),
        (ARRESTED, ARRESTED + hours(30), ARRESTED + hours(24)),
        (ARRESTED, ARRESTED + hours(24), ARRESTED + hours(24)),
    ],
    ids=["arrival-earlier", "arrest-plus-24h-earlier", "both-the-same"],
)
def test_relevant_time_is_arrival_or_24_hours_after_arrest_whichever_is_earlier(
    arrested_at, arrived_at, expected
):
    clock = detention_clock(
        facts(arrested_at=arrested_at, arrived_at=arrived_at, authorised_at=arrived_at)
    )

    assert clock.relevant_time == expected


def test_the_limit_is_24_hours_from_the_relevant_time():
    clock = detention_clock(facts())

    assert clock.detention_limit == ARRIVED + hours(24)
    assert clock.limit_basis == "24 hours from the relevant time (PACE s.41)"
    assert clock.is_closed is False


# --- review schedule ---------------------------------------------------------------------


def test_the_first_review_is_due_6_hours_after_authorisation_by_an_inspector():
    clock = detention_clock(facts())

    assert clock.next_review_due == AUTHORISED + hours(6)
    assert clock.next_review_by == "inspector"
    assert clock.reviews_done == 0
    assert clock.review_schedule == (AUTHORISED + hours(6),)


@pytest.mark.parametrize(
    ("reviews", "expected_schedule"),
    [
        ((review(after_authorisation(6)),), (6, 15)),
        ((review(after_authorisation(4)),), (6, 13)),
        ((review(after_authorisation(7)),), (6, 15)),
        ((review(after_authorisation(6)), review(after_authorisation(15))), (6, 15, 24)),
        ((review(after_authorisation(6)), review(after_authorisation(12))), (6, 15, 21)),
        (
            (
                review(after_authorisation(5), postponed=True, reason="Detainee asleep"),
                review(after_authorisation(8)),
            ),
            (6, 15),
        ),
        (
            (
                review(after_authorisation(5), postponed=True, reason="Detainee asleep"),
                review(after_authorisation(8)),
                review(after_authorisation(15)),
            ),
            (6, 15, 24),
        ),
    ],
    ids=[
        "first-on-time-second-9h-later",
        "early-first-brings-second-earlier",
        "late-first-does-not-push-second-later",
        "two-on-time",
        "early-second-brings-third-earlier",
        "postponed-first-does-not-move-second",
        "postponed-first-does-not-move-third",
    ],
)
def test_each_review_is_due_9_hours_after_the_earlier_of_the_last_review_and_its_due_time(
    reviews, expected_schedule
):
    clock = detention_clock(facts(reviews=reviews))

    assert clock.review_schedule == tuple(after_authorisation(h) for h in expected_schedule)
    assert clock.next_review_due == after_authorisation(expected_schedule[-1])
    assert clock.reviews_done == len(expected_schedule) - 1


def test_a_postponement_is_not_a_review_and_leaves_the_review_due():
    postponement = review(after_authorisation(5), postponed=True, reason="Detainee asleep")

    clock = detention_clock(facts(reviews=(postponement,)))

    assert postponement.outcome == ReviewOutcome.POSTPONED
    assert clock.reviews_done == 0
    assert clock.next_review_due == after_authorisation(6)
    assert clock.postponed_review == postponement


def test_after_charge_the_custody_officer_reviews_at_the_same_intervals():
    charged = after_authorisation(7)
    reviews = (review(after_authorisation(6)), review(after_authorisation(14), CUSTODY_OFFICER))

    clock = detention_clock(facts(charged_at=charged, reviews=reviews))

    assert clock.next_review_by == "custody_officer"
    assert clock.review_schedule == tuple(after_authorisation(h) for h in (6, 15, 23))


@pytest.mark.parametrize(
    ("charged_after", "the_review", "expected"),
    [
        (None, review(after_authorisation(6)), []),
        (None, review(after_authorisation(6), SUPERINTENDENT), []),
        (
            None,
            review(after_authorisation(6), CUSTODY_OFFICER),
            ["Before charge, detention is reviewed by an inspector."],
        ),
        (
            5,
            review(after_authorisation(6)),
            ["After charge, detention is reviewed by the custody officer."],
        ),
        (5, review(after_authorisation(6), CUSTODY_OFFICER), []),
        (
            None,
            review(after_authorisation(5), postponed=True, reason=" "),
            ["A postponed review needs the reason recorded."],
        ),
    ],
    ids=[
        "inspector-before-charge",
        "superintendent-before-charge",
        "custody-officer-before-charge-refused",
        "inspector-after-charge-refused",
        "custody-officer-after-charge",
        "postponement-without-reason-refused",
    ],
)
def test_who_reviews_and_how_a_postponement_is_recorded(charged_after, the_review, expected):
    charged_at = None if charged_after is None else after_authorisation(charged_after)

    assert check_review(facts(charged_at=charged_at), the_review) == expected


@pytest.mark.parametrize(
    ("at", "fragment"),
    [
        (ARRESTED - hours(1), "before the arrest"),
        (AUTHORISED - timedelta(minutes=10), "before detention was authorised"),
        (after_authorisation(4), "after detention ended"),
    ],
    ids=["before-arrest", "before-authorisation", "after-closure"],
)
def test_a_review_outside_the_detention_is_refused(at, fragment):
    closed = facts(closed_at=after_authorisation(3), close_reason=CloseReason.RELEASED)

    reasons = check_review(closed, review(at))

    assert any(fragment in reason for reason in reasons), reasons


def test_a_refused_review_is_not_counted_and_is_reported():
    clock = detention_clock(facts(reviews=(review(after_authorisation(5), CUSTODY_OFFICER),)))

    assert clock.reviews_done == 0
    assert clock.next_review_due == after_authorisation(6)
    assert len(clock.irregularities) == 1
    assert "not counted" in clock.irregularities[0]


# --- superintendent's extension ----------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "the_extension", "fragment"),
    [
        ({}, extension(by_role=INSPECTOR), "Only a superintendent"),
        ({"reviews": (review(after_authorisation(6)),)}, extension(), "after the 2nd review"),
        (
            {
                "reviews": (
                    review(after_authorisation(5), postponed=True, reason="Asleep"),
                    review(after_authorisation(6)),
                ),
            },
            extension(),
            "after the 2nd review",
        ),
        ({}, extension(at=ARRIVED + hours(24)), "too late to extend"),
        ({}, extension(new_limit_hours=37), "at most 36 hours"),
        ({}, extension(new_limit_hours=24), "later than the limit in force"),
        ({}, extension(grounds=""), "grounds"),
        (
            {"charged_at": after_authorisation(15)},
            extension(),
            "after charge",
        ),
        (
            {"closed_at": after_authorisation(15), "close_reason": CloseReason.BAILED},
            extension(),
            "after detention ended",
        ),
    ],
    ids=[
        "not-a-superintendent",
        "only-one-review",
        "postponement-is-not-a-review",
        "after-24-hours",
        "beyond-36-hours",
        "not-later-than-24-hours",
        "no-grounds",
        "after-charge",
        "after-closure",
    ],
)
def test_an_extension_is_refused(changes, the_extension, fragment):
    reasons = check_extension(facts(**{"reviews": two_reviews(), **changes}), the_extension)

    assert any(fragment in reason for reason in reasons), reasons


@pytest.mark.parametrize("new_limit_hours", [30, 36], ids=["to-30-hours", "to-36-hours"])
def test_a_superintendent_may_extend_after_the_second_review_before_24_hours(new_limit_hours):
    the_extension = extension(new_limit_hours=new_limit_hours)
    detention = facts(reviews=two_reviews(), extensions=(the_extension,))

    assert check_extension(detention, the_extension) == []
    clock = detention_clock(detention)
    assert clock.detention_limit == ARRIVED + hours(new_limit_hours)
    assert clock.limit_basis == (
        f"extended to {new_limit_hours} hours by a superintendent (PACE s.42)"
    )


def test_a_second_extension_may_take_a_short_one_on_to_36_hours_before_it_expires():
    first = extension(new_limit_hours=30)
    second = extension(at=ARRIVED + hours(29), new_limit_hours=36)
    detention = facts(reviews=two_reviews(), extensions=(first, second))

    assert check_extension(detention, second) == []
    assert detention_clock(detention).detention_limit == ARRIVED + hours(36)


def test_a_refused_extension_does_not_move_the_limit():
    detention = facts(reviews=two_reviews()[:1], extensions=(extension(),))

    clock = detention_clock(detention)

    assert clock.detention_limit == ARRIVED + hours(24)
    assert clock.irregularities and "Extension" in clock.irregularities[0]


# --- warrants of further detention -------------------------------------------------------


def extended_to_36():
    return facts(reviews=two_reviews(), extensions=(extension(),))


@pytest.mark.parametrize(
    ("warrants", "expected_limit_hours"),
    [
        ((Warrant(at=ARRIVED + hours(35), granted_until=ARRIVED + hours(71)),), 71),
        (
            (
                Warrant(at=ARRIVED + hours(35), granted_until=ARRIVED + hours(71)),
                Warrant(at=ARRIVED + hours(70), granted_until=ARRIVED + hours(96)),
            ),
            96,
        ),
    ],
    ids=["warrant-to-71h", "extended-warrant-to-96h"],
)
def test_warrants_extend_the_limit_up_to_96_hours(warrants, expected_limit_hours):
    clock = detention_clock(replace(extended_to_36(), warrants=warrants))

    assert clock.detention_limit == ARRIVED + hours(expected_limit_hours)
    assert clock.limit_basis == "warrant of further detention (PACE ss.43-44)"
    assert clock.irregularities == ()


@pytest.mark.parametrize(
    ("earlier", "the_warrant", "fragment"),
    [
        (
            (Warrant(at=ARRIVED + hours(35), granted_until=ARRIVED + hours(71)),),
            Warrant(at=ARRIVED + hours(70), granted_until=ARRIVED + hours(97)),
            "beyond 96 hours",
        ),
        ((), Warrant(at=ARRIVED + hours(35), granted_until=ARRIVED + hours(72)), "at most 36"),
        ((), Warrant(at=ARRIVED + hours(36), granted_until=ARRIVED + hours(60)), "expired"),
        ((), Warrant(at=ARRIVED + hours(30), granted_until=ARRIVED + hours(36)), "run later"),
    ],
    ids=["beyond-96h", "more-than-36h-at-once", "after-the-limit-expired", "not-later"],
)
def test_a_warrant_is_refused(earlier, the_warrant, fragment):
    detention = replace(extended_to_36(), warrants=earlier)

    reasons = check_warrant(detention, the_warrant)

    assert any(fragment in reason for reason in reasons), reasons


def test_a_refused_warrant_does_not_move_the_limit():
    too_long = Warrant(at=ARRIVED + hours(35), granted_until=ARRIVED + hours(97))

    clock = detention_clock(replace(extended_to_36(), warrants=(too_long,)))

    assert clock.detention_limit == ARRIVED + hours(36)
    assert "Warrant" in clock.irregularities[0]


# --- closure -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "close_reason",
    [
        CloseReason.RELEASED,
        CloseReason.BAILED,
        CloseReason.CHARGED_BAILED,
        CloseReason.CHARGED_KEPT,
        CloseReason.TRANSFERRED,
    ],
    ids=lambda reason: reason.value,
)
def test_release_charge_bail_or_transfer_close_the_clock(close_reason):
    closed_at = after_authorisation(10)
    detention = facts(
        reviews=(review(after_authorisation(6)),),
        charged_at=closed_at if close_reason.value.startswith("charged") else None,
        closed_at=closed_at,
        close_reason=close_reason,
    )

    clock = detention_clock(detention)

    assert clock.is_closed is True
    assert clock.next_review_due is None
    assert clock.next_review_by is None
    assert clock.review_schedule == (after_authorisation(6),)
    assert clock.overdue_items(closed_at + hours(48)) == []


@pytest.mark.parametrize(
    "changes",
    [
        {"closed_at": after_authorisation(1)},
        {"close_reason": CloseReason.RELEASED},
        {"closed_at": after_authorisation(1), "close_reason": "escaped"},
        {"closed_at": after_authorisation(1), "close_reason": CloseReason.CHARGED_KEPT},
        {"authorised_at": ARRIVED - hours(1)},
        {"arrived_at": ARRESTED - hours(1), "authorised_at": ARRESTED},
    ],
    ids=[
        "closed-without-reason",
        "reason-without-closing-time",
        "unknown-reason",
        "charged-reason-without-charge",
        "authorised-before-arrival",
        "arrived-before-arrest",
    ],
)
def test_contradictory_facts_are_refused(changes):
    with pytest.raises(ValueError, match=r"."):
        facts(**changes)


# --- overdue items -----------------------------------------------------------------------


def test_nothing_is_overdue_while_the_clock_is_on_time():
    assert detention_clock(facts()).overdue_items(after_authorisation(6)) == []


def test_a_review_past_its_due_time_is_overdue():
    items = detention_clock(facts()).overdue_items(after_authorisation(6) + timedelta(minutes=1))

    assert items == [
        "1st review overdue: it was due by 15:30 GMT Tue 12 Jan 2027 by the inspector."
    ]


def test_a_postponed_review_is_listed_as_still_to_be_done():
    postponement = review(after_authorisation(5), postponed=True, reason="Detainee asleep")

    items = detention_clock(facts(reviews=(postponement,))).overdue_items(after_authorisation(7))

    assert len(items) == 1
    assert "postponed (Detainee asleep)" in items[0]
    assert "as soon as practicable" in items[0]


def test_detention_past_the_limit_is_overdue():
    reviews = (review(after_authorisation(6)), review(after_authorisation(15)))

    items = detention_clock(facts(reviews=reviews)).overdue_items(ARRIVED + hours(25))

    assert any(item.startswith("Held without charge beyond the detention limit") for item in items)
    assert any("24 hours from the relevant time" in item for item in items)


def test_a_breach_that_has_ended_is_still_reported():
    detention = facts(
        reviews=two_reviews() + (review(after_authorisation(24)),),
        closed_at=ARRIVED + hours(25),
        close_reason=CloseReason.RELEASED,
    )

    items = detention_clock(detention).overdue_items(ARRIVED + hours(48))

    assert len(items) == 1
    assert "beyond the detention limit" in items[0]


def test_charge_before_the_limit_ends_the_limit():
    detention = facts(reviews=two_reviews(), charged_at=ARRIVED + hours(20))
    clock = detention_clock(detention)

    items = clock.overdue_items(ARRIVED + hours(30))

    assert not any("detention limit" in item for item in items)
    assert clock.next_review_by == "custody_officer"


# --- aware datetimes only ----------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda: facts(arrested_at=datetime(2027, 1, 12, 8, 0)),  # noqa: DTZ001
        lambda: review(datetime(2027, 1, 12, 16, 0)),  # noqa: DTZ001
        lambda: extension(at=datetime(2027, 1, 13, 2, 0)),  # noqa: DTZ001
        lambda: Warrant(at=ARRIVED, granted_until=datetime(2027, 1, 14, 9, 0)),  # noqa: DTZ001
        lambda: detention_clock(facts()).overdue_items(datetime(2027, 1, 12, 16, 0)),  # noqa: DTZ001
    ],
    ids=["facts", "review", "extension", "warrant", "overdue-now"],
)
def test_a_naive_datetime_is_refused(build):
    with pytest.raises(ValueError, match="aware"):
        build()


def test_times_are_held_in_utc_whatever_zone_they_arrive_in():
    arrived = datetime(2027, 1, 12, 10, 0, tzinfo=timezone(timedelta(hours=1)))

    clock = detention_clock(facts(arrived_at=arrived, authorised_at=arrived))

    assert clock.relevant_time == ARRIVED
    assert clock.relevant_time.tzinfo is UTC


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (22, "22nd")],
)
def test_ordinal(number, expected):
    assert ordinal(number) == expected


# --- daylight saving ---------------------------------------------------------------------


def test_clocks_going_forward_on_28_march_2027():
    # 23:30 GMT on Saturday 27 March is 23:30 UTC; the clocks go forward at 01:00 GMT.
    arrived = london_time(2027, 3, 27, 23, 30)
    authorised = london_time(2027, 3, 28, 0, 0)  # 00:00 GMT Sunday, before the change
    detention = DetentionFacts(
        arrested_at=london_time(2027, 3, 27, 22, 0),
        arrived_at=arrived,
        authorised_at=authorised,
    )

    clock = detention_clock(detention)

    assert clock.detention_limit == datetime(2027, 3, 28, 23, 30, tzinfo=UTC)
    assert wall_clock(clock.detention_limit) == (2027, 3, 29, 0, 30)
    assert clock.next_review_due == datetime(2027, 3, 28, 6, 0, tzinfo=UTC)
    assert london(clock.next_review_due) == "07:00 BST Sun 28 Mar 2027"


def test_first_review_across_the_spring_change_is_an_hour_later_on_the_wall_clock():
    authorised = london_time(2027, 3, 27, 22, 0)  # 22:00 GMT
    detention = DetentionFacts(
        arrested_at=authorised, arrived_at=authorised, authorised_at=authorised
    )

    clock = detention_clock(detention)

    assert clock.next_review_due == datetime(2027, 3, 28, 4, 0, tzinfo=UTC)
    assert wall_clock(clock.next_review_due) == (2027, 3, 28, 5, 0)
    assert london(clock.next_review_due) == "05:00 BST Sun 28 Mar 2027"
    assert clock.detention_limit == datetime(2027, 3, 28, 22, 0, tzinfo=UTC)
    assert london(clock.detention_limit) == "23:00 BST Sun 28 Mar 2027"


def test_clocks_going_back_on_31_october_2027():
    authorised = london_time(2027, 10, 31, 0, 30)  # 00:30 BST is 23:30 UTC on the 30th
    detention = DetentionFacts(
        arrested_at=authorised - hours(1), arrived_at=authorised, authorised_at=authorised
    )

    clock = detention_clock(detention)

    assert authorised.astimezone(UTC) == datetime(2027, 10, 30, 23, 30, tzinfo=UTC)
    assert clock.next_review_due == datetime(2027, 10, 31, 5, 30, tzinfo=UTC)
    assert wall_clock(clock.next_review_due) == (2027, 10, 31, 5, 30)
    assert london(clock.next_review_due) == "05:30 GMT Sun 31 Oct 2027"
    assert clock.detention_limit == datetime(2027, 10, 31, 23, 30, tzinfo=UTC)
    assert london(clock.detention_limit) == "23:30 GMT Sun 31 Oct 2027"


def test_the_review_chain_counts_real_hours_through_the_autumn_change():
    authorised = london_time(2027, 10, 30, 19, 30)  # 18:30 UTC
    # Six real hours later is 00:30 UTC, 01:30 BST, half an hour before the clocks go back.
    first = authorised.astimezone(UTC) + hours(6)
    detention = DetentionFacts(
        arrested_at=authorised,
        arrived_at=authorised,
        authorised_at=authorised,
        reviews=(Review(at=first, by_role=INSPECTOR),),
    )

    clock = detention_clock(detention)

    assert london(first) == "01:30 BST Sun 31 Oct 2027"
    assert clock.review_schedule[0] == first
    # Nine real hours after 01:30 BST is 09:30 GMT; wall-clock arithmetic would say 10:30.
    assert clock.next_review_due == datetime(2027, 10, 31, 9, 30, tzinfo=UTC)
    assert london(clock.next_review_due) == "09:30 GMT Sun 31 Oct 2027"


def test_wall_clock_arithmetic_would_be_wrong_which_is_why_the_clock_works_in_utc():
    # Adding hours to a London datetime adds wall-clock hours: 7 real hours here, not 6.
    authorised = london_time(2027, 10, 30, 20, 0)
    wall_clock_guess = authorised + hours(6)

    clock = detention_clock(
        DetentionFacts(arrested_at=authorised, arrived_at=authorised, authorised_at=authorised)
    )

    assert wall_clock_guess - clock.next_review_due == hours(1)
    assert london(clock.next_review_due) == "01:00 GMT Sun 31 Oct 2027"
