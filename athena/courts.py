"""The magistrates' courts a defendant is bailed, kept or requisitioned to, and the CJS
organisation unit of each: the one place that knows a court's name and its unit.

A court is stored as its organisation unit written in four parts separated by commas
("Magistrates' Courts, Essex, Chelmsford, A"), the form the CPS Digital Case File takes
(``first_hearing_location``, ``breach_order_court_issued``) and an import gives back. The
officer picks one of the courts of their force's area by name; a court elsewhere is typed
as its four parts, and ``unit_problem`` says what is wrong with a unit typed badly.
The register is ``athena/data/courts/magistrates-courts.json`` (its source is noted there).
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REGISTER = Path(__file__).resolve().parent / "data" / "courts" / "magistrates-courts.json"
UNIT_KEYS = ("ou_top_level_name", "ou_second_level_name", "ou_third_level_name",
             "ou_bottom_level_name")
UNIT_EXAMPLE = "Magistrates' Courts, Essex, Chelmsford, A"


@dataclass(frozen=True)
class Court:
    name: str  # as the public knows it: "Chelmsford Magistrates' Court"
    unit: tuple[str, str, str, str]  # the CJS organisation unit's four names

    @property
    def unit_text(self):
        return ", ".join(self.unit)


@cache
def _register():
    document = json.loads(REGISTER.read_text(encoding="utf-8"))
    top, bottom = document["top_level"], document["bottom_level"]
    return {
        code: tuple(Court(court["name"], (top, force["area"], court["place"], bottom))
                    for court in force["courts"])
        for code, force in document["forces"].items()
    }


def courts_for_force(force_code):
    """The magistrates' courts of a force's area, by name; none for a force not listed."""
    return _register().get(force_code, ())


def court_near(force_code, *places):
    """The court of the force's area whose town one of ``places`` names (a custody suite
    "Chelmsford", a team "Chelmsford Response"), the first place that names one winning;
    None when none does (the officer then chooses: a guess could send a defendant to the
    wrong court)."""
    courts = courts_for_force(force_code)
    for place in places:
        words = " ".join(str(place or "").replace(",", " ").split()).casefold()
        for court in courts:
            town = court.unit[2].casefold()
            if f" {town} " in f" {words} ":
                return court
    return None


@cache
def _by_unit():
    return {court.unit_text.casefold(): court
            for courts in _register().values() for court in courts}


def unit_parts(text):
    """The four names of an organisation unit typed as text, or None unless there are
    exactly four, none blank."""
    if not isinstance(text, str):
        return None
    parts = tuple(part.strip() for part in text.split(","))
    return parts if len(parts) == 4 and all(parts) else None


def unit_text(parts):
    return ", ".join(parts)


def court_for_unit(text):
    """The listed court whose unit this is (however it is spaced or cased), or None."""
    parts = unit_parts(text)
    return _by_unit().get(unit_text(parts).casefold()) if parts else None


@cache
def _by_name():
    return {court.name.casefold(): court
            for courts in _register().values() for court in courts}


def court_unit_from_text(text):
    """A court typed by its name or its unit, as the unit to store; None when it is
    neither a listed court's name nor four parts."""
    if not isinstance(text, str):
        return None
    court = _by_name().get(" ".join(text.split()).casefold()) or court_for_unit(text)
    if court:
        return court.unit_text
    parts = unit_parts(text)
    return unit_text(parts) if parts else None


def court_name(text):
    """How a stored court reads to a person: the court's name when it is listed, or the
    unit as typed."""
    court = court_for_unit(text)
    return court.name if court else (text or "")


def unit_problem(text):
    """What is wrong with a court typed by name or as its organisation unit, in words for
    the officer, or "" when it is a listed court or a unit."""
    if court_unit_from_text(text):
        return ""
    return ("Enter the court's CJS organisation unit as four parts separated by commas, "
            f"for example {UNIT_EXAMPLE}")


def as_dcf_location(text):
    """The DCF's OrganisationLocation for a stored court, or None when it is not a unit."""
    parts = unit_parts(text)
    if parts is None:
        return None
    court = court_for_unit(text)
    return dict(zip(UNIT_KEYS, court.unit if court else parts, strict=True))
