"""Checking a DCF document against the CPS schema and business rules, and saying what is
wrong in words an officer can act on, at the section and field of ours where they put it
right.

Every schema error is reported (``iter_errors``), none as the validator words it. Where
the schema offers alternatives (``oneOf``/``anyOf``: a witness may be a statement
witness, a victim or an expert), the document's own ``type`` says which one it means,
and the faults of that alternative are reported; without a usable type, the alternative
the document comes closest to.

Then the rules the schema cannot express (``cases.dcf.rules``): the business rules, and the
rules across the file (references, responses to recordings, youths), each worded here.
"""

import re

from cases.dcf.mapping import our_place
from cases.dcf.parse import dcf_parse
from cases.dcf.problems import DcfProblem
from cases.dcf.rules import (
    condition_text,
    condition_values,
    dcf_faults,
    dcf_rules,
    rule_condition,
)
from cases.dcf.schema import dcf_validator, property_rank, ref_name, resolve, type_names
from cases.dcf.words import (
    JSON_TYPES,
    choice_list,
    field_words,
    format_path,
    json_type_of,
    name_words,
    parse_path,
    place_words,
    shown,
    split_field,
)

__all__ = ["dcf_parse", "dcf_problems", "dcf_problems_of_bytes"]

# Examples of the form a pattern asks for, by field.
PATTERN_EXAMPLES = {"pti_urn": "01AA1234515", "associated_case_urns": "01AA1234515"}
SCHEMA_NOTE = "(required by the DCF schema)"


def dcf_problems(document):
    """Every fault of a parsed DCF document: the schema's first, then the business
    rules', in the order of the document; [] when it may be sent. Never raises."""
    problems = _schema_problems(document) + _rule_problems(document)
    return _in_document_order(document, _without_repeats(problems))


def dcf_problems_of_bytes(source):
    """(document or None, problems) for a file's bytes: unreadable, or its faults."""
    document, problems = dcf_parse(source)
    if document is None:
        return None, problems
    return document, dcf_problems(document)


# --- Schema errors, in words ------------------------------------------------------------

def _schema_problems(document):
    errors = list(dcf_validator().iter_errors(document))
    problems = []
    for error in errors:
        problems.extend(_explain(error))
    return _drop_noise_under_type_errors(problems)


def _problem(segments, rule, message):
    kind, field, page = our_place(segments)
    return DcfProblem(path=format_path(segments), rule=rule, message=message,
                      section_kind=kind, field=field, page=page)


def _explain(error):
    explain = _EXPLAINERS.get(error.validator, _explain_other)
    return explain(error)


def _explain_alternatives(error):
    branch = _matching_branch(error)
    if branch is None:
        return _explain_unknown_kind(error)
    faults = [sub for sub in error.context if sub.relative_schema_path[0] == branch]
    if not faults:
        segments = tuple(error.absolute_path)
        return [_problem(segments, error.validator,
                         f"{place_words(segments)} fits more than one kind of DCF entry; "
                         "give its type to say which it is.")]
    return [problem for sub in faults for problem in _explain(sub)]


def _matching_branch(error):
    """The alternative the document means: the one whose ``type`` it names, else (when
    the alternatives cannot be told by type) the one it breaks least; None when the
    alternatives are told by type and the document names none of them."""
    branches = list(error.validator_value)
    instance = error.instance
    kind = instance.get("type") if isinstance(instance, dict) else None
    if isinstance(kind, str):
        named = [i for i, branch in enumerate(branches) if kind in type_names(branch)]
        exact = [i for i in named if ref_name(branches[i]) == kind]
        if exact or named:
            return (exact or named)[0]
    if isinstance(instance, dict) and all(_type_is_required(b) for b in branches):
        return None
    return min(range(len(branches)), key=lambda i: _distance(error, i))


def _type_is_required(branch):
    schema = resolve(branch)
    return bool(type_names(branch)) and "type" in schema.get("required", ())


