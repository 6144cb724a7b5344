"""Who may authorise what, and on what grounds, under PACE 1984 and Code C: one table,
``LAWS``, and one check, ``authorisation_problems``, that every page and service asks.

- Detention (s.37): the custody officer, on a ground of s.37(2) (to secure or preserve
  evidence, or to obtain it by questioning) or s.37(7) (enough evidence to charge), with
  the arresting officer's necessity for the arrest (Code G 2.9).
- Delay in telling someone of the arrest (s.56): an inspector or above; an indictable
  offence; a ground of s.56(5) or (5A); never beyond 36 hours from the relevant time.
- Delay in access to legal advice (s.58): a superintendent or above (s.58(6)); an
  indictable offence; a ground of s.58(8) or (8A); never beyond 36 hours (s.58(5)).
- Rest period (Code C 12.2): the custody officer records it; shorter than 8 hours, or
  interrupted, only for a reason of 12.2(a) to (c).
- Kept after charge for the next court (s.46): the custody officer, after charge, with
  the court and when the person is to be brought before it.
- Pre-charge bail (ss.47ZA, 47ZB, as amended by the Police, Crime, Sentencing and Courts
  Act 2022): granted by the custody officer, the applicable bail period 3 months from the
  bail start date (the day after the arrest); extended to 6 months by an inspector or
  above (s.47ZD), to 9 months by a superintendent or above (s.47ZDA), and beyond only by
  a magistrates' court (ss.47ZF, 47ZG), which the custody officer records.

Pure: no database. Datetimes are aware. Each problem names the form field it is about.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from athena.accounts.roles import Role
from athena.problems import Problem
from custody.models import AuthorisationKind
from custody.records.rules import LONDON

# s.56(3), s.58(5): never beyond 36 hours from the relevant time.
DELAY_LIMIT = timedelta(hours=36)
# Code C 12.2: a continuous period of at least 8 hours in any 24.
REST_HOURS = 8
# s.47ZB(1)(b): 3 months in a standard case; ss.47ZD, 47ZDA: to 6, then 9 months.
BAIL_MONTHS = 3

DETENTION_GROUNDS = (
    ("secure_evidence", "To secure or preserve evidence of an offence (PACE s.37(2))"),
    ("questioning", "To obtain evidence by questioning (PACE s.37(2))"),
    ("charge", "There is enough evidence to charge (PACE s.37(7))"),
)
ARREST_NECESSITY = (
    ("name", "To find out the person's name"),
    ("address", "To find out the person's address"),
    ("prevent_harm", "To prevent injury, damage, an offence against public decency or "
                     "obstruction of the highway"),
    ("protect_vulnerable", "To protect a child or other vulnerable person"),
    ("investigation", "To allow the prompt and effective investigation of the offence"),
    ("disappearance", "To prevent the person's disappearance hindering a prosecution"),
)
DELAY_GROUNDS = (
    ("evidence_or_harm", "It will lead to interference with or harm to evidence, or "
                         "physical harm to others"),
    ("alert_suspects", "It will lead to others suspected of the offence being alerted"),
    ("recovery", "It will hinder the recovery of property obtained by the offence"),
    ("proceeds", "It will hinder the recovery of the proceeds of crime (s.56(5A), "
                 "s.58(8A))"),
)
REST_REASONS = (
    ("risk", "Delay would risk harm to people or serious loss of or damage to property "
             "(Code C 12.2(a))"),
    ("release", "Delay would unnecessarily delay the detainee's release (Code C 12.2(b))"),
    ("request", "At the request of the detainee, their appropriate adult or legal "
                "representative (Code C 12.2(c))"),
)
BAIL_EXTENSIONS = (
    ("6_months", "To 6 months from the bail start date, by an inspector or above "
                 "(PACE s.47ZD)"),
    ("9_months", "To 9 months from the bail start date, by a superintendent or above "
                 "(PACE s.47ZDA)"),
    ("court", "Further, as authorised by a magistrates' court (PACE ss.47ZF, 47ZG)"),
)
EXTENSION_MONTHS = {"6_months": 6, "9_months": 9}
INSPECTOR_OR_ABOVE = frozenset({Role.INSPECTOR, Role.SUPERINTENDENT})


@dataclass(frozen=True)
class Law:
    """What the law asks of one kind of authorisation."""

    kind: str
    provision: str
    roles: frozenset  # the Roles that may authorise it
    who: str  # the roles in words, for the refusal
    needs_indictable: bool = False
    after_charge: bool | None = None  # True: only after charge; False: only before


LAWS = {law.kind: law for law in (
    Law(AuthorisationKind.DETENTION, "PACE s.37", frozenset({Role.CUSTODY_OFFICER}),
        "the custody officer"),
    Law(AuthorisationKind.DELAY_INFORMING, "PACE s.56", INSPECTOR_OR_ABOVE,
        "an inspector or above", needs_indictable=True, after_charge=False),
    Law(AuthorisationKind.DELAY_LEGAL_ADVICE, "PACE s.58(6)",
        frozenset({Role.SUPERINTENDENT}), "a superintendent or above", needs_indictable=True,
        after_charge=False),
    Law(AuthorisationKind.REST_PERIOD, "PACE Code C 12.2", frozenset({Role.CUSTODY_OFFICER}),
        "the custody officer"),
    Law(AuthorisationKind.NEXT_COURT, "PACE s.46", frozenset({Role.CUSTODY_OFFICER}),
        "the custody officer", after_charge=True),
    Law(AuthorisationKind.PRE_CHARGE_BAIL, "PACE s.47ZA", frozenset({Role.CUSTODY_OFFICER}),
        "the custody officer", after_charge=False),
    Law(AuthorisationKind.BAIL_EXTENSION, "PACE ss.47ZD-47ZG",
        frozenset({Role.CUSTODY_OFFICER, Role.INSPECTOR, Role.SUPERINTENDENT}),
        "an inspector, a superintendent or, for a court's extension, the custody officer"),
)}


@dataclass(frozen=True)
class Request:
    """One authorisation asked for, with what the record says around it."""

    kind: str
    at: datetime
    roles: frozenset  # the roles of the person authorising
    relevant_time: datetime | None = None
    arrested_at: datetime | None = None
    charged_at: datetime | None = None
    indictable: bool | None = True
    grounds: str = ""
    reasons: tuple = ()
    until: datetime | None = None
    court: str = ""
    extension: str = ""  # BAIL_EXTENSIONS code
    # The pre-charge bail authorisations already on the record, oldest first:
    # (kind, extension code or "", until).
    bail_history: tuple = field(default=())


def add_months(moment, months):
    """The same day and time ``months`` later (the last day of a shorter month)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(f"No day {moment.day} in {year}-{month}")


