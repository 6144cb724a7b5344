"""How the audit viewer words an event for the person reading it: the action in words,
the record by its name (a person's name, a file's URN) with a link to its page, and the
search terms a search event kept.

The platform imports no feature app, so each app tells the viewer about its own records
when it starts (``register_records`` in its AppConfig.ready): what a record is called, its
page, how to name many at once, and which of its records are about given people (so the
viewer can answer "who looked at anything about this person").
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class RecordKind:
    kind: str  # "Case file"
    url_name: str  # its page, opened with its id; "" for none
    # ids -> {id: name}, in one query: "42CJ0000126", "Cordelia MARCHBANKS".
    names: Callable | None = None
    # person ids -> ids of these records about them, in one query.
    about_people: Callable | None = None
    # words -> ids of the records they name (the people a name or PNC ID means).
    find: Callable | None = None


RECORD_KINDS = {}


def register_records(object_type, *, kind, url_name="", names=None, about_people=None,
                     find=None):
    RECORD_KINDS[object_type] = RecordKind(kind, url_name, names, about_people, find)


def people_named(words):
    """Ids of the people ``words`` (a name, or a PNC ID) mean, as the index finds them."""
    known = RECORD_KINDS.get("people.person")
    return list(known.find(words)) if known and known.find else []


def action_words(action):
    """"people.person.viewed" as "Person viewed"."""
    words = " ".join(action.split(".")[1:]).replace("_", " ").strip()
    return (words or action).capitalize()


def _page(url_name, object_id):
    if not url_name or not str(object_id).isdigit():
        return ""
    try:
        return reverse(url_name, args=[int(object_id)])
    except NoReverseMatch:
        return ""


def record_names(events):
    """{(object_type, object_id): name} of the events' records, one query per kind."""
    wanted = {}
    for event in events:
        if event.object_type in RECORD_KINDS and str(event.object_id).isdigit():
            wanted.setdefault(event.object_type, set()).add(int(event.object_id))
    named = {}
    for object_type, ids in wanted.items():
        names = RECORD_KINDS[object_type].names
        for object_id, name in (names(sorted(ids)) if names else {}).items():
            named[(object_type, str(object_id))] = name
    return named


def object_link(event, names=None):
    """(label, url) of the event's record: "Case file 42CJ0000126", and its page ("" where
    it has none here)."""
    if not event.object_type:
        return "", ""
    known = RECORD_KINDS.get(event.object_type)
    kind = known.kind if known else event.object_type
    name = (names or {}).get((event.object_type, str(event.object_id)))
    label = f"{kind} {name or event.object_id}".strip()
    return label, _page(known.url_name if known else "", event.object_id)


def search_terms(event):
    """What a search event was searching for, as it kept it ("" for other events)."""
    details = event.details if isinstance(event.details, dict) else {}
    return str(details.get("query") or details.get("q") or "")


def event_rows(events):
    """The viewer's rows of ``events``, each record named (one query per kind)."""
    events = list(events)
    names = record_names(events)
    return [event_row(event, names) for event in events]


def event_row(event, names=None):
    label, url = object_link(event, names)
    return {"event": event, "when": event.occurred_at,
            "who": event.actor.display_name if event.actor else "The system",
            "username": event.actor_username, "action": action_words(event.action),
            "code": event.action, "object": label, "object_url": url,
            "search": search_terms(event), "reason": event.reason}


def records_about(person_ids):
    """[(object_type, [ids])] of every record about these people, the people included."""
    found = [("people.person", [str(pk) for pk in person_ids])]
    for object_type, known in RECORD_KINDS.items():
        if known.about_people is not None and object_type != "people.person":
            ids = [str(pk) for pk in known.about_people(person_ids)]
            if ids:
                found.append((object_type, ids))
    return found
