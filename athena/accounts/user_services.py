"""User administration: what a force's administrator (or a national administrator) does
to the accounts they manage, each change in one transaction with its audit event.

Who may manage whom is one rule, ``accounts.manage_user`` in accounts/rules.py; every
service here checks it again, so no page can forget to. An administrator never types a
password: a new account, or one whose password is reset, gets a one-time link with which
its user sets their own (Django's password reset tokens: the link stops working once
the password changes, and after PASSWORD_RESET_TIMEOUT). Audit events hold ids and
codes; never a password, and never a link's token.
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from importlib import import_module

import structlog
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from athena.accounts.lockout import lockouts_current, sign_in_pauses_forget
from athena.accounts.roles import ADMINISTRATIVE_ROLES, Role
from athena.accounts.rules import administers_users, may_manage_user, spans_forces
from athena.audit.services import audit_record

log = structlog.get_logger(__name__)

# The details an administrator changes on an account (and a new account is given).
USER_FIELDS = ("first_name", "last_name", "rank", "collar_number", "team", "email")
REASON_MAX_LENGTH = 500
QUERY_MAX_LENGTH = 100
# The session engines whose sessions are rows that can be read to find a user's.
DATABASE_SESSION_ENGINES = ("django.contrib.sessions.backends.db",
                            "django.contrib.sessions.backends.cached_db")


class UserAdministrationRefused(Exception):
    """The change is not open to this administrator; ``field`` is the form field the
    message belongs beside (None: the whole form)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class SetPasswordLink:
    """A one-time link with which ``user`` sets their own password."""

    user: object
    path: str
    expires_at: object

    def absolute(self, site_url):
        return f"{site_url.rstrip('/')}{self.path}"


def _printable(text, limit):
    """Text fit for the audit trail: capped, without control characters."""
    return "".join(ch for ch in str(text or "")[:limit] if ch.isprintable())


def _reason(reason):
    reason = " ".join(_printable(reason, REASON_MAX_LENGTH).split())
    if not reason:
        raise UserAdministrationRefused("Give the reason", field="reason")
    return reason


def _check_may_manage(acting_user, user):
    if not may_manage_user(acting_user, user):
        raise UserAdministrationRefused("You cannot manage this user's account")


def _locked(user):
    return get_user_model().objects.select_for_update().get(pk=user.pk)


def assignable_roles(acting_user):
    """The roles ``acting_user`` may give: all of them for a national administrator;
    all but national administrator for a force's administrator."""
    if spans_forces(acting_user):
        return list(Role)
    return [role for role in Role if role != Role.NATIONAL_ADMINISTRATOR]


def _check_roles(acting_user, roles):
    allowed = {role.value for role in assignable_roles(acting_user)}
    refused = sorted(set(roles) - allowed)
    if refused:
        raise UserAdministrationRefused(
            "Only a national administrator can give the role "
            f"{', '.join(Role(name).label for name in refused if name in Role.values)}",
            field="roles")


def _set_roles(user, roles):
    user.groups.set(Group.objects.filter(name__in=roles))
    user.__dict__.pop("role_names", None)  # the cached_property, read afresh


def set_password_link_for(user):
    """A new one-time link for ``user`` to set their password. It works until the
    password changes (so once), or PASSWORD_RESET_TIMEOUT passes."""
    path = reverse("accounts:set_password",
                   kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                           "token": default_token_generator.make_token(user)})
    expires_at = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    return SetPasswordLink(user=user, path=path, expires_at=expires_at)


def _email_link(*, user_id, address, url, expires_at, new_account):
    """Send the link (after commit: no network inside a transaction). Failing to is
    logged, not raised: the administrator has the link on screen to pass on."""
    what = "Your Athena account is ready" if new_account else "Set a new Athena password"
    local_expiry = timezone.localtime(expires_at)
    body = (f"{what}.\n\nSet your password with this link. It works once, until "
            f"{local_expiry:%d %B %Y %H:%M}:\n\n{url}\n\n"
            "If you did not expect this, tell your force's Athena administrator.")
    try:
        send_mail(subject=f"Athena: {what.lower()}", message=body,
                  from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[address])
    except Exception:  # noqa: BLE001 - any mail failure; the link is on screen
        log.warning("accounts.set_password_link.email_failed", user_id=user_id)