def bail_start(arrested_at):
    """s.47ZB(4): the day after the day of the arrest, from midnight in London."""
    day = arrested_at.astimezone(LONDON).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, tzinfo=LONDON)


def bail_period_end(arrested_at, months):
    return add_months(bail_start(arrested_at), months)


def authorisation_problems(request):
    """Why ``request`` may not be authorised, as Problems (an empty list when it may)."""
    law = LAWS[request.kind]
    problems = []
    if not request.roles & law.roles:
        problems.append(Problem("wrong_rank", "", f"Only {law.who} may authorise this "
                                                  f"({law.provision})."))
    if law.needs_indictable and not request.indictable:
        problems.append(Problem("offence_not_indictable", "",
                                f"This is only for an indictable offence ({law.provision}): "
                                "no offence on the record is indictable."))
    charged = request.charged_at is not None and request.charged_at <= request.at
    if law.after_charge is True and not charged:
        problems.append(Problem("not_charged", "", "Record the charge first: this is for a "
                                                   f"person kept after charge ({law.provision})."))
    if law.after_charge is False and charged:
        problems.append(Problem("after_charge", "", "The person has been charged: this is "
                                                    f"before charge only ({law.provision})."))
    return problems + KIND_CHECKS[request.kind](request)


def _detention(request):
    problems = []
    if request.grounds not in dict(DETENTION_GROUNDS):
        problems.append(Problem("grounds_missing", "grounds", "Select the ground for "
                                                              "detention (PACE s.37)"))
    if not request.reasons or not set(request.reasons) <= set(dict(ARREST_NECESSITY)):
        problems.append(Problem("necessity_missing", "reasons",
                                "Select why the arrest was necessary, as the arresting "
                                "officer gave it (PACE Code G 2.9)"))
    return problems


def _delay(request):
    problems = []
    if not request.reasons or not set(request.reasons) <= set(dict(DELAY_GROUNDS)):
        problems.append(Problem("grounds_missing", "reasons", "Select the grounds for the "
                                                              "delay"))
    if not request.grounds.strip():
        problems.append(Problem("reason_missing", "grounds", "Enter why the grounds apply "
                                                             "in this case"))
    if request.until is None:
        problems.append(Problem("until_missing", "until", "Enter when the delay ends"))
    elif request.until <= request.at:
        problems.append(Problem("until_before_start", "until", "The delay must end after it "
                                                               "is authorised"))
    elif request.relevant_time and request.until > request.relevant_time + DELAY_LIMIT:
        problems.append(Problem("delay_too_long", "until",
                                "A delay may not run beyond 36 hours from the relevant time "
                                "(PACE ss.56(3), 58(5))"))
    return problems


