"""The detention clock against PACE 1984, case by case: the relevant time for each way a
person comes to be detained (s.41(2)), time in hospital (s.41(6)), time already spent in
detention by a person answering bail (s.47(6)), extensions and warrants only for an
indictable offence (ss.42(1), 43(4)), and the warrant's 6-hour grace when the court
could not sit at 36 hours (s.43(5)(b)). Each row cites the provision it tests."""

from datetime import UTC, datetime, timedelta

import pytest

from athena.accounts.roles import Role
from custody.detention.clock import (
    DetentionFacts,
    Extension,
    HospitalStay,
    Review,
    Warrant,
    check_extension,
    check_warrant,
    detention_clock,
)
from custody.models import ArrestPlace

T0 = datetime(2027, 1, 12, 8, 0, tzinfo=UTC)  # a winter morning, no clock change near


def at(hours, minutes=0):
    return T0 + timedelta(hours=hours, minutes=minutes)


ARRESTED, ARRIVED = at(0), at(1)


def facts(arrested=ARRESTED, arrived=ARRIVED, authorised=None, **changes):
    return DetentionFacts(arrested_at=arrested, arrived_at=arrived,
                          authorised_at=authorised or max(arrested, arrived) + timedelta(
                              minutes=15), **changes)


# (provision, facts, relevant time, words of the basis)
RELEVANT_TIMES = [
    ("s.41(2)(d) arrival first", facts(arrived=at(1)), at(1), "arrival at the station"),
    ("s.41(2)(d) 24 hours after arrest when the journey is longer",
     facts(arrived=at(30)), at(24), "24 hours after the arrest (PACE s.41(2)(d))"),
    ("s.41(2)(a) arrested in another area, arrival here first",
     facts(arrived=at(5), arrest_place=ArrestPlace.OTHER_AREA), at(5),
     "arrival at the station (PACE s.41(2)(a))"),
    ("s.41(2)(a) arrested in another area, 24 hours after the arrest first",
     facts(arrived=at(26), arrest_place=ArrestPlace.OTHER_AREA), at(24),
     "24 hours after the arrest (PACE s.41(2)(a))"),
    ("s.41(2)(b) arrested abroad, arrival first",
     facts(arrived=at(12), arrest_place=ArrestPlace.OUTSIDE_ENGLAND_WALES,
           entered_england_wales_at=at(3)), at(12), "arrival at the station (PACE s.41(2)(b))"),
    ("s.41(2)(b) arrested abroad, 24 hours after entering England and Wales first",
     facts(arrived=at(40), arrest_place=ArrestPlace.OUTSIDE_ENGLAND_WALES,
           entered_england_wales_at=at(10)), at(34),
     "24 hours after entering England and Wales (PACE s.41(2)(b))"),
    ("s.41(2)(c) voluntary attender arrested at the station",
     facts(arrested=at(2), arrived=at(0), arrest_place=ArrestPlace.AT_STATION), at(2),
     "voluntary attender (PACE s.41(2)(c))"),
]


@pytest.mark.parametrize("provision, given, relevant, basis", RELEVANT_TIMES,
                         ids=[row[0] for row in RELEVANT_TIMES])
def test_the_relevant_time_follows_s41_2(provision, given, relevant, basis):
    state = detention_clock(given)
    assert state.relevant_time == relevant
    assert basis in state.relevant_time_basis
    assert state.detention_limit == relevant + timedelta(hours=24)  # s.41(1)


def test_a_voluntary_attender_may_arrive_before_the_arrest_and_no_one_else_may():
    facts(arrested=at(2), arrived=at(0), arrest_place=ArrestPlace.AT_STATION)
    with pytest.raises(ValueError, match="before the arrest"):
        facts(arrested=at(2), arrived=at(0))


@pytest.mark.parametrize("entered", [None, at(-1), at(13)])
def test_an_arrest_abroad_needs_an_entry_between_the_arrest_and_the_arrival(entered):
    with pytest.raises(ValueError, match="England and Wales"):
        facts(arrived=at(12), arrest_place=ArrestPlace.OUTSIDE_ENGLAND_WALES,
              entered_england_wales_at=entered)