def _distance(error, branch):
    """How far the document is from an alternative: its faults there, a field the
    alternative does not know counting as more than one missing."""
    faults = [sub for sub in error.context if sub.relative_schema_path[0] == branch]
    weight = {"additionalProperties": 5, "type": 3}
    return sum(weight.get(sub.validator, 1) for sub in faults)


def _explain_unknown_kind(error):
    segments = tuple(error.absolute_path)
    kinds = [name for branch in error.validator_value for name in type_names(branch)]
    kinds = list(dict.fromkeys(kinds))
    kind = error.instance.get("type")
    place = place_words(segments)
    if kind is None:
        message = (f"{place}: the type is missing, so it cannot be told what kind of entry "
                   f"this is; it must be one of {choice_list(kinds)} {SCHEMA_NOTE}.")
    else:
        message = (f"{place}: the type {shown(kind)} is not one the DCF allows here; it must "
                   f"be one of {choice_list(kinds)}.")
    return [_problem((*segments, "type"), error.validator, message)]


def _missing_words(name, schema):
    """"the occupation is missing", "the witnesses are missing", "the foreign national
    offender answer (yes or no) is missing": the field's words as its schema type reads."""
    kind = resolve(schema.get("properties", {}).get(name, {})).get("type")
    if kind == "array":
        words = field_words(name)
        return f"the {words} are missing" if words.endswith("s") else \
            f"the {words} list is missing"
    if kind == "boolean" and not field_words(name).startswith("answer"):
        return f"the {field_words(name)} answer (yes or no) is missing"
    return f"the {field_words(name)} is missing"


def _explain_required(error):
    segments = tuple(error.absolute_path)
    instance = error.instance if isinstance(error.instance, dict) else {}
    missing = [name for name in error.validator_value if name not in instance]
    place = place_words(segments)
    return [_problem((*segments, name), "required",
                     f"{place}: {_missing_words(name, error.schema)} {SCHEMA_NOTE}.")
            for name in missing]


def _explain_additional(error):
    segments = tuple(error.absolute_path)
    if not isinstance(error.instance, dict):
        return []
    known = set(error.schema.get("properties", {}))
    patterns = [re.compile(p) for p in error.schema.get("patternProperties", {})]
    extras = [key for key in error.instance
              if key not in known and not any(p.search(key) for p in patterns)]
    place = place_words(segments)
    return [_problem((*segments, key), "additionalProperties",
                     f"{place} has a field the DCF does not allow: {shown(key)}. Remove it, "
                     "or check its spelling.")
            for key in extras]


def _explain_enum(error):
    segments = tuple(error.absolute_path)
    place, field = split_field(segments)
    allowed = list(error.validator_value)
    if len(allowed) == 1:
        must = f"it must be {shown(allowed[0])}"
    else:
        must = f"it must be one of {choice_list(allowed)}"
    return [_problem(segments, "enum",
                     f"{place}: the {field or 'value'} {shown(error.instance)} is not one the "
                     f"DCF allows; {must}.")]


def _explain_type(error):
    segments = tuple(error.absolute_path)
    place, field = split_field(segments)
    expected = error.validator_value
    expected = expected if isinstance(expected, list) else [expected]
    words = " or ".join(JSON_TYPES.get(name, name) for name in expected)
    return [_problem(segments, "type",
                     f"{place}: the {field or 'value'} must be {words}, not "
                     f"{json_type_of(error.instance)}.")]


def _explain_pattern(error):
    segments = tuple(error.absolute_path)
    place, field = split_field(segments)
    key = next((s for s in reversed(segments) if isinstance(s, str)), "")
    example = PATTERN_EXAMPLES.get(key)
    form = f" (for example {example})" if example else ""
    return [_problem(segments, "pattern",
                     f"{place}: the {field or 'value'} {shown(error.instance)} is not in the "
                     f"form the DCF requires{form}.")]


