"""What every page's header shows the signed-in user: their roles, and only the sections
they can use. A section a role cannot use is not offered (its pages answer 403)."""

from functools import partial

from athena.accounts.roles import Role

POLICE = frozenset({Role.OFFICER, Role.CUSTODY_OFFICER, Role.INSPECTOR, Role.SUPERINTENDENT,
                    Role.FILE_SUPERVISOR, Role.INTELLIGENCE_ANALYST})

# (label, URL name, the roles it is for, or None for "anyone with the permission").
NAVIGATION = [
    ("Cases", "cases:index", frozenset({Role.OFFICER, Role.CUSTODY_OFFICER,
                                        Role.FILE_SUPERVISOR, Role.INSPECTOR}), None),
    ("Files sent to the CPS", "cases:cps_index", frozenset({Role.CPS_LAWYER}), None),
    ("Custody", "custody:index", frozenset({Role.CUSTODY_OFFICER, Role.INSPECTOR,
                                            Role.SUPERINTENDENT}), None),
    ("Intelligence", "intelligence:index", POLICE, None),
    ("People", "people:search", None, "people.view_person"),
    ("Audit trail", "audit:events", None, "audit.view_auditevent"),
    # Administrators of a force, and national administrators (accounts/rules.py).
    ("Users", "accounts:users", None, "accounts.administer_users"),
]


def navigation_for(user):
    """The (label, URL name) of each section ``user`` can use, in header order."""
    roles = set(user.role_names)
    police_force = user.force_id is not None
    return [(label, url_name) for label, url_name, for_roles, permission in NAVIGATION
            if (for_roles is None or (roles & for_roles and (police_force or
                                                             Role.CPS_LAWYER in roles)))
            and (permission is None or user.has_perm(permission))]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = [Role(name).label for name in user.role_names if name in Role.values]
    return {
        # Worked out only by a page that shows the header (a template calls a callable
        # when it reads it): an autosave's partial reads no permissions for it.
        "primary_navigation": partial(navigation_for, user),
        "user_role_labels": roles,
    }
