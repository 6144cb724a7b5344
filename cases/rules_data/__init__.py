"""The proportionate file rules, as data: who decides the charge, which sections and which
fields a case file needs, and why.

Each rule names a target (``CHARGING``, a section kind, or a ``(section kind, field name)``
pair), the level it sets (a ``Requirement`` value; for ``CHARGING``, a ``Decider`` value),
a condition, and the plain-English reason shown to the officer. ``cases.rules.evaluate``
applies them: for each target the strongest level among the rules that hold wins, and
the reasons of the rules that set it are kept.

A condition is a tuple: a predicate name from ``cases.rules.PREDICATES`` and its
parameters, or ``("not", c)``, ``("all", c, ...)``, ``("any", c, ...)``. Inside
``("any_offence", c)`` and ``("every_offence", c)`` the condition is about one offence
(``offence_mode_is``, ``offence_plea_is``, ``offence_in_group``, ``offence_code_is``).

Sources: DG6 Annex 1 for who charges, and the merged table of DOMAIN.md 1.4 for which
material at which stage. That table is marked [R] (put together from the 2011 Manual of
Guidance, the CPS guidance on the SDC and MG5, and fragments of DG6; Annex 5 itself was
not read): it is held here as data so that it can be corrected in one place.
"""

from cases.rules_data.charging import CHARGING_DEFAULT_REASON, CHARGING_RULES
from cases.rules_data.common import (  # noqa: F401 - the rules' vocabulary, for tests
    ALWAYS,
    CHARGING,
    DCF_RETAIL_THEFT,
    FIRST_HEARING,
    INTERVIEWED,
    Rule,
)
from cases.rules_data.dcf import (
    DCF_FIELD_RULES,
    DEFENDANT_RULES,
    OFFENCE_RULES,
    PRESENCE,
    PRESENCE_RULES,
    dcf_assault_codes,
)
from cases.rules_data.fields import FIELD_RULES, MUST_BE_YES, NOT_ANSWERS
from cases.rules_data.sections import SECTION_RULES

RULES = (CHARGING_RULES + SECTION_RULES + FIELD_RULES + DCF_FIELD_RULES + DEFENDANT_RULES
         + OFFENCE_RULES + PRESENCE_RULES)

# Named sets of CJS codes the rules' ``offence_code_in`` reads.
CODE_SETS = {"dcf_assault": dcf_assault_codes}

__all__ = ["CHARGING", "CHARGING_DEFAULT_REASON", "CODE_SETS", "MUST_BE_YES", "NOT_ANSWERS",
           "PRESENCE", "RULES", "Rule"]
