"""What an imported DCF carries that our model does not hold, and how the export puts it
back.

Each entity of the document (the case, a defendant, an offence, a witness, a recording)
is kept in ``CaseFile.dcf_carried`` as its *residue*: the original object with every
field our model holds taken out. The export rebuilds the entity from the model's values
laid over the residue.

Some of our fields hold a DCF value only approximately: a date of first hearing for a
date and time, a court's name for its CJS organisation unit, one bail status for every
defendant. For each such field the import records an *override*: the original value and
the *source* (our model's value it was derived into). While the source is unchanged,
the export gives the original back exactly; once an officer changes the source, the
model's value wins, so an edit is never hidden behind an old imported value.

The import checks that the export of each entity gives back its original; if it cannot
(a shape this module does not foresee), the entity is kept whole as well and given back
verbatim while none of its sources has changed.
"""

import copy
import json

FORMAT = 1


class _Missing:
    """A field absent from a document (distinct from JSON null)."""

    def __repr__(self):
        return "MISSING"


MISSING = _Missing()


def same(first, second):
    """Equal as JSON: ``True`` is not ``1``, ``1.0`` is not ``1``; key order ignored."""
    if first is MISSING or second is MISSING:
        return first is second
    return _canonical(first) == _canonical(second)


def _canonical(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def get_path(node, path):
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return MISSING
        node = node[key]
    return node


def set_path(node, path, value):
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[path[-1]] = value


def delete_path(node, path, *, prune=False):
    """Remove the field at ``path``; with ``prune``, also the objects left empty by it."""
    parents = []
    for key in path[:-1]:
        if not isinstance(node, dict) or not isinstance(node.get(key), dict):
            return
        parents.append((node, key))
        node = node[key]
    if isinstance(node, dict):
        node.pop(path[-1], None)
    if prune:
        for parent, key in reversed(parents):
            if parent[key]:
                break
            del parent[key]


class Mapped:
    """A field our model holds: the DCF value it gives (MISSING when it gives none) and
    the model's value it comes from (its *source*; the value itself unless given)."""

    __slots__ = ("source", "value")

    def __init__(self, value, source=MISSING):
        self.value = value
        if source is MISSING:
            source = None if value is MISSING else value
        self.source = source


def _key(path):
    return "/".join(path)


def carry(original, mapped):
    """What to keep of one entity of an imported document, given what our model now
    holds of it (``mapped``: {path tuple: Mapped})."""
    residue = copy.deepcopy(original)
    for path in mapped:
        delete_path(residue, path, prune=True)
    overrides = {}
    for path, field in mapped.items():
        value = get_path(original, path)
        if not same(value, field.value):
            override = {"source": field.source}
            if value is not MISSING:
                override["original"] = value
            overrides[_key(path)] = override
    kept = {"residue": residue, "overrides": overrides}
    if not same(rebuild(kept, mapped), original):
        kept["verbatim"] = copy.deepcopy(original)
        kept["sources"] = {_key(path): field.source for path, field in mapped.items()}
    return kept


def rebuild(kept, mapped):
    """The entity as the export gives it: the residue, with the model's values laid over
    it, and each override's original value while its source is unchanged."""
    kept = kept or {}
    if "verbatim" in kept and all(
            same(kept["sources"].get(_key(path)), field.source)
            for path, field in mapped.items()):
        return copy.deepcopy(kept["verbatim"])
    entity = copy.deepcopy(kept.get("residue", {}))
    if not isinstance(entity, dict):
        return entity
    overrides = kept.get("overrides", {})
    for path, field in mapped.items():
        value = field.value
        override = overrides.get(_key(path))
        if override is not None and same(override.get("source"), field.source):
            value = override.get("original", MISSING)
        if value is MISSING:
            delete_path(entity, path)
        else:
            set_path(entity, path, copy.deepcopy(value))
    return entity
