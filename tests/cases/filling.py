"""Filling a file the way an officer would, through the services, until the file rules
find nothing missing: every answer a rule asks for, each victim's and witness's
statement, a victim or witness where the file needs one.

``fill_file(case, officer, pick)`` answers each question with ``pick(field, default)``:
the default is a valid answer of the field's type; a test that wants other answers (the
hypothesis test tries many) returns its own.
"""

from athena.courts import courts_for_force
from cases import rules, selectors, services, validation
from cases.constants import Requirement
from cases.models import ParticipantRole
from cases.parties import services as parties
from cases.parts import defendant_answers, offence_answers
from cases.sections import PARTS, SECTIONS, FieldType, PartKind, SectionKind

DEFAULTS = {
    FieldType.TEXT: "Given as asked",
    FieldType.LONG_TEXT: "Written in full as the officer would.",
    FieldType.DATE: "2026-11-20",
    FieldType.TIME: "10:00",
    FieldType.YES_NO: "no",
    FieldType.MONEY: "40.00",
    FieldType.NUMBER: "2.50",
    FieldType.FULL_NAME: "Sam Jones",
}
# Answers a rule needs to be yes (MUST_BE_YES): anything else is no answer.
YES = {"declaration", "certified", "pnc_check_performed"}


def default_answer(field, case):
    if field.name in YES:
        return "yes"
    if field.type == FieldType.COURT:
        courts = courts_for_force(case.force.code)
        return courts[0].unit_text if courts else "Magistrates' Courts, Essex, Chelmsford, A"
    if field.type == FieldType.CHOICE:
        choices = field.choices or (("guilty", "Guilty"),)
        return choices[0][0]
    if field.name == "anticipated_plea":
        return "guilty"
    return DEFAULTS[field.type]


def _keep(field, case, pick):
    return pick(field, default_answer(field, case))


def _fill_sections(case, officer, facts, requirements, pick):
    for kind in requirements.listed_sections():
        # An optional section once started needs its required answers too.
        required = requirements.sections[kind].level == Requirement.REQUIRED
        definition = SECTIONS[kind]
        section = selectors.case_section(case, kind)
        if definition.repeatable:
            items = list(section.items.all()) if section else []
            if not items and required and kind == SectionKind.EXHIBITS:
                services.section_item_save(acting_user=officer, case=case, kind=kind, data={
                    name: _keep(definition.field(name), case, pick)
                    for name in ("reference", "description", "produced_by")})
            for item in items:
                missing = rules.missing_required(facts, kind, item.data, requirements)
                if missing:
                    data = dict(item.data)
                    data.update({m.field: _keep(definition.field(m.field), case, pick)
                                 for m in missing})
                    services.section_item_save(acting_user=officer, case=case, kind=kind,
                                               item=item, data=data,
                                               expected_version=item.version)
            continue
        data = dict(section.data) if section else {}
        missing = rules.missing_required(facts, kind, data, requirements)
        if missing:
            data.update({m.field: _keep(definition.field(m.field), case, pick) for m in missing})
            services.section_save(acting_user=officer, case=case, kind=kind, data=data,
                                  expected_version=section.version if section else 0)


def _fill_parts(case, officer, facts, pick):
    for suspect in validation.suspects_of(case):
        answers = defendant_answers(case, suspect)
        missing = rules.missing_part_answers(facts, PartKind.DEFENDANT, answers)
        if missing:
            definition = PARTS[PartKind.DEFENDANT]
            parties.defendant_answers_save(
                acting_user=officer, case=case, suspect=suspect,
                answers={m.field: _keep(definition.field(m.field), case, pick) for m in missing},
                expected_version=suspect.version)
        if suspect.person.date_of_birth is None:
            suspect.person.date_of_birth = "1990-05-01"
            suspect.person.save(update_fields=["date_of_birth"])
        for charged in suspect.offences.all():
            missing = rules.missing_part_answers(facts, PartKind.OFFENCE,
                                                 offence_answers(charged))
            if missing:
                _fill_offence(case, officer, charged, missing, pick)


def _fill_offence(case, officer, charged, missing, pick):
    definition = PARTS[PartKind.OFFENCE]
    columns, answers = {}, {}
    for m in missing:
        value = _keep(definition.field(m.field), case, pick)
        if m.field == "committed_on_bail":
            columns[m.field] = value == "yes"
        elif m.field in ("anticipated_plea", "offence_date", "wording", "points_to_prove"):
            columns[m.field] = value
        else:
            answers[m.field] = value
    parties.charged_offence_update(acting_user=officer, case=case, charged=charged,
                                   answers=answers, **columns)


def _fill_presence(case, officer, problems, pick):
    for found in problems.values():
        for problem in found:
            if problem.code == validation.NO_VICTIM_OR_WITNESS:
                parties.participant_add(acting_user=officer, case=case,
                                        role=ParticipantRole.WITNESS, name="Alex Turner")
            elif problem.code == validation.NO_VICTIM:
                parties.participant_add(acting_user=officer, case=case,
                                        role=ParticipantRole.VICTIM, name="Vicky Hale")
            elif problem.code == validation.NO_STATEMENT:
                participant = case.participants.get(pk=problem.item)
                definition = SECTIONS[SectionKind.WITNESS_STATEMENTS]
                data = {f.name: _keep(f, case, pick) for f in definition.fields
                        if f.name not in ("witness_name", "witness_role")}
                if participant.role == ParticipantRole.VICTIM:
                    data["witness_type"] = "eye"
                services.section_item_save(
                    acting_user=officer, case=case, kind=SectionKind.WITNESS_STATEMENTS,
                    data={**data, "witness_name": participant.name,
                          "witness_role": participant.role})


def fill_file(case, officer, pick=lambda field, default: default, rounds=8):
    """Answer everything the rules ask of ``case`` until nothing is missing; returns the
    file as the worker's check reads it. Fails if the rules still find something."""
    for _ in range(rounds):
        case = selectors.case_get(pk=case.pk)
        facts = selectors.case_facts(case)
        requirements = rules.evaluate(facts)
        problems = validation.file_problems(case, facts, requirements)
        if not problems:
            return case
        _fill_presence(case, officer, problems, pick)
        _fill_parts(case, officer, facts, pick)
        _fill_sections(case, officer, facts, requirements, pick)
    raise AssertionError(f"Still missing after {rounds} rounds: {problems}")
