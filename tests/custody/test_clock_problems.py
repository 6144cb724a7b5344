"""The detention clock's checks answer with Problems: a stable code for programs and
tests, and the form field each is about, so a form puts it beside that field."""

from datetime import UTC, datetime, timedelta

import pytest

from athena.accounts.roles import Role
from athena.problems import Problem
from custody.detention.clock import (
    DetentionFacts,
    Extension,
    Review,
    Warrant,
    check_close,
    check_extension,
    check_review,
    check_warrant,
)
from custody.models import CloseReason

ARRESTED = datetime(2027, 1, 12, 8, 0, tzinfo=UTC)
ARRIVED = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
AUTHORISED = datetime(2027, 1, 12, 9, 30, tzinfo=UTC)


def hours(number):
    return timedelta(hours=number)


def facts(**changes):
    return DetentionFacts(**{"arrested_at": ARRESTED, "arrived_at": ARRIVED,
                             "authorised_at": AUTHORISED, **changes})


def codes_and_fields(problems):
    return [(problem.code, problem.field) for problem in problems]


TWO_REVIEWS = (Review(at=AUTHORISED + hours(6), by_role=Role.INSPECTOR),
               Review(at=AUTHORISED + hours(15), by_role=Role.INSPECTOR))


@pytest.mark.parametrize(("detention", "review", "expected"), [
    (facts(), Review(at=ARRESTED - hours(1), by_role=Role.INSPECTOR),
     [("review_before_arrest", "at")]),
    (facts(), Review(at=AUTHORISED - hours(0.2), by_role=Role.INSPECTOR),
     [("review_before_authorisation", "at")]),
    (facts(closed_at=AUTHORISED + hours(3), close_reason=CloseReason.RELEASED),
     Review(at=AUTHORISED + hours(4), by_role=Role.INSPECTOR),
     [("review_after_detention_ended", "at")]),
    (facts(), Review(at=AUTHORISED + hours(5), by_role=Role.CUSTODY_OFFICER),
     [("reviewer_before_charge", "")]),
    (facts(charged_at=AUTHORISED + hours(2)), Review(at=AUTHORISED + hours(5),
                                                      by_role=Role.INSPECTOR),
     [("reviewer_after_charge", "")]),
    (facts(), Review(at=AUTHORISED + hours(5), by_role=Role.INSPECTOR, postponed=True,
                     reason=" "),
     [("postponement_reason_missing", "reason")]),
])
def test_review_problems_carry_a_code_and_a_field(detention, review, expected):
    assert codes_and_fields(check_review(detention, review)) == expected


def extension(**changes):
    return Extension(**{"at": AUTHORISED + hours(16), "by_role": Role.SUPERINTENDENT,
                        "new_limit_hours": 36, "grounds": "CCTV", **changes})


@pytest.mark.parametrize(("detention", "the_extension", "expected"), [
    (facts(reviews=TWO_REVIEWS), extension(by_role=Role.INSPECTOR),
     [("extender_not_superintendent", "")]),
    (facts(reviews=TWO_REVIEWS[:1]), extension(), [("extension_before_reviews", "")]),
    (facts(reviews=TWO_REVIEWS), extension(at=ARRIVED + hours(24)),
     [("extension_too_late", "at")]),
    (facts(reviews=TWO_REVIEWS), extension(new_limit_hours=37),
     [("extension_beyond_superintendent_limit", "new_limit_hours")]),
    (facts(reviews=TWO_REVIEWS), extension(new_limit_hours=24),
     [("extension_not_later", "new_limit_hours")]),
    (facts(reviews=TWO_REVIEWS), extension(grounds=""),
     [("extension_grounds_missing", "grounds")]),
    (facts(reviews=TWO_REVIEWS, charged_at=AUTHORISED + hours(15.5)), extension(),
     [("after_charge", "at")]),
])
def test_extension_problems_carry_a_code_and_a_field(detention, the_extension, expected):
    assert codes_and_fields(check_extension(detention, the_extension)) == expected


@pytest.mark.parametrize(("the_warrant", "expected"), [
    (Warrant(at=ARRIVED + hours(24), granted_until=ARRIVED + hours(50)),
     [("warrant_too_late", "at")]),
    (Warrant(at=ARRIVED + hours(20), granted_until=ARRIVED + hours(23)),
     [("warrant_not_later", "granted_until")]),
    (Warrant(at=ARRIVED + hours(20), granted_until=ARRIVED + hours(57)),
     [("warrant_too_long", "granted_until")]),
])
def test_warrant_problems_carry_a_code_and_a_field(the_warrant, expected):
    assert codes_and_fields(check_warrant(facts(), the_warrant)) == expected


def test_a_warrant_beyond_96_hours_names_the_end_of_the_warrant():
    problems = check_warrant(facts(), Warrant(at=ARRIVED + hours(23),
                                              granted_until=ARRIVED + hours(97)))
    assert ("warrant_beyond_limit", "granted_until") in codes_and_fields(problems)


def test_problems_read_as_their_messages():
    (problem,) = check_review(facts(), Review(at=AUTHORISED + hours(5),
                                              by_role=Role.CUSTODY_OFFICER))
    assert isinstance(problem, Problem)
    assert str(problem) == "Before charge, detention is reviewed by an inspector."


@pytest.mark.parametrize(("detention", "at", "reason", "expected"), [
    (facts(), AUTHORISED + hours(2), CloseReason.RELEASED, []),
    (facts(), AUTHORISED - hours(0.2), CloseReason.RELEASED,
     [("closed_before_authorisation", "at")]),
    (facts(charged_at=AUTHORISED + hours(2)), AUTHORISED + hours(1), CloseReason.CHARGED_KEPT,
     [("closed_before_charge", "at")]),
    (facts(), AUTHORISED + hours(2), CloseReason.CHARGED_BAILED,
     [("charge_time_missing", "reason")]),
    (facts(), AUTHORISED + hours(2), "escaped", [("close_reason_unknown", "reason")]),
])
def test_leaving_custody_problems_carry_a_code_and_a_field(detention, at, reason, expected):
    assert codes_and_fields(check_close(detention, at=at, reason=reason)) == expected


def test_leaving_early_with_a_charged_reason_and_no_charge_lists_both_problems():
    problems = check_close(facts(), at=AUTHORISED - hours(0.2),
                           reason=CloseReason.CHARGED_BAILED)
    assert codes_and_fields(problems) == [("closed_before_authorisation", "at"),
                                          ("charge_time_missing", "reason")]


def test_contradictory_facts_still_raise_the_first_closing_problem():
    with pytest.raises(ValueError, match="Detention cannot end before it was authorised"):
        facts(closed_at=AUTHORISED - hours(0.2), close_reason=CloseReason.CHARGED_BAILED)