def _issue_link(user, *, site_url, new_account):
    """The link, emailed after commit when the user has an email address."""
    link = set_password_link_for(user)
    if user.email:
        transaction.on_commit(partial(_email_link, user_id=user.pk, address=user.email,
                                      url=link.absolute(site_url),
                                      expires_at=link.expires_at, new_account=new_account))
    return link


def user_create(*, acting_user, force, username, roles, site_url, **fields):
    """Create an account with no usable password, and a one-time link for its user to
    set one (emailed if they have an email address). Returns the link."""
    _check_roles(acting_user, roles)
    user_model = get_user_model()
    if not administers_users(acting_user) or not (
            spans_forces(acting_user) or (force is not None
                                          and force.pk == acting_user.force_id)):
        raise UserAdministrationRefused("You can only create users of your own force",
                                        field="force")
    user = user_model(username=username, force=force,
                      **{name: fields.get(name, "") for name in USER_FIELDS})
    if user_model.objects.filter(username__iexact=username).exists():
        raise UserAdministrationRefused("There is already a user with this username",
                                        field="username")
    with transaction.atomic():
        user.set_unusable_password()
        user.save()
        _set_roles(user, roles)
        link = _issue_link(user, site_url=site_url, new_account=True)
        audit_record(actor=acting_user, action="accounts.user.created", obj=user,
                     details={"force": force.code if force else "", "roles": sorted(roles),
                              "link_emailed": bool(user.email)})
    return link


def user_change(*, acting_user, user, roles, **fields):
    """Change an account's details and roles. Returns the names of what changed (empty:
    nothing did, and nothing is recorded). An administrator cannot take away their own
    administrator role: another administrator must."""
    _check_may_manage(acting_user, user)
    with transaction.atomic():
        user = _locked(user)
        before = set(user.role_names)
        wanted = set(roles)
        added, removed = sorted(wanted - before), sorted(before - wanted)
        _check_roles(acting_user, added)
        if user.pk == acting_user.pk and removed and set(removed) & ADMINISTRATIVE_ROLES:
            raise UserAdministrationRefused(
                "You cannot remove your own administrator role. Ask another "
                "administrator if it is no longer needed.", field="roles")
        changed = [name for name in USER_FIELDS
                   if name in fields and getattr(user, name) != fields[name]]
        for name in changed:
            setattr(user, name, fields[name])
        if changed:
            user.save(update_fields=changed)
        if added or removed:
            _set_roles(user, wanted)
        if not (changed or added or removed):
            return []
        audit_record(actor=acting_user, action="accounts.user.changed", obj=user,
                     details={"changed": changed, "roles_added": added,
                              "roles_removed": removed})
    return changed + (["roles"] if added or removed else [])


def sessions_end(user):
    """End every session of ``user`` (those held in the database: a cache-only session
    engine cannot be searched, and is still refused by the checks at each request that
    the user is active and their password unchanged). Returns how many ended."""
    if settings.SESSION_ENGINE not in DATABASE_SESSION_ENGINES:
        return 0
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    keys = Session.objects.filter(expire_date__gt=timezone.now()).values_list(
        "session_key", "session_data")
    for key, data in keys.iterator():
        if store().decode(data).get(SESSION_KEY) == str(user.pk):
            store(session_key=key).delete()
            ended += 1
    return ended


