"""A fault of a Digital Case File, in words an officer can act on, and where on our pages
the officer puts each right."""

from dataclasses import asdict, dataclass

from django.urls import reverse

from cases.dcf.mapping import DEFENDANT, DETAILS, OFFENCE, OFFENCES, PARTICIPANTS, SUSPECTS
from cases.sections import SECTIONS

PAGE_TITLES = {
    DETAILS: "File details",
    SUSPECTS: "Suspects",
    DEFENDANT: "Defendants",
    OFFENCES: "Offences",
    OFFENCE: "Offences",
    PARTICIPANTS: "Victims and witnesses",
}


@dataclass(frozen=True)
class DcfProblem:
    path: str            # where in the document: "case.defendants[0].arrest.date_time"
    rule: str            # the schema keyword or business rule broken: "required", "dcf.arrest"
    message: str         # plain English: "The arrest date and time is missing"
    section_kind: str = ""   # our section (SectionKind value) the fault belongs to, if any
    field: str = ""          # our field name in that section, if any
    # Where an officer puts it right when that is not a section: "details" (the file's
    # details: bail, markers, how it began), "suspects", "defendant" (a defendant's own
    # page), "offences", "offence" (an offence's page) or "participants".
    page: str = ""

    def as_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        """A problem stored as ``as_dict`` gave it (a job's result); unknown keys ignored."""
        names = cls.__dataclass_fields__
        return cls(**{key: str(value) for key, value in data.items() if key in names})


def _fix_url(case, problem):
    if case is None:
        return ""
    if problem.section_kind in SECTIONS:
        name = "cases:items" if SECTIONS[problem.section_kind].repeatable else "cases:section"
        url = reverse(name, args=[case.pk, problem.section_kind])
        return f"{url}#field-{problem.field}" if problem.field else url
    if problem.page == DETAILS:
        return reverse("cases:details", args=[case.pk])
    if problem.page:
        return reverse("cases:detail", args=[case.pk]) + f"#{problem.page}"
    return reverse("cases:detail", args=[case.pk])


def problem_groups(problems, case=None):
    """Problems grouped by where they are put right: each of our sections, then the
    file's details, suspects, offences, victims and witnesses, then the rest; each entry
    links to the page and field where the officer puts it right. The import and export
    pages and the send-to-CPS page all show problems this way."""
    groups = {}
    for problem in problems:
        if problem.section_kind in SECTIONS:
            title = SECTIONS[problem.section_kind].title
        elif problem.page in PAGE_TITLES:
            title = PAGE_TITLES[problem.page]
        elif problem.path:
            title = "Other parts of the Digital Case File"
        else:
            title = "The file"
        groups.setdefault(title, []).append({"problem": problem,
                                             "url": _fix_url(case, problem)})
    return [{"title": title, "entries": entries} for title, entries in groups.items()]
