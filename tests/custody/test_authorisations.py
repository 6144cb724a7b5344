"""Authorisations against PACE 1984 and Code C, by the rank the law asks, each refusing
the wrong rank or a missing ground with its reason at its field: detention (s.37 and
Code G 2.9), delays in telling someone (s.56) and in legal advice (s.58), rest periods
(Code C 12.2), the next court after charge (s.46), pre-charge bail and its extensions
(ss.47ZA-47ZG as amended in 2022). Then the same through the pages."""

from datetime import UTC, datetime, timedelta

import pytest

from athena.accounts.roles import Role
from custody.authorisations.rules import Request, authorisation_problems, bail_until
from custody.models import AuthorisationKind as K

AT = datetime(2027, 1, 12, 12, 0, tzinfo=UTC)
RELEVANT = AT - timedelta(hours=3)
ARRESTED = datetime(2027, 1, 12, 8, 30, tzinfo=UTC)
CUSTODY, INSPECTOR, SUPER = (frozenset({Role.CUSTODY_OFFICER}), frozenset({Role.INSPECTOR}),
                             frozenset({Role.SUPERINTENDENT}))


def request(kind, roles, **given):
    base = {"at": AT, "relevant_time": RELEVANT, "arrested_at": ARRESTED}
    return Request(kind=kind, roles=roles, **{**base, **given})


def codes(req):
    return [(p.code, p.field) for p in authorisation_problems(req)]


DELAY = {"reasons": ("alert_suspects",), "grounds": "Co-accused not yet arrested",
         "until": AT + timedelta(hours=6)}
CASES = [
    # (provision, request, problems)
    ("s.37 detention by the custody officer",
     request(K.DETENTION, CUSTODY, grounds="questioning", reasons=("investigation",)), []),
    ("s.37 detention by an inspector", request(K.DETENTION, INSPECTOR, grounds="questioning",
                                               reasons=("investigation",)),
     [("wrong_rank", "")]),
    ("s.37 detention without a ground or necessity", request(K.DETENTION, CUSTODY),
     [("grounds_missing", "grounds"), ("necessity_missing", "reasons")]),
    ("s.56 delay by an inspector", request(K.DELAY_INFORMING, INSPECTOR, **DELAY), []),
    ("s.56 delay by a superintendent (or above)",
     request(K.DELAY_INFORMING, SUPER, **DELAY), []),
    ("s.56 delay by the custody officer", request(K.DELAY_INFORMING, CUSTODY, **DELAY),
     [("wrong_rank", "")]),
    ("s.56 delay for a summary-only offence",
     request(K.DELAY_INFORMING, INSPECTOR, indictable=False, **DELAY),
     [("offence_not_indictable", "")]),
    ("s.56(3) delay beyond 36 hours", request(K.DELAY_INFORMING, INSPECTOR, **{
        **DELAY, "until": RELEVANT + timedelta(hours=37)}), [("delay_too_long", "until")]),
    ("s.56 delay without grounds", request(K.DELAY_INFORMING, INSPECTOR, until=DELAY["until"]),
     [("grounds_missing", "reasons"), ("reason_missing", "grounds")]),
    ("s.58(6) delay by an inspector", request(K.DELAY_LEGAL_ADVICE, INSPECTOR, **DELAY),
     [("wrong_rank", "")]),
    ("s.58(6) delay by a superintendent", request(K.DELAY_LEGAL_ADVICE, SUPER, **DELAY), []),
    ("s.58 delay after charge", request(K.DELAY_LEGAL_ADVICE, SUPER,
                                        charged_at=AT - timedelta(hours=1), **DELAY),
     [("after_charge", "")]),
    ("Code C 12.2 eight hours' rest", request(K.REST_PERIOD, CUSTODY,
                                              until=AT + timedelta(hours=8)), []),
    ("Code C 12.2 a shorter rest without its reason",
     request(K.REST_PERIOD, CUSTODY, until=AT + timedelta(hours=5)),
     [("short_rest_reason", "reasons")]),
    ("Code C 12.2(c) a shorter rest at the detainee's request",
     request(K.REST_PERIOD, CUSTODY, until=AT + timedelta(hours=5), reasons=("request",)), []),
    ("s.46 next court after charge", request(
        K.NEXT_COURT, CUSTODY, charged_at=AT - timedelta(hours=1), court="Chelmsford "
        "Magistrates' Court", until=AT + timedelta(hours=20), grounds="Likely to reoffend"),
     []),
    ("s.46 next court before charge", request(
        K.NEXT_COURT, CUSTODY, court="Chelmsford", until=AT + timedelta(hours=20),
        grounds="x"), [("not_charged", "")]),
    ("s.47ZA pre-charge bail by the custody officer",
     request(K.PRE_CHARGE_BAIL, CUSTODY, grounds="Awaiting forensic results"), []),
    ("s.47ZA pre-charge bail without its reason", request(K.PRE_CHARGE_BAIL, CUSTODY),
     [("reason_missing", "grounds")]),
]