def user_deactivate(*, acting_user, user, reason):
    """Stop ``user`` signing in, and end their sessions now. Not oneself."""
    reason = _reason(reason)
    _check_may_manage(acting_user, user)
    if user.pk == acting_user.pk:
        raise UserAdministrationRefused("You cannot deactivate your own account. Ask "
                                        "another administrator.")
    with transaction.atomic():
        user = _locked(user)
        if not user.is_active:
            return user
        user.is_active = False
        user.save(update_fields=["is_active"])
        ended = sessions_end(user)
        audit_record(actor=acting_user, action="accounts.user.deactivated", obj=user,
                     reason=reason, details={"sessions_ended": ended})
    return user


def user_reactivate(*, acting_user, user, reason):
    """Let a deactivated user sign in again (with the password they had)."""
    reason = _reason(reason)
    _check_may_manage(acting_user, user)
    with transaction.atomic():
        user = _locked(user)
        if user.is_active:
            return user
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(actor=acting_user, action="accounts.user.reactivated", obj=user,
                     reason=reason)
    return user


def user_password_reset(*, acting_user, user, reason, site_url):
    """The user's password stops working now, their sessions end, and a one-time link
    lets them set a new one (emailed if they have an address). Not one's own: that is
    asked of another administrator, as for two-factor sign-in. Returns the link."""
    reason = _reason(reason)
    _check_may_manage(acting_user, user)
    if user.pk == acting_user.pk:
        raise UserAdministrationRefused("Ask another administrator to reset your own "
                                        "password.")
    if not user.is_active:
        raise UserAdministrationRefused("This account is deactivated. Reactivate it first.")
    with transaction.atomic():
        user = _locked(user)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        ended = sessions_end(user)
        link = _issue_link(user, site_url=site_url, new_account=False)
        audit_record(actor=acting_user, action="accounts.user.password_reset_issued",
                     obj=user, reason=reason,
                     details={"sessions_ended": ended, "link_emailed": bool(user.email)})
    return link


def user_password_set(*, user, password):
    """The user sets their password with a one-time link (which this spends)."""
    with transaction.atomic():
        user = _locked(user)
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(actor=user, action="accounts.user.password_set", obj=user)
    return user


def lockout_release(*, acting_user, username, ip_address):
    """Lift the sign-in pause of ``username`` from ``ip_address`` (and forget the pauses
    before it), for a user the administrator manages. Returns how many failure records
    went; 0 when there was no pause (it ended meanwhile), and nothing is recorded."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None or not may_manage_user(acting_user, user):
        raise UserAdministrationRefused("You cannot release this sign-in pause")
    with transaction.atomic():
        current = [lockout for lockout in lockouts_current(usernames=[username])
                   if lockout.ip_address == (ip_address or "")]
        if ip_address:
            removed = axes_reset(ip=ip_address, username=username)
        else:
            removed, _ = AccessAttempt.objects.filter(username=username,
                                                      ip_address__isnull=True).delete()
        sign_in_pauses_forget(username=username, ip_address=ip_address or "")
        if not current:
            return 0
        audit_record(actor=acting_user, action="accounts.lockout.released", obj=user,
                     details={"ip_address": ip_address or "",
                              "failures": current[0].failures,
                              "pause_number": current[0].pause_number})
    return removed


def users_listed(*, acting_user, query, filters, users, count):
    """Record that the administrator listed users (their names and numbers are personal
    data): the search, the filters and the ids on the page shown."""
    return audit_record(actor=acting_user, action="accounts.users.listed",
                        object_type="accounts.user",
                        details={"query": _printable(query, QUERY_MAX_LENGTH),
                                 **{name: str(value) for name, value in filters.items()
                                    if value},
                                 "result_count": count,
                                 "user_ids": [user.pk for user in users]})


def lockouts_listed(*, acting_user, users):
    """Record that the administrator looked at the sign-in pauses (whose, and from
    which addresses, is personal data)."""
    return audit_record(actor=acting_user, action="accounts.lockouts.listed",
                        object_type="accounts.user",
                        details={"user_ids": [user.pk for user in users]})


def user_viewed(*, acting_user, user):
    return audit_record(actor=acting_user, action="accounts.user.viewed", obj=user)
