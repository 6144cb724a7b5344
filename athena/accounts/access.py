"""What a user may do, remembered by each process between requests.

Every signed-in page asks the user's roles (the header, the rules) and permissions, and
whether they have an authenticator. Read from the database each time, that was four of
a trivial page's eight queries. Each process keeps them instead, under the user's id and
``access_stamp``: a token on the user's row that changes, in the same transaction, with
anything they are worked out from (roles, direct permissions, a role's permissions, an
authenticator confirmed or removed). The user's row is read afresh on every request, so
the first request after a change, in any process, finds no copy under the new stamp and
reads the database: a role taken away is gone on the next page, as before.
"""

from dataclasses import dataclass
from functools import lru_cache
from uuid import uuid4

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

# Users whose access one process remembers; the least recently used are forgotten.
REMEMBERED_USERS = 20_000


def new_access_stamp():
    return uuid4().hex


@dataclass(frozen=True)
class Access:
    role_names: tuple
    permissions: frozenset  # "app_label.codename", as ModelBackend gives them
    has_authenticator: bool


def access_of(user):
    """``user``'s roles, permissions and authenticator, from this process's copy when
    it has one under the user's current stamp."""
    return _access(user.pk, user.access_stamp, user.is_superuser)


@lru_cache(maxsize=REMEMBERED_USERS)
def _access(user_pk, access_stamp, is_superuser):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    role_names = tuple(sorted(Group.objects.filter(user__pk=user_pk)
                              .values_list("name", flat=True)))
    if is_superuser:
        permissions = Permission.objects.all()
    else:
        permissions = Permission.objects.filter(
            Q(user__pk=user_pk) | Q(group__user__pk=user_pk)).distinct()
    permissions = _shared(frozenset(f"{app_label}.{codename}" for app_label, codename
                                    in permissions.values_list("content_type__app_label",
                                                               "codename")))
    has_authenticator = TOTPDevice.objects.filter(user_id=user_pk, confirmed=True).exists()
    return Access(role_names, permissions, has_authenticator)


# Users of the same roles have the same permissions: one set in memory for all of them,
# not a hundred strings a user. Bounded, for users with permissions of their own.
_SHARED_SETS = {}
SHARED_SETS_KEPT = 1_000


def _shared(permissions):
    if len(_SHARED_SETS) < SHARED_SETS_KEPT:
        return _SHARED_SETS.setdefault(permissions, permissions)
    return _SHARED_SETS.get(permissions, permissions)


# --- Changing the stamp ---------------------------------------------------------------

def restamp(user_pks):
    """Give each of these users a new stamp, so no process uses its copy again."""
    from django.contrib.auth import get_user_model

    user_pks = list(user_pks)
    if user_pks:
        get_user_model().objects.filter(pk__in=user_pks).update(
            access_stamp=new_access_stamp())


def _restamp_instance(user):
    """The user object in hand, too: what it has worked out already is out of date."""
    user.access_stamp = new_access_stamp()
    type(user).objects.filter(pk=user.pk).update(access_stamp=user.access_stamp)
    for cached in ("role_names", "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cached, None)


def _members_of(group_pks):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__pk__in=group_pks).values_list(
        "pk", flat=True).distinct()


def _user_m2m_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A user's roles or direct permissions changed (either side of the relation)."""
    if action == "pre_clear" and reverse:
        # group.user_set.clear() / permission.user_set.clear(): after it, the members
        # can no longer be found, so note them now and restamp them after.
        other_side = "group_id" if isinstance(instance, Group) else "permission_id"
        instance._access_members = list(sender.objects.filter(
            **{other_side: instance.pk}).values_list("user_id", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        _restamp_instance(instance)
    elif action == "post_clear":
        restamp(instance.__dict__.pop("_access_members", []))
    else:
        restamp(pk_set)


def _group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A role's permissions changed: every member's access changes."""
    if action == "pre_clear" and reverse:
        instance._access_groups = list(
            sender.objects.filter(permission_id=instance.pk).values_list("group_id",
                                                                         flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        restamp(_members_of([instance.pk]))
    elif action == "post_clear":
        restamp(_members_of(instance.__dict__.pop("_access_groups", [])))
    else:
        restamp(_members_of(pk_set))


def _group_deleting(sender, instance, **kwargs):
    instance._access_members = list(_members_of([instance.pk]))


def _group_deleted(sender, instance, **kwargs):
    restamp(instance.__dict__.pop("_access_members", []))


def _authenticator_changed(sender, instance, **kwargs):
    restamp([instance.user_id])


def connect():
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model()
    for through in (user.groups.through, user.user_permissions.through):
        m2m_changed.connect(_user_m2m_changed, sender=through,
                            dispatch_uid=f"athena.access.{through._meta.label}")
    m2m_changed.connect(_group_permissions_changed, sender=Group.permissions.through,
                        dispatch_uid="athena.access.group_permissions")
    pre_delete.connect(_group_deleting, sender=Group, dispatch_uid="athena.access.g_del")
    post_delete.connect(_group_deleted, sender=Group, dispatch_uid="athena.access.g_gone")
    post_save.connect(_authenticator_changed, sender=TOTPDevice,
                      dispatch_uid="athena.access.totp_saved")
    post_delete.connect(_authenticator_changed, sender=TOTPDevice,
                        dispatch_uid="athena.access.totp_deleted")