def _explain_count(error):
    segments = tuple(error.absolute_path)
    place, field = split_field(segments)
    field = field or "list"
    limit = error.validator_value
    if error.validator in ("minItems", "maxItems", "uniqueItems"):
        field = f"list of {field}"
    what = {
        "minItems": f"must have at least {limit} entr{'y' if limit == 1 else 'ies'}",
        "maxItems": f"may have at most {limit} entr{'y' if limit == 1 else 'ies'}",
        "uniqueItems": "has the same entry more than once",
        "minimum": f"must be at least {limit}",
        "maximum": f"must be at most {limit}",
        "minLength": f"must be at least {limit} characters long",
        "maxLength": f"must be at most {limit} characters long",
    }[error.validator]
    return [_problem(segments, error.validator, f"{place}: the {field} {what}.")]


def _explain_other(error):
    segments = tuple(error.absolute_path)
    place, field = split_field(segments)
    return [_problem(segments, str(error.validator),
                     f"{place}: the {field or 'value'} breaks the DCF schema's "
                     f"{shown(error.validator)} rule.")]


_EXPLAINERS = {
    "oneOf": _explain_alternatives,
    "anyOf": _explain_alternatives,
    "required": _explain_required,
    "additionalProperties": _explain_additional,
    "enum": _explain_enum,
    "type": _explain_type,
    "pattern": _explain_pattern,
    "minItems": _explain_count,
    "maxItems": _explain_count,
    "uniqueItems": _explain_count,
    "minimum": _explain_count,
    "maximum": _explain_count,
    "minLength": _explain_count,
    "maxLength": _explain_count,
}


def _drop_noise_under_type_errors(problems):
    """A value of the wrong type breaks everything else asked of it: say only the type."""
    wrong_type = {p.path for p in problems if p.rule == "type"}
    return [p for p in problems if p.rule == "type" or p.path not in wrong_type]


# --- Business rules and the rules across the file, in words -----------------------------

def _rules_by_id():
    return {rule.id: rule for rule in dcf_rules()}


def _value_words(attribute, value):
    words = {"True": "yes", "False": "no"}
    return " or ".join(words.get(v, shown(v)) for v in condition_values(attribute, value))


def _condition_words(condition):
    return condition_text(condition, attribute_words=lambda name: f"the {field_words(name)}",
                          value_words=_value_words)


def _rule_problems(document):
    try:
        faults = dcf_faults(document)
    except (TypeError, AttributeError, KeyError, ValueError):  # too malformed to walk
        return [DcfProblem(path="", rule="dcf.rules",
                           message="The DCF business rules could not be checked: part of "
                                   "the file is not in the shape the DCF describes.")]
    rules = _rules_by_id()
    return [_problem(parse_path(fault.path), fault.rule_id, _rule_message(fault, rules))
            for fault in faults]


def _rule_message(fault, rules):
    segments = parse_path(fault.path)
    place, field = split_field(segments)
    rule = rules.get(fault.rule_id)
    if rule is not None and rule.id.startswith("dcf.ngap_only."):
        return (f"{place}: the {field} must not be given in a file that anticipates a guilty "
                "plea: it is for a not guilty plea (NGAP) file only (DCF business rule).")
    if rule is not None:
        return (f"{place}: the {field} is missing; the DCF business rules require it when "
                f"{_condition_words(rule_condition(rule))}.")
    for prefix, words in _FAULT_WORDS.items():
        if fault.rule_id.startswith(prefix):
            return words(fault, segments)
    return f"{place}: {fault.message}."


def _owner(segments):
    """The place of the entry a path's last field (or item of a list field) belongs to:
    "Defendant 1, assault offence 1" for its victim_name or for victim_names[2]."""
    cut = 2 if segments and isinstance(segments[-1], int) else 1
    return place_words(segments[:-cut])


def _unwanted_words(fault, segments):
    place, field = split_field(segments)
    return (f"{place}: the {field} must not be given unless "
            f"{_condition_words(fault.detail)}: the DCF business rules allow it only then. "
            "Remove it, or correct the answer it depends on.")


