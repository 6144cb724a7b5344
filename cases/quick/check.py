"""Check your answers: everything a file will say, in the order an officer tells a case,
each answer with the page where it is changed and, where the app filled it in, where it
came from. Any file has this page; a quick file's officer lands on it.

Built from the same catalogue (sections.PARTS and SECTIONS), rules and pages as the task
list, so it lists exactly the questions the file asks and nothing the rules leave out.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.urls import reverse

from athena.courts import court_name
from cases import rules, selectors, validation
from cases.constants import Decider, Plea, Requirement, Venue
from cases.models import CaseEvent, CaseEventKind
from cases.parts import charge_wording, defendant_answers, offence_answers
from cases.sections import PARTS, SECTIONS, FieldType, PartKind, SectionKind

CHECK = "check"  # the ``from`` of a page opened by a "Change" link here


@dataclass(frozen=True)
class Row:
    key: str
    value: str
    change_url: str = ""
    source: str = ""  # where a filled-in answer came from
    missing: bool = False  # a required answer not given yet
    long: bool = False  # shown with its line breaks


@dataclass
class Group:
    title: str
    rows: list = field(default_factory=list)


def answer_text(definition, value):
    """An answer as the file says it: Yes or No, a choice's label, a date in words, a
    court's name, pounds."""
    if value in (None, ""):
        return ""
    if definition.type == FieldType.YES_NO or isinstance(value, bool):
        return {"yes": "Yes", "no": "No", True: "Yes", False: "No"}.get(value, str(value))
    if definition.type == FieldType.CHOICE:
        choices = dict(definition.choices or Plea.choices)
        return str(choices.get(value, value))
    if definition.type == FieldType.DATE:
        try:
            return date.fromisoformat(str(value)).strftime("%-d %B %Y")
        except ValueError:
            return str(value)
    if definition.type == FieldType.COURT:
        return court_name(value)
    if definition.type == FieldType.MONEY:
        try:
            return f"£{Decimal(str(value)):,.2f}"
        except InvalidOperation:
            return str(value)
    return str(value)


def _derived(case):
    """{"kind.field": {"source", "value"}} of the answers filled in for a quick file."""
    created = next((event for event in CaseEvent.objects.filter(
        case_id=case.pk, kind=CaseEventKind.CREATED)), None)
    return (created.details or {}).get("derived", {}) if created else {}


def opened_from_check(request):
    """Whether the page was opened by one of the check page's "Change" links."""
    return request.GET.get("from") == CHECK


def back_to_check(request, case):
    """The check page's address when the page saving was opened from it, so the officer
    goes back to reading the file; else None."""
    return reverse("cases:check", args=[case.pk]) if opened_from_check(request) else None


def _change(url):
    return f"{url}{'&' if '?' in url else '?'}from={CHECK}"


def _with_anchor(url, name):
    return f"{_change(url)}#field-{name}"


class _Rows:
    """Builds the rows of one group: each answer the rules ask, with its source when the
    app filled it in and it still says what was filled in."""

    def __init__(self, derived):
        self.derived = derived

    def of(self, kind, definitions, answers, levels, url, required=()):
        rows = []
        for definition in definitions:
            level = levels.get(definition.name, Requirement.NOT_NEEDED)
            value = answers.get(definition.name)
            if level == Requirement.NOT_NEEDED or (
                    value in (None, "") and definition.name not in required):
                continue
            filled = self.derived.get(f"{kind}.{definition.name}")
            same = filled is not None and _same(filled.get("value"), value)
            rows.append(Row(definition.label, answer_text(definition, value),
                            _with_anchor(url, definition.name),
                            filled["source"] if same else "",
                            missing=value in (None, ""),
                            long=definition.type == FieldType.LONG_TEXT))
        return rows


def _same(stored, value):
    if isinstance(stored, bool) or isinstance(value, bool):
        return {True: "yes", False: "no"}.get(stored, stored) == {
            True: "yes", False: "no"}.get(value, value)
    return str(stored) == str(value)


def check_answers(case):
    """The groups of rows of ``case`` (read with its contents, ``selectors.case_get``),
    and the file rules' requirements and problems, evaluated once."""
    facts = selectors.case_facts(case)
    requirements = rules.evaluate(facts)
    problems = validation.file_problems(case, facts, requirements)
    rows = _Rows(_derived(case))
    groups = [*_suspects(case, facts, rows), *_offences(case, facts, rows),
              *_people(case, requirements, rows)]
    groups += _sections(case, requirements, rows)
    groups.append(_decided(case, facts, requirements))
    return groups, requirements, problems


def _levels(results):
    return {name: result.level for name, result in results.items()}


def _suspects(case, facts, rows):
    groups = []
    for suspect in validation.suspects_of(case):
        person = suspect.person
        group = Group(f"Defendant: {person.full_name}")
        person_url = reverse("people:person_edit", args=[person.pk]) + "?next=" + reverse(
            "cases:check", args=[case.pk])
        group.rows.append(Row("Name", person.full_name, person_url))
        group.rows.append(Row("Date of birth", person.date_of_birth.strftime("%-d %B %Y")
                              if person.date_of_birth else "", person_url,
                              missing=person.date_of_birth is None))
        home = next(iter(person.addresses.all()), None)
        if home is not None:
            group.rows.append(Row("Address", home.location.single_line,
                                  reverse("people:person_detail", args=[person.pk])))
        answers = defendant_answers(case, suspect)
        levels = _levels(rules.part_requirements(facts, PartKind.DEFENDANT, answers))
        required = {name for name, level in levels.items() if level == Requirement.REQUIRED}
        group.rows += rows.of(PartKind.DEFENDANT, PARTS[PartKind.DEFENDANT].fields, answers,
                              levels, reverse("cases:defendant", args=[case.pk, suspect.pk]),
                              required)
        groups.append(group)
    return groups