# (provision, changes, hours the 24-hour limit moves by, words in the basis)
PERIODS = [
    ("s.47(6) time already in detention counts",
     {"earlier_detention": timedelta(hours=5, minutes=30)}, -5.5,
     "less 5 h 30 min already in detention (s.47(6))"),
    ("s.41(6) hospital, not questioned, is left out",
     {"hospital_stays": (HospitalStay(at(3), at(6)),)}, 3,
     "plus 3 h 00 min in hospital, not questioned (s.41(6))"),
    ("s.41(6) hospital while questioned counts",
     {"hospital_stays": (HospitalStay(at(3), at(6), questioned=True),)}, 0, ""),
    ("s.41(6) a stay still going on moves nothing yet",
     {"hospital_stays": (HospitalStay(at(3)),)}, 0, ""),
    ("s.41(6) and s.47(6) together",
     {"hospital_stays": (HospitalStay(at(3), at(5)), HospitalStay(at(8), at(9))),
      "earlier_detention": timedelta(hours=1)}, 2,
     "less 1 h 00 min already in detention (s.47(6)) and plus 3 h 00 min in hospital"),
]


@pytest.mark.parametrize("provision, changes, moved, words", PERIODS,
                         ids=[row[0] for row in PERIODS])
def test_time_in_hospital_and_earlier_detention_move_every_limit(provision, changes, moved,
                                                                 words):
    state = detention_clock(facts(**changes))
    assert state.detention_limit == at(1) + timedelta(hours=24 + moved)
    assert words in state.limit_basis


def _reviewed(given):
    """Two inspector's reviews, so that a superintendent may extend (s.42(4))."""
    reviews = (Review(at(6), Role.INSPECTOR), Review(at(15), Role.INSPECTOR))
    return DetentionFacts(**{**given.__dict__, "reviews": reviews})


@pytest.mark.parametrize("indictable, code", [(False, "offence_not_indictable"),
                                              (None, "offence_not_recorded")])
def test_extensions_and_warrants_are_for_indictable_offences_only(indictable, code):
    # ss.42(1) and 43(4): a summary-only offence, or none recorded, is refused.
    given = _reviewed(facts(indictable=indictable))
    extension = Extension(at(20), Role.SUPERINTENDENT, 36, "Awaiting forensic results")
    assert code in [p.code for p in check_extension(given, extension)]
    warrant = Warrant(at(20), at(50))
    assert code in [p.code for p in check_warrant(given, warrant)]
    assert check_extension(_reviewed(facts()), extension) == []


def _extended_to_36():
    given = _reviewed(facts())
    return DetentionFacts(**{**given.__dict__, "extensions": (
        Extension(at(20), Role.SUPERINTENDENT, 36, "Awaiting forensic results"),)})


@pytest.mark.parametrize("issued_after_36, court_could_not_sit, allowed", [
    (-1, False, True),   # s.43(5)(a): within the 36 hours
    (2, False, False),   # after the 36 hours, the court could have sat
    (2, True, True),     # s.43(5)(b): the court could not sit; within the 6 hours
    (6, True, False),    # s.43(5)(b): the 6 hours are over
])
def test_a_warrant_may_follow_36_hours_only_within_the_courts_grace(issued_after_36,
                                                                    court_could_not_sit,
                                                                    allowed):
    given = _extended_to_36()
    thirty_six = at(1) + timedelta(hours=36)
    warrant = Warrant(thirty_six + timedelta(hours=issued_after_36),
                      thirty_six + timedelta(hours=20), court_could_not_sit=court_could_not_sit)
    problems = [p.code for p in check_warrant(given, warrant)]
    assert ("warrant_too_late" not in problems) == allowed
    if allowed:
        state = detention_clock(DetentionFacts(**{**given.__dict__, "warrants": (warrant,)}))
        assert state.detention_limit == warrant.granted_until
        assert state.irregularities == ()
