"""A fault of a Digital Case File, in words an officer can act on."""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class DcfProblem:
    path: str            # where in the document: "case.defendants[0].arrest.date_time"
    rule: str            # the schema keyword or business rule broken: "required", "dcf.arrest"
    message: str         # plain English: "The arrest date and time is missing"
    section_kind: str = ""   # our section (SectionKind value) the fault belongs to, if any
    field: str = ""          # our field name in that section, if any
    # Where an officer puts it right when that is not a section: "details" (the file's
    # details: bail, markers, venue, arrest), "suspects", "offences" or "participants".
    page: str = ""

    def as_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        """A problem stored as ``as_dict`` gave it (a job's result); unknown keys ignored."""
        names = cls.__dataclass_fields__
        return cls(**{key: str(value) for key, value in data.items() if key in names})
