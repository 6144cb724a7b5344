"""The roles of Athena as groups, and the model permissions each one holds.

This table is the one place that says what a role may do at model level; object rules
(force membership first) live in each app's ``rules.py``. Adding a permission here and
running ``migrate`` updates every group.
"""

from django.db import models


class Role(models.TextChoices):
    OFFICER = "officer", "Officer"
    CUSTODY_OFFICER = "custody_officer", "Custody officer"
    INSPECTOR = "inspector", "Inspector"
    SUPERINTENDENT = "superintendent", "Superintendent"
    FILE_SUPERVISOR = "file_supervisor", "File supervisor"
    INTELLIGENCE_ANALYST = "intelligence_analyst", "Intelligence analyst"
    CPS_LAWYER = "cps_lawyer", "CPS lawyer"
    ADMINISTRATOR = "administrator", "Administrator"
    # Manages the users of every force (and those of none, such as CPS lawyers).
    NATIONAL_ADMINISTRATOR = "national_administrator", "National administrator"


_NOMINAL_INDEX_READ = ["people.view_person", "people.view_location", "people.view_vehicle"]
_NOMINAL_INDEX_WRITE = [
    *_NOMINAL_INDEX_READ,
    "people.add_person", "people.change_person",
    "people.add_location", "people.change_location",
    "people.add_vehicle", "people.change_vehicle",
]
_ADMINISTRATION = [*_NOMINAL_INDEX_READ, "audit.view_auditevent", "accounts.view_user"]

ROLE_PERMISSIONS = {
    Role.OFFICER: _NOMINAL_INDEX_WRITE,
    Role.CUSTODY_OFFICER: _NOMINAL_INDEX_WRITE,
    Role.INSPECTOR: _NOMINAL_INDEX_READ,
    Role.SUPERINTENDENT: _NOMINAL_INDEX_READ,
    Role.FILE_SUPERVISOR: _NOMINAL_INDEX_READ,
    Role.INTELLIGENCE_ANALYST: _NOMINAL_INDEX_WRITE,
    Role.CPS_LAWYER: [],
    Role.ADMINISTRATOR: _ADMINISTRATION,
    Role.NATIONAL_ADMINISTRATOR: [*_ADMINISTRATION, "audit.view_every_force"],
}

# The roles that administer users; who may manage whom is accounts/rules.py's.
ADMINISTRATIVE_ROLES = frozenset({Role.ADMINISTRATOR, Role.NATIONAL_ADMINISTRATOR})


def sync_role_groups(**kwargs):
    """Create each role's group and give it exactly the permissions in ROLE_PERMISSIONS."""
    from django.contrib.auth.models import Group, Permission

    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = []
        for code in codes:
            app_label, codename = code.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:  # absent only part-way through a first migrate
                wanted.append(permission)
        group.permissions.set(wanted)
