"""PNC IDs and CRO numbers: a loose format check and one canonical spelling each.

The check is on shape only (the check letter is not verified): a wrong but well-formed
number is caught by the PNC itself, and refusing a real number over a rule we got wrong
would stop an officer recording it.
"""

import re

from django.core.exceptions import ValidationError

# 2-digit (or 4-digit) year of first entry, a serial of up to 7 digits, a check letter.
_PNC_ID = re.compile(r"^(\d{2}|\d{4})/(\d{1,7})([A-Z])$")
# A serial of up to 6 digits, the 2-digit year, a check letter; "SF" marks fingerprint-only.
_CRO_NUMBER = re.compile(r"^(SF)?(\d{1,6})/(\d{2})([A-Z])$")

PNC_ID_MESSAGE = "Enter a PNC ID in the format 12/345678A"
CRO_NUMBER_MESSAGE = "Enter a CRO number in the format 123456/12A"


def _squeeze(value):
    return "".join(str(value or "").split()).upper()


def canonical_pnc_id(value):
    """The PNC ID as ``YY/NNNNNNNL`` (2-digit year, no leading zeros), or None if the
    value is not shaped like one."""
    match = _PNC_ID.match(_squeeze(value)[:20])
    if match is None:
        return None
    year, serial, check = match.groups()
    return f"{year[-2:]}/{int(serial)}{check}"


def canonical_cro_number(value):
    """The CRO number as ``NNNNNN/YYL`` (no leading zeros), or None if it is not one."""
    match = _CRO_NUMBER.match(_squeeze(value)[:20])
    if match is None:
        return None
    prefix, serial, year, check = match.groups()
    return f"{prefix or ''}{int(serial)}/{year}{check}"


def validate_pnc_id(value):
    if value and canonical_pnc_id(value) is None:
        raise ValidationError(PNC_ID_MESSAGE, code="invalid_pnc_id")


def validate_cro_number(value):
    if value and canonical_cro_number(value) is None:
        raise ValidationError(CRO_NUMBER_MESSAGE, code="invalid_cro_number")