def _rest(request):
    problems = []
    if request.until is None:
        problems.append(Problem("until_missing", "until", "Enter when the rest period ended"))
    elif request.until <= request.at:
        problems.append(Problem("until_before_start", "until", "The rest period must end "
                                                               "after it began"))
    elif request.until - request.at < timedelta(hours=REST_HOURS) and not (
            request.reasons and set(request.reasons) <= set(dict(REST_REASONS))):
        problems.append(Problem("short_rest_reason", "reasons",
                                f"A rest period shorter than {REST_HOURS} hours needs its "
                                "reason (PACE Code C 12.2)"))
    return problems


def _next_court(request):
    problems = []
    if not request.court.strip():
        problems.append(Problem("court_missing", "court", "Enter the court"))
    if request.until is None:
        problems.append(Problem("until_missing", "until", "Enter when the person is to be "
                                                          "brought before the court"))
    elif request.charged_at and request.until < request.charged_at:
        problems.append(Problem("court_before_charge", "until", "The hearing cannot be "
                                                                "before the charge"))
    if not request.grounds.strip():
        problems.append(Problem("reason_missing", "grounds", "Enter why the person is kept "
                                                             "in custody after charge "
                                                             "(PACE s.38(1))"))
    return problems


def _bail(request):
    if not request.grounds.strip():
        return [Problem("reason_missing", "grounds", "Enter why pre-charge bail is "
                                                     "necessary and proportionate")]
    return []


def _bail_extension(request):
    problems = []
    steps = [extension for kind, extension, _until in request.bail_history]
    current_end = request.bail_history[-1][2] if request.bail_history else None
    needs = {"6_months": "", "9_months": "6_months", "court": "9_months"}
    if request.extension not in needs:
        return [Problem("extension_missing", "extension", "Select the extension")]
    if not request.bail_history:
        return [Problem("no_bail", "", "The person is not on pre-charge bail")]
    if steps[-1] != needs[request.extension]:
        problems.append(Problem("extension_out_of_order", "extension",
                                "The bail period is extended in order: to 6 months, then "
                                "9, then by the court"))
    if current_end is not None and request.at >= current_end:
        problems.append(Problem("bail_period_ended", "at", "The bail period has already "
                                                           "ended: it cannot be extended"))
    roles = request.roles
    if request.extension == "6_months" and not roles & INSPECTOR_OR_ABOVE:
        problems.append(Problem("wrong_rank", "", "Only an inspector or above may extend "
                                                  "bail to 6 months (PACE s.47ZD)."))
    if request.extension == "9_months" and Role.SUPERINTENDENT not in roles:
        problems.append(Problem("wrong_rank", "", "Only a superintendent or above may extend "
                                                  "bail to 9 months (PACE s.47ZDA)."))
    if request.extension == "court":
        if not request.court.strip():
            problems.append(Problem("court_missing", "court", "Enter the magistrates' court "
                                                              "that extended the bail"))
        if request.until is None or (current_end and request.until <= current_end):
            problems.append(Problem("until_missing", "until", "Enter the new end of the bail "
                                                              "period, later than now"))
    if not request.grounds.strip():
        problems.append(Problem("reason_missing", "grounds", "Enter why the extension is "
                                                             "needed (conditions A to D)"))
    return problems


KIND_CHECKS = {
    AuthorisationKind.DETENTION: _detention,
    AuthorisationKind.DELAY_INFORMING: _delay,
    AuthorisationKind.DELAY_LEGAL_ADVICE: _delay,
    AuthorisationKind.REST_PERIOD: _rest,
    AuthorisationKind.NEXT_COURT: _next_court,
    AuthorisationKind.PRE_CHARGE_BAIL: _bail,
    AuthorisationKind.BAIL_EXTENSION: _bail_extension,
}


def bail_until(request):
    """When the bail period ends once ``request`` (pre-charge bail or an extension that
    passes the check) is authorised."""
    if request.kind == AuthorisationKind.PRE_CHARGE_BAIL:
        return bail_period_end(request.arrested_at, BAIL_MONTHS)
    if request.extension in EXTENSION_MONTHS:
        return bail_period_end(request.arrested_at, EXTENSION_MONTHS[request.extension])
    return request.until
