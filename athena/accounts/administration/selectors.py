"""The users an administrator may see, already confined by accounts/rules.py's rule:
a force's administrator their own force's users (but no national administrator), a
national administrator everyone's."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404

from athena.accounts.lockout import lockouts_current
from athena.accounts.roles import Role
from athena.accounts.rules import administers_users, may_manage_user, spans_forces


def users_manageable_by(acting_user):
    """The users ``acting_user`` manages, with their force and roles read in the same
    few queries however many there are. Agrees with ``may_manage_user`` (a test holds
    the two together)."""
    users = get_user_model().objects.select_related("force").prefetch_related("groups")
    if spans_forces(acting_user):
        return users
    if not administers_users(acting_user):
        return users.none()
    return (users.filter(force_id=acting_user.force_id)
            .exclude(groups__name=Role.NATIONAL_ADMINISTRATOR.value))


def user_get_for_administrator(*, acting_user, pk):
    """The user ``pk`` if ``acting_user`` manages them; otherwise 404, so that another
    force's accounts are not even known to exist."""
    user = users_manageable_by(acting_user).filter(pk=pk).first()
    if user is None or not may_manage_user(acting_user, user):
        raise Http404("No such user")
    return user


def users_filtered(users, *, query="", role="", status="", paused=False, force=None):
    """``users`` narrowed to those whose name, username or collar number holds each word
    of ``query``, with ``role``, ``status`` ("active" or "deactivated"), whose sign-in
    is paused now, or of ``force``."""
    for word in query.split():
        users = users.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word)
                             | Q(username__icontains=word)
                             | Q(collar_number__icontains=word))
    if role:
        users = users.filter(groups__name=role)
    if status == "active":
        users = users.filter(is_active=True)
    elif status == "deactivated":
        users = users.filter(is_active=False)
    if paused:
        paused_usernames = {lockout.username for lockout in
                            lockouts_current(usernames=users.values("username"))}
        users = users.filter(username__in=paused_usernames)
    if force is not None:
        users = users.filter(force=force)
    return users.order_by("last_name", "first_name", "username")


def lockouts_for_administrator(acting_user, usernames=None):
    """The sign-in pauses running now of the users ``acting_user`` manages."""
    managed = users_manageable_by(acting_user)
    if usernames is not None:
        managed = managed.filter(username__in=usernames)
    return lockouts_current(usernames=managed.values("username"))
