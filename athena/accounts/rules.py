"""Object rules shared by every app: force membership first, then role.

Apps build their own ``rules.py`` from these predicates so that each app's object rules
stay in one place.
"""

import rules

from athena.accounts.roles import Role


@rules.predicate
def belongs_to_users_force(user, obj):
    """True when the object's force is the user's own force (objects carry ``force_id``)."""
    if obj is None or not user.is_authenticated or user.force_id is None:
        return False
    return getattr(obj, "force_id", None) == user.force_id


def has_role(*roles):
    names = {Role(role).value for role in roles}

    @rules.predicate(name=f"has_role({', '.join(sorted(names))})")
    def predicate(user):
        return user.is_authenticated and bool(names & set(user.role_names))

    return predicate


is_administrator = has_role(Role.ADMINISTRATOR)
