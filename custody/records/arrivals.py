"""The forms an entry may be made on while the server cannot be reached, and for each
the function that records such an entry when it arrives.

A part of the record registers its receiver with ``@receives("custody:check_new")`` (the
name of the page the form posts to); the outbox's endpoint (custody.offline) finds it
here by the address the entry was made on, and so imports no part of the record.
"""

from dataclasses import dataclass, field

_RECEIVERS = {}


@dataclass(frozen=True)
class Arrival:
    """An entry as it arrives from a device: what was typed (``fields``, a QueryDict, as
    the form would have posted it), on which record and form, who made it and when they
    saved it, and who is signed in now (``sender``). ``live``: sent the moment it was
    saved, with its maker at the form (a refusal goes back to the form, not to a list)."""

    client_id: str
    record: object
    url_name: str
    url_kwargs: dict
    fields: object
    maker: object
    sender: object
    saved_at: object
    live: bool
    origin: object  # custody.records.services.OfflineOrigin, or None when live


@dataclass(frozen=True)
class Received:
    """What became of an arrival: ``recorded`` (with the page to show next and what to
    say there) or refused (with ``problems``, each an athena Problem). ``what`` names
    the entry in words ("Paracetamol 500 mg dose")."""

    recorded: bool
    what: str
    next_url: str = ""
    message: str = ""
    problems: tuple = field(default_factory=tuple)
    typed: tuple = field(default_factory=tuple)  # (label, value) pairs, in words


def receives(url_name):
    """Register ``receiver(arrival) -> Received`` for entries made on ``url_name``."""

    def register(receiver):
        _RECEIVERS[url_name] = receiver
        return receiver

    return register


def receiver_for(url_name):
    return _RECEIVERS.get(url_name)


def offline_url_names():
    return frozenset(_RECEIVERS)
