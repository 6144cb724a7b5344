"""Object rules shared by every app: force membership first, then role.

Apps build their own ``rules.py`` from these predicates so that each app's object rules
stay in one place. The rules of user administration are here too: who may open the user
pages at all (``accounts.administer_users``) and whom they may manage
(``accounts.manage_user``); every user page and service asks these, nothing else.
"""

import rules

from athena.accounts.roles import ADMINISTRATIVE_ROLES, Role


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
is_national_administrator = has_role(Role.NATIONAL_ADMINISTRATOR)


@rules.predicate
def spans_forces(user):
    """A national administrator (or the operator, a superuser) manages the users of every
    force, and those of none (CPS lawyers)."""
    return user.is_authenticated and user.is_active and (
        user.is_superuser or is_national_administrator(user))


@rules.predicate
def administers_users(user):
    """May open the user pages: a national administrator, or an administrator who
    belongs to a force (they manage that force's users)."""
    return spans_forces(user) or (user.is_authenticated and user.force_id is not None
                                  and is_administrator(user))


@rules.predicate
def may_manage_user(user, person):
    """The one rule of whom an administrator manages: a national administrator anyone;
    a force's administrator the users of their own force, but never a national
    administrator (that would let them take over an account that spans forces)."""
    if person is None or not administers_users(user):
        return False
    if spans_forces(user):
        return True
    if person.force_id != user.force_id:
        return False
    return not person.has_role(*(ADMINISTRATIVE_ROLES - {Role.ADMINISTRATOR}))


rules.add_perm("accounts.administer_users", administers_users)
rules.add_perm("accounts.manage_user", may_manage_user)
