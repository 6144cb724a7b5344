"""The DCF 1.2.2 JSON schema, read once, and what the importer, exporter and rules learn
from it (the offence groups and the codes each allows; which definition each object of a
document is), so that none of them hard-codes the format."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jsonschema import Draft4Validator, ValidationError, validators

DCF_DATA = Path(__file__).resolve().parents[2] / "athena" / "data" / "dcf"
SCHEMA = DCF_DATA / "dcf-schema-1.2.2.json"
SCHEMA_VERSION = "1.2.2"
FIRST_HEARING = "FirstHearingDCF"
DEFINITIONS_REF = "#/definitions/"


@cache
def dcf_schema():
    return json.loads(SCHEMA.read_text(encoding="utf-8-sig"))


def _hashable(value):
    """A JSON value as something hashable that is equal where JSON Schema says two values
    are equal: ``true`` is not ``1``, ``1`` is ``1.0``, key order does not matter."""
    if value is True or value is False:
        return ("boolean", value)
    if isinstance(value, int | float):
        return ("number", value)
    if isinstance(value, str):
        return ("string", value)
    if isinstance(value, list):
        return ("array", tuple(_hashable(item) for item in value))
    if isinstance(value, dict):
        return ("object", frozenset((key, _hashable(item)) for key, item in value.items()))
    return ("null", None)


def _unique_items(validator, unique, instance, schema):
    """uniqueItems in one pass. jsonschema compares every pair of objects, so a list of
    thirty thousand witnesses would take hours: a denial of service in a 10 MB file."""
    if not unique or not validator.is_type(instance, "array"):
        return
    seen = set()
    for item in instance:
        key = _hashable(item)
        if key in seen:
            yield ValidationError("has non-unique elements")
            return
        seen.add(key)


DcfValidator = validators.extend(Draft4Validator, {"uniqueItems": _unique_items})


@cache
def dcf_validator():
    schema = dcf_schema()
    Draft4Validator.check_schema(schema)
    return DcfValidator(schema)


def ref_name(fragment):
    """The definition a ``{"$ref": "#/definitions/Name"}`` names, or ""."""
    ref = fragment.get("$ref", "") if isinstance(fragment, dict) else ""
    return ref[len(DEFINITIONS_REF):] if ref.startswith(DEFINITIONS_REF) else ""


def resolve(fragment):
    """A schema fragment with its local ``$ref`` followed (the schema uses no other)."""
    seen = 0
    while isinstance(fragment, dict) and ref_name(fragment) and seen < 20:
        fragment = dcf_schema()["definitions"].get(ref_name(fragment), {})
        seen += 1
    return fragment if isinstance(fragment, dict) else {}


def type_names(fragment):
    """The values a branch allows for its ``type`` property (its discriminator)."""
    enum = resolve(fragment).get("properties", {}).get("type", {}).get("enum", [])
    return tuple(value for value in enum if isinstance(value, str))


@cache
def definition_properties(name):
    """The property names a definition allows ("FirstHearingDefendant"); empty when the
    schema has no such definition."""
    return frozenset(dcf_schema()["definitions"].get(name, {}).get("properties", {}))


def _branch_for(instance, branches):
    """The alternative of a oneOf/anyOf an object is: the one its ``type`` names (by
    definition name first: FirstHearingDCF and BobDCF allow each other's type), else the
    first whose properties hold most of its keys."""
    kind = instance.get("type")
    exact = [branch for branch in branches if ref_name(branch) == kind]
    named = [branch for branch in branches if kind in type_names(branch)]
    if exact or named:
        return (exact or named)[0]
    return max(branches, key=lambda branch: len(
        set(instance) & set(resolve(branch).get("properties", {}))))


def _definition(instance, fragment):
    """(definition name or "", schema) of a value at a schema fragment: ``$ref`` followed
    and, for an object, the alternative it is chosen."""
    name = ""
    for _step in range(20):
        if ref_name(fragment):
            name, fragment = ref_name(fragment), resolve(fragment)
            continue
        branches = fragment.get("oneOf") or fragment.get("anyOf")
        if branches and isinstance(instance, dict):
            fragment = _branch_for(instance, branches)
            continue
        break
    return name, fragment


def _item_schema(schema):
    """A list's item schema. The schema writes some lists (defendants, injuries) as
    draft-04 tuples of one schema, which strictly checks only the first item; its authors
    meant every item, and so do the rules that use this."""
    items = schema.get("items", {})
    if isinstance(items, list):
        return items[0] if items else {}
    return items if isinstance(items, dict) else {}


def typed_objects(document):
    """Every object of a DCF document the schema describes, with its path and the name of
    its definition ("case.defendants[0]", {...}, "FirstHearingDefendant"); "" for an
    object the schema describes in place (the document itself). Walks any JSON value."""
    stack = [(document, "", dcf_schema())]
    while stack:
        node, path, fragment = stack.pop()
        name, schema = _definition(node, fragment)
        if isinstance(node, dict):
            yield path, node, name
            properties = schema.get("properties", {})
            children = [(value, f"{path}.{key}" if path else key, properties[key])
                        for key, value in node.items() if key in properties]
        elif isinstance(node, list):
            item = _item_schema(schema)
            children = [(value, f"{path}[{index}]", item) for index, value in enumerate(node)]
        else:
            children = []
        stack.extend(reversed(children))


@dataclass(frozen=True)
class OffenceGroup:
    """One kind of offence group of a first-hearing defendant (generic, assault, retail
    theft...): the group's type, the key of its list, and its offences' type and codes."""

    type: str               # "RetailTheftOffences"
    list_key: str           # "retail_theft_offences"
    item_type: str          # "RetailTheftOffence"
    codes: frozenset | None  # the CJS codes it allows (lower case), None for any code

    def allows(self, code):
        return self.codes is None or code.lower() in self.codes


@cache
def offence_groups():
    """The offence groups of FirstHearingDefendant, in schema order."""
    definitions = dcf_schema()["definitions"]
    branches = definitions["FirstHearingDefendant"]["properties"]["offences"]["items"]["oneOf"]
    groups = []
    for branch in branches:
        group = resolve(branch)
        list_key = next(key for key in group["properties"] if key != "type")
        item = resolve(group["properties"][list_key]["items"])
        code_enum = item["properties"]["cjs_offence_code"].get("enum")
        groups.append(OffenceGroup(
            type=type_names(branch)[0] if type_names(branch) else ref_name(branch),
            list_key=list_key,
            item_type=type_names(item)[0],
            codes=frozenset(code.lower() for code in code_enum) if code_enum else None,
        ))
    return tuple(groups)


def group_by_list_key(list_key):
    return next((group for group in offence_groups() if group.list_key == list_key), None)


def group_for_code(code):
    """The group an offence of this code belongs in: the first group that names the code,
    otherwise the group that takes any code (generic)."""
    named = [g for g in offence_groups() if g.codes is not None and g.allows(code)]
    if named:
        return named[0]
    return next(g for g in offence_groups() if g.codes is None)


@cache
def property_rank():
    """Each property name's first position in the schema, to write keys in schema order."""
    ranks = {}
    for key in dcf_schema()["properties"]:
        ranks.setdefault(key, len(ranks))
    for definition in dcf_schema()["definitions"].values():
        for key in definition.get("properties", {}):
            ranks.setdefault(key, len(ranks))
    return ranks
