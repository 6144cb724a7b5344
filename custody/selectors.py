"""Custody's public reads: the one module other apps read custody through (DESIGN.md).
Each name is defined where its concern lives; see custody/<concern>/selectors.py."""

from custody.detention.selectors import (
    charging_deadline_from_custody,
    clock_prefetch,
    detention_facts,
    earliest_detention_limit,
)
from custody.records.selectors import (
    CLOCK_RELATIONS,
    custody_for_case,
    custody_history_for_person,
    custody_history_for_user,
    record_get_for_user,
    record_pk_for_number,
    suites_for_user,
)
from custody.suite.selectors import board_rows

__all__ = [
    "CLOCK_RELATIONS",
    "board_rows",
    "charging_deadline_from_custody",
    "clock_prefetch",
    "custody_for_case",
    "custody_history_for_person",
    "custody_history_for_user",
    "detention_facts",
    "earliest_detention_limit",
    "record_get_for_user",
    "record_pk_for_number",
    "suites_for_user",
]
