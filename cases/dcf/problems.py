"""A fault of a Digital Case File, in words an officer can act on."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DcfProblem:
    path: str            # where in the document: "case.defendants[0].arrest.date_time"
    rule: str            # the schema keyword or business rule broken: "required", "dcf.arrest"
    message: str         # plain English: "The arrest date and time is missing"
    section_kind: str = ""   # our section (SectionKind value) the fault belongs to, if any
    field: str = ""          # our field name in that section, if any
