"""Writes to the offence catalogue."""

import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from athena.audit.services import audit_record
from athena.offences.models import Offence, OffenceCategory, mode_of_trial_for

# The project's own copy of the CJS Offence Index (see athena/data/README.md).
OFFENCES_FILE = Path(__file__).resolve().parent.parent / "data" / "cjs" / "cjs-offences.json"

# AAYYNNN (Act, year, number), COMLNNN (common law) or XX00NNN (indictment), with the
# optional attempt/aid/conspiracy/incite suffix.
CJS_CODE_PATTERN = re.compile(r"[A-Z]{2}[A-Z0-9]{2}[0-9]{3}[ABCI]?")
# Control characters (NUL above all) and lone surrogates: PostgreSQL cannot store them.
UNSTORABLE_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
KNOWN_CATEGORIES = frozenset(OffenceCategory.values)
BATCH_SIZE = 1000
UPDATE_BATCH_SIZE = 200
ROW_KEYS = ("cjsCode", "offenceTitle", "offenceCategory", "recordableOnPnc")
# The stored fields compared with the input, in the order of the tuples below.
COMPARED_FIELDS = ("title", "category", "mode_of_trial", "recordable_on_pnc")
PROBLEMS_IN_MESSAGE = 10
CODES_IN_AUDIT = 100


class OffenceDataError(ValueError):
    """The input holds rows that are not offences. ``problems`` lists every one."""

    def __init__(self, problems):
        self.problems = list(problems)
        shown = "; ".join(self.problems[:PROBLEMS_IN_MESSAGE])
        more = len(self.problems) - PROBLEMS_IN_MESSAGE
        more_text = f"; and {more} more" if more > 0 else ""
        super().__init__(f"{len(self.problems)} bad offence row(s), nothing loaded: "
                         f"{shown}{more_text}")


@dataclass(frozen=True)
class LoadResult:
    added: int
    updated: int
    unchanged: int
    # Offences already in the catalogue that the input does not list. They are kept:
    # records may refer to them.
    not_in_input: int = 0

    @property
    def total(self):
        return self.added + self.updated + self.unchanged

    def __str__(self):
        return (f"{self.total} offences: {self.added} added, {self.updated} updated, "
                f"{self.unchanged} unchanged")


def offences_load(*, rows, acting_user=None):
    """Bring the catalogue in line with ``rows``, objects of the CJS Offence Index
    (``cjsCode``, ``offenceTitle``, ``offenceCategory``, ``recordableOnPnc``).

    Adds the offences the catalogue lacks and corrects those that differ; rows that already
    match are not written, so loading the same input again changes nothing. The mode of
    trial follows from the category. Offences missing from the input are kept.

    Every row is checked before anything is written: if any is bad (not an object, a key
    missing, a malformed code, an unknown category, a repeated code), raises
    ``OffenceDataError`` listing every problem, and the catalogue is left as it was. A
    half-loaded catalogue would quietly lack offences that officers need to charge.

    A load that changes anything writes one ``offences.catalogue.loaded`` audit event with
    the counts, by ``acting_user`` (None when run from ``manage.py load_offences``).
    """
    wanted = _parse_rows(rows)
    with transaction.atomic():
        existing = {
            code: (pk, tuple(values))
            for pk, code, *values in Offence.objects.values_list(
                "pk", "cjs_code", *COMPARED_FIELDS)
        }
        to_add, to_update = [], {}
        for code, values in wanted.items():
            fields = dict(zip(COMPARED_FIELDS, values, strict=True))
            if code not in existing:
                to_add.append(Offence(cjs_code=code, **fields))
                continue
            pk, stored = existing[code]
            changed = tuple(name for name, new, old in zip(COMPARED_FIELDS, values, stored,
                                                            strict=True) if new != old)
            if changed:
                to_update.setdefault(changed, []).append(Offence(pk=pk, cjs_code=code, **fields))
        Offence.objects.bulk_create(to_add, batch_size=BATCH_SIZE)
        # Only the fields that changed: bulk_update's cost grows with every field it sets.
        for changed, offences in to_update.items():
            Offence.objects.bulk_update(offences, fields=changed, batch_size=UPDATE_BATCH_SIZE)
        updated_codes = sorted(o.cjs_code for group in to_update.values() for o in group)
        result = LoadResult(
            added=len(to_add),
            updated=len(updated_codes),
            unchanged=len(wanted) - len(to_add) - len(updated_codes),
            not_in_input=len(existing.keys() - wanted.keys()),
        )
        if to_add or to_update:
            audit_record(
                actor=acting_user,
                action="offences.catalogue.loaded",
                object_type=Offence._meta.label_lower,
                details={
                    "added": result.added,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "updated_codes": updated_codes[:CODES_IN_AUDIT],
                },
            )
    return result


def _parse_rows(rows):
    """{cjs_code: (title, category, mode_of_trial, recordable_on_pnc)} from the input rows;
    raises OffenceDataError with every problem found."""
    if not isinstance(rows, list | tuple):
        raise OffenceDataError([f"expected a list of offences, got {type(rows).__name__}"])
    wanted, first_row_of_code, problems = {}, {}, []
    for number, row in enumerate(rows, start=1):
        try:
            code, values = _parse_row(row)
        except _BadRow as bad:
            problems.append(f"row {number}: {bad}")
            continue
        if code in first_row_of_code:
            problems.append(f"row {number}: {code} repeats row {first_row_of_code[code]}")
            continue
        first_row_of_code[code] = number
        wanted[code] = values
    if problems:
        raise OffenceDataError(problems)
    return wanted


class _BadRow(Exception):
    pass


def _parse_row(row):
    if not isinstance(row, dict):
        raise _BadRow(f"expected an object with {', '.join(ROW_KEYS)}, "
                      f"got {type(row).__name__}")
    missing = [key for key in ROW_KEYS if key not in row]
    if missing:
        raise _BadRow(f"missing {', '.join(missing)}")
    code, title, category, recordable = (row[key] for key in ROW_KEYS)
    if not isinstance(code, str) or not CJS_CODE_PATTERN.fullmatch(code.strip()):
        raise _BadRow(f"cjsCode {_shorten(code)} is not a CJS offence code")
    code = code.strip()
    title = _parse_title(code, title)
    if not isinstance(category, str) or category not in KNOWN_CATEGORIES:
        raise _BadRow(f"{code}: unknown offenceCategory {_shorten(category)}")
    if not isinstance(recordable, bool):
        raise _BadRow(f"{code}: recordableOnPnc {_shorten(recordable)} is not true or false")
    return code, (title, category, mode_of_trial_for(category), recordable)


def _parse_title(code, title):
    max_length = Offence._meta.get_field("title").max_length
    if not isinstance(title, str) or not title.strip():
        raise _BadRow(f"{code}: offenceTitle {_shorten(title)} is not a title")
    if len(title.strip()) > max_length:
        raise _BadRow(f"{code}: offenceTitle is longer than {max_length} characters")
    if UNSTORABLE_CHARACTERS.search(title):
        raise _BadRow(f"{code}: offenceTitle contains control characters")
    return title.strip()


def _shorten(value, limit=40):
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."