@pytest.mark.parametrize("provision, req, problems", CASES, ids=[c[0] for c in CASES])
def test_each_authorisation_follows_the_law(provision, req, problems):
    assert codes(req) == problems


BAIL = ((K.PRE_CHARGE_BAIL, "", datetime(2027, 4, 13, tzinfo=UTC)),)
SIX = BAIL + ((K.BAIL_EXTENSION, "6_months", datetime(2027, 7, 13, tzinfo=UTC)),)
NINE = SIX + ((K.BAIL_EXTENSION, "9_months", datetime(2027, 10, 13, tzinfo=UTC)),)
EXTENSIONS = [
    ("s.47ZD to 6 months by an inspector", INSPECTOR, "6_months", BAIL, []),
    ("s.47ZD to 6 months by the custody officer", CUSTODY, "6_months", BAIL,
     [("wrong_rank", "")]),
    ("s.47ZDA to 9 months by an inspector", INSPECTOR, "9_months", SIX, [("wrong_rank", "")]),
    ("s.47ZDA to 9 months by a superintendent", SUPER, "9_months", SIX, []),
    ("s.47ZDA to 9 months before 6", SUPER, "9_months", BAIL,
     [("extension_out_of_order", "extension")]),
    ("s.47ZF by the court, recorded by the custody officer", CUSTODY, "court", NINE, []),
    ("s.47ZD with no bail", INSPECTOR, "6_months", (), [("no_bail", "")]),
]


@pytest.mark.parametrize("provision, roles, extension, history, problems", EXTENSIONS,
                         ids=[c[0] for c in EXTENSIONS])
def test_pre_charge_bail_is_extended_by_the_right_rank_in_order(provision, roles, extension,
                                                                history, problems):
    req = request(K.BAIL_EXTENSION, roles, extension=extension, bail_history=history,
                  grounds="Awaiting the phone download", court="Chelmsford Magistrates' Court",
                  until=datetime(2028, 1, 13, tzinfo=UTC), at=datetime(2027, 3, 1, tzinfo=UTC))
    assert codes(req) == problems


def test_the_bail_period_runs_from_the_day_after_the_arrest():
    # s.47ZB(4): bail start date is the day after the arrest; 3 months (s.47ZB(1)(b)),
    # then 6 (s.47ZD) and 9 (s.47ZDA) months from it.
    granted = request(K.PRE_CHARGE_BAIL, CUSTODY, grounds="x")
    assert bail_until(granted).date().isoformat() == "2027-04-13"
    six = request(K.BAIL_EXTENSION, INSPECTOR, extension="6_months")
    assert bail_until(six).date().isoformat() == "2027-07-13"
    nine = request(K.BAIL_EXTENSION, SUPER, extension="9_months")
    assert bail_until(nine).date().isoformat() == "2027-10-13"