def _reference_words(fault, segments):
    place = _owner(segments)
    kind = fault.rule_id.removeprefix("dcf.reference.")
    if kind in ("victim", "defendant"):
        who = name_words(fault.detail)
        if kind == "victim":
            return (f"{place}: the victim {who} is not a victim among the case's witnesses. "
                    "Add them as a victim, or correct the name.")
        return (f"{place}: {who} is named as a defendant but is not one of the case's "
                "defendants. Correct the name.")
    value, known = fault.detail
    has = f"it has {', '.join(map(_id_words, dict.fromkeys(known)))}" if known \
        else "it has none"
    if kind == "property":
        return (f"{place}: the offence is of property number {_id_words(value)}, which is not "
                f"in the case's property list ({has}). Add the property, or correct the "
                "number.")
    return (f"{place}: it responds to the recording {shown(value)}, which is not among the "
            f"case's multimedia evidence ({has}). Correct the id, or add the recording.")


def _id_words(value):
    """A property number as it reads (1), a recording's id quoted ('BWV/1')."""
    return shown(value, quoted=isinstance(value, str))


def _duplicate_words(fault, segments):
    place, field = split_field(segments)
    return (f"{place}: the {field} {_id_words(fault.detail)} is given to another entry too; "
            "each must have its own, so that what points at it is clear.")


def _recording_response_words(fault, segments):
    place = place_words(segments)
    if fault.rule_id.endswith(".not_recorded"):
        return (f"{place}: this response says there is no multimedia evidence, but the case "
                "has some; give the defendant's response to each recording instead.")
    return (f"{place}: this responds to a recording, but the case has no multimedia "
            "evidence; add the recording, or say that none was recorded.")


def _youth_words(fault, segments):
    if fault.rule_id.endswith(".no_adult"):
        age, day = fault.detail
        return (f"{place_words(segments[:-1])} is a youth ({age} on the file's date, "
                f"{shown(day, quoted=False)}) and no defendant in the file is an adult: a "
                "Digital Case File may include a youth only when charged together with an "
                "adult. A youth alone goes to the youth court.")
    return (f"{_owner(segments)}: the ground \"for that person's own welfare or own "
            "interests\" is for a child or young person only, and the defendant is "
            f"{fault.detail} on the file's date. Choose another ground.")


_FAULT_WORDS = {
    "dcf.only_when.": _unwanted_words,
    "dcf.reference.": _reference_words,
    "dcf.duplicate_id.": _duplicate_words,
    "dcf.mme_response.": _recording_response_words,
    "dcf.youth.": _youth_words,
}


# --- Order ------------------------------------------------------------------------------

def _without_repeats(problems):
    """Each problem once; a field the schema and a business rule both find missing is
    reported by the schema alone."""
    seen, kept = set(), []
    missing_by_schema = {p.path for p in problems if p.rule == "required"}
    for problem in problems:
        key = (problem.path, problem.rule, problem.message)
        if key in seen:
            continue
        if problem.rule.startswith("dcf.") and problem.path in missing_by_schema \
                and not problem.rule.startswith("dcf.ngap_only."):
            continue
        seen.add(key)
        kept.append(problem)
    return kept


def _in_document_order(document, problems):
    """Sorted as the document reads: fields in the schema's order (a missing field where
    it would be), then fields the schema does not know in the document's order, list
    entries by position."""
    rank = property_rank()

    def position(problem):
        node, key = document, []
        for segment in parse_path(problem.path):
            if isinstance(node, dict) and isinstance(segment, str):
                keys = list(node)
                key.append(rank.get(segment, len(rank) + (
                    keys.index(segment) if segment in node else len(keys))))
                node = node.get(segment)
            elif isinstance(node, list) and isinstance(segment, int):
                key.append(segment)
                node = node[segment] if segment < len(node) else None
            else:
                key.append(10**9)
                node = None
        return key

    return sorted(problems, key=position)
