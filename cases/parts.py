"""Each defendant's and each offence's answers, read one way by the pages, the rules'
check, the bundle and the Digital Case File export.

A defendant's answers are stored on the suspect (``Suspect.answers``); the first
suspect's arrest comes from the file's arrest (a custody record's, or as imported) until
the officer gives one. An offence's answers are its own columns (plea, date, particulars,
points to prove, committed on bail) with the rest of ``ChargedOffence.answers``.
"""

from datetime import date, datetime, time

from django.utils import timezone

from cases.sections import PARTS, PartKind
from cases.statutes import statute_for

TIME_FORMAT = "%H:%M"


def defendant_answers(case, suspect):
    """{field: value} of the DEFENDANT part for this suspect of ``case``."""
    answers = {f.name: "" for f in PARTS[PartKind.DEFENDANT].fields}
    answers.update(suspect.answers if isinstance(suspect.answers, dict) else {})
    if not answers["arrest_date"] and case.arrested_at and _is_first(case, suspect):
        moment = timezone.localtime(case.arrested_at)
        answers["arrest_date"] = moment.date().isoformat()
        answers["arrest_time"] = answers["arrest_time"] or moment.strftime(TIME_FORMAT)
    return answers


def _is_first(case, suspect):
    suspects = sorted(case.suspects.all(), key=lambda s: (s.position, s.pk))
    return bool(suspects) and suspects[0].pk == suspect.pk


def yes_no_text(value):
    """A stored yes/no (True, False or None) as a form's "yes", "no" or ""."""
    return {True: "yes", False: "no"}.get(value, "")


def offence_answers(charged):
    """{field: value} of the OFFENCE part for one charged offence."""
    answers = {f.name: "" for f in PARTS[PartKind.OFFENCE].fields}
    answers.update(charged.answers if isinstance(charged.answers, dict) else {})
    answers.update({
        "anticipated_plea": charged.anticipated_plea,
        "offence_date": charged.offence_date.isoformat() if charged.offence_date else "",
        "wording": charged.wording,
        "points_to_prove": charged.points_to_prove,
        "committed_on_bail": yes_no_text(charged.committed_on_bail),
    })
    return answers


# The offence answers kept in their own columns; the rest go in ``answers``.
OFFENCE_COLUMNS = ("anticipated_plea", "offence_date", "wording", "points_to_prove",
                   "committed_on_bail")


def local_moment(day, clock):
    """A date and a 24-hour time (as stored, "2026-11-20" and "14:30") as an aware moment
    in the court's time zone, or None unless both are real."""
    try:
        return timezone.make_aware(datetime.combine(date.fromisoformat(str(day)),
                                                    _clock(clock)))
    except (TypeError, ValueError):
        return None


def _clock(text):
    return time.fromisoformat(str(text).strip()) if text else time(0)


def arrest_moment(answers):
    return local_moment(answers.get("arrest_date"), answers.get("arrest_time")) \
        if answers.get("arrest_time") else None


def person_key(name):
    """A person's name as a statement and a victim or witness are matched on: the words,
    in any case and spacing."""
    return " ".join(name.split()).casefold() if isinstance(name, str) else ""


def charge_wording(answers, cjs_code):
    """The charge as it is put to the defendant and the court, from the offence's date
    and particulars and its statute: "On 20/11/2026 at Tesco, High Street, Chelmsford
    stole 2 bottles of gin to the value of £40 belonging to Tesco Stores Ltd. Contrary to
    sections 1 and 7 of the Theft Act 1968." Particulars that begin "On ..." are the
    whole wording already and are kept as written. "" without particulars."""
    particulars = " ".join(str(answers.get("wording") or "").split()).rstrip(".")
    if not particulars:
        return ""
    when = _day_text(answers.get("offence_date"))
    if when and not particulars.lower().startswith("on "):
        particulars = f"On {when} {particulars}"
    statute = statute_for(cjs_code)
    if statute is not None and "contrary to" not in particulars.lower():
        return f"{particulars}. Contrary to {statute.contrary_to}."
    return f"{particulars}."


def _day_text(day):
    try:
        return date.fromisoformat(str(day)).strftime("%d/%m/%Y")
    except ValueError:
        return ""
