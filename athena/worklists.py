"""Worklists on each role's home page, filled by the feature apps.

The home page belongs to the platform, which knows nothing of cases or custody: an app
registers a function that lists a worklist's items, and the home page calls it. Apps
register in their ``AppConfig.ready`` (see cases/worklists.py).
"""

from dataclasses import dataclass

_PROVIDERS = {}


@dataclass(frozen=True)
class WorklistItem:
    url: str
    title: str
    detail: str = ""
    due_label: str = ""
    due: str = ""
    overdue: bool = False


def worklist(role, title):
    """Register ``provider(user) -> list[WorklistItem]`` for one worklist of a role."""

    def register(provider):
        _PROVIDERS[(role, title)] = provider
        return provider

    return register


def worklist_items(role, title, user):
    """The worklist's items, or None when no app fills it yet."""
    provider = _PROVIDERS.get((role, title))
    return None if provider is None else provider(user)
