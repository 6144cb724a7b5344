"""How the audit viewer words an event for the person reading it: the action in words,
the object's name with a link to its page where there is one, and the search terms a
search event kept. Pages are named by their URL names only: the platform imports no
feature app."""

from django.urls import NoReverseMatch, reverse

# The page each kind of object is opened on, by its URL name.
OBJECT_PAGES = {
    "people.person": ("Person", "people:person_detail"),
    "cases.casefile": ("Case file", "cases:detail"),
    "custody.custodyrecord": ("Custody record", "custody:record"),
    "intelligence.intelligencereport": ("Intelligence report", "intelligence:report_detail"),
}


def action_words(action):
    """"people.person.viewed" as "Person viewed"."""
    words = " ".join(action.split(".")[1:]).replace("_", " ").strip()
    return (words or action).capitalize()


def object_link(event):
    """(label, url) of the event's object; url "" where it has no page here."""
    if not event.object_type:
        return "", ""
    kind, url_name = OBJECT_PAGES.get(event.object_type, (event.object_type, ""))
    label = f"{kind} {event.object_id}".strip()
    if not url_name or not str(event.object_id).isdigit():
        return label, ""
    try:
        return label, reverse(url_name, args=[int(event.object_id)])
    except NoReverseMatch:
        return label, ""


def search_terms(event):
    """What a search event was searching for, as it kept it ("" for other events)."""
    details = event.details if isinstance(event.details, dict) else {}
    return str(details.get("query") or details.get("q") or "")


def event_row(event):
    label, url = object_link(event)
    return {"event": event, "when": event.occurred_at,
            "who": event.actor.display_name if event.actor else "The system",
            "username": event.actor_username, "action": action_words(event.action),
            "code": event.action, "object": label, "object_url": url,
            "search": search_terms(event), "reason": event.reason}