def _offences(case, facts, rows):
    groups = []
    for suspect in validation.suspects_of(case):
        for charged in suspect.offences.all():
            offence = charged.offence
            answers = offence_answers(charged)
            url = reverse("cases:offence_change", args=[case.pk, charged.pk])
            group = Group(f"Offence: {offence.title}")
            group.rows.append(Row("Offence", f"{offence.title} ({offence.cjs_code})"))
            group.rows.append(Row("Mode of trial", offence.get_mode_of_trial_display(),
                                  source="From the offence"))
            levels = _levels(rules.part_requirements(facts, PartKind.OFFENCE, answers))
            required = {n for n, level in levels.items() if level == Requirement.REQUIRED}
            levels["anticipated_plea"] = Requirement.REQUIRED
            group.rows += rows.of(PartKind.OFFENCE, PARTS[PartKind.OFFENCE].fields, answers,
                                  levels, url, required)
            wording = charge_wording(answers, offence.cjs_code)
            if wording:
                group.rows.append(Row("The charge as it will be put", wording,
                                      _with_anchor(url, "wording"),
                                      source="From the date, particulars and statute",
                                      long=True))
            groups.append(group)
    return groups


def _people(case, requirements, rows):
    """The victims and witnesses, then each statement as a group of its own."""
    group = Group("Victims and witnesses")
    items_url = _change(reverse("cases:items", args=[case.pk, SectionKind.WITNESS_STATEMENTS]))
    for participant in case.participants.all():
        group.rows.append(Row(participant.get_role_display(), participant.name + (
            " (under 18)" if participant.under_18 else ""), items_url))
    if not case.participants.all():
        group.rows.append(Row("Victims and witnesses", "", _change(
            reverse("cases:participant_add", args=[case.pk])), missing=True))
    groups = [group]
    statements = next((s for s in case.sections.all()
                       if s.kind == SectionKind.WITNESS_STATEMENTS), None)
    levels = {name: result.level for (kind, name), result in requirements.fields.items()
              if kind == SectionKind.WITNESS_STATEMENTS}
    for item in statements.items.all() if statements else ():
        url = reverse("cases:item_edit", args=[case.pk, SectionKind.WITNESS_STATEMENTS,
                                               item.pk])
        name = item.data.get("witness_name") or f"statement {item.position}"
        groups.append(Group(f"Statement of {name} (MG11)", rows.of(
            SectionKind.WITNESS_STATEMENTS, SECTIONS[SectionKind.WITNESS_STATEMENTS].fields,
            item.data, levels, url)))
    return groups


# Shown in the groups above (the statements) or on their own pages (exhibits).
_NOT_AS_A_GROUP = (SectionKind.WITNESS_STATEMENTS, SectionKind.EXHIBITS)


def _sections(case, requirements, rows):
    groups = []
    sections = {section.kind: section for section in case.sections.all()}
    for kind in requirements.listed_sections():
        if kind in _NOT_AS_A_GROUP:
            continue
        section = sections.get(kind)
        data = section.data if section else {}
        optional = requirements.section_level(kind) == Requirement.OPTIONAL
        if optional and not any(value not in (None, "") for value in data.values()):
            continue  # an optional section not started is not on the file
        levels = {name: result.level for (k, name), result in requirements.fields.items()
                  if k == kind}
        required = set(requirements.required_fields(kind))
        group = Group(SECTIONS[kind].title)
        group.rows = rows.of(kind, SECTIONS[kind].fields, data, levels,
                             reverse("cases:section", args=[case.pk, kind]), required)
        groups.append(group)
    exhibits = sections.get(SectionKind.EXHIBITS)
    if exhibits is not None and exhibits.items.all():
        group = Group(SECTIONS[SectionKind.EXHIBITS].title)
        for item in exhibits.items.all():
            group.rows.append(Row(item.data.get("reference") or f"Exhibit {item.position}",
                                  item.data.get("description", ""),
                                  _change(reverse("cases:item_edit",
                                                  args=[case.pk, SectionKind.EXHIBITS,
                                                        item.pk]))))
        groups.append(group)
    return groups


PROGRESSION = {
    Plea.GUILTY: "Guilty plea expected at the first hearing, then sentence",
    Plea.NOT_GUILTY: "Not guilty plea expected: the first hearing sets a trial",
    Plea.NOT_KNOWN: "Plea not known: the first hearing takes the plea",
}


def _decided(case, facts, requirements):
    """What the file rules decided from the answers: shown, never asked."""
    plea = rules.case_plea(facts)
    venue = Venue(rules.derived_venue(facts)).label.replace("Magistrates'", "magistrates'")
    return Group("What the file rules decided", [
        Row("Who decides the charge", Decider(requirements.charging.decider).label,
            source="; ".join(requirements.charging.reasons)),
        Row("Likely case progression", f"{PROGRESSION[plea]}, in the {venue}",
            source="From the plea and the offence"),
    ])
