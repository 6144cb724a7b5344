"""Two-factor sign-in: enrolling an authenticator app, checking its codes at sign-in,
replacing it, and an administrator's reset. Every one of these, and every refusal and
wrong code, writes an audit event.

The rules:
- A user with no confirmed authenticator may enrol one with only their password: that
  is how the first one is set up.
- A user who has one may not enrol another before the second factor: the password alone
  must never be enough to add a device. Replacing it needs a code from the current one
  as well as from the new one, so a stolen session cannot swap the phone either.
- A user who has lost their authenticator asks an administrator of their force, who
  resets it with a stated reason; the user then enrols a new one.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from athena.accounts.access import access_of
from athena.accounts.rules import may_manage_user
from athena.audit.services import audit_record

DEVICE_NAME = "Authenticator app"
REASON_MAX_LENGTH = 500
WRONG_CURRENT_CODE = ("That code is not right. Enter the newest code from the authenticator "
                      "app you use now.")
WRONG_NEW_CODE = ("That code is not right. Check the time on your new phone and enter the "
                  "newest code from it.")
NEW_DEVICE_GONE = "This page is out of date. Scan the new QR code below and enter both codes."


class TwoFactorRefused(Exception):
    """The step is not open to this user now; the message says why."""


def has_authenticator(user):
    return access_of(user).has_authenticator


def second_factor_pending(user):
    """Whether a signed-in user must still give (or set up) their second factor before
    anything else: everyone with an authenticator, and with ATHENA_REQUIRE_TWO_FACTOR
    everyone."""
    if not user.is_authenticated or user.is_verified():
        return False
    return settings.ATHENA_REQUIRE_TWO_FACTOR or has_authenticator(user)


def authenticator_of(user):
    """The user's confirmed authenticator, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_authenticator(user, device_id=None):
    """The unconfirmed authenticator the set-up page shows: ``device_id``'s, shown
    earlier in this same session, or a new one. A new one removes any other unconfirmed
    device of the user: a secret shown to another sign-in (perhaps by someone with the
    password) must never become the one the user confirms."""
    if device_id is not None:
        shown = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
        if shown is not None:
            return shown
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _audit(user, action, **details):
    audit_record(actor=user, action=f"accounts.two_factor.{action}", obj=user,
                 details=details)


def _locked_user(user):
    # One enrolment at a time per user: two racing set-ups cannot both confirm a device.
    return get_user_model().objects.select_for_update().get(pk=user.pk)


def set_up_refused(*, user, page):
    """Record that a user with an authenticator, not yet past the second factor, asked
    for the set-up page: with only the password, someone may be trying to add a device."""
    _audit(user, "set_up_refused", page=page)


def authenticator_enrol(*, user, device, token):
    """Confirm the user's first authenticator with one of its codes. True when enrolled,
    False for a wrong code. Raises TwoFactorRefused if the user already has one."""
    with transaction.atomic():
        _locked_user(user)
        device = TOTPDevice.objects.select_for_update().filter(
            pk=device.pk, user=user, confirmed=False).first()
        refused = device is None or has_authenticator(user)
        if not refused:
            if not device.verify_token(token):
                _audit(user, "failed", stage="enrolment", device_id=device.pk)
                return False
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            _audit(user, "enrolled", device_id=device.pk)
            return True
    set_up_refused(user=user, page="enrol")
    raise TwoFactorRefused("You already have an authenticator app. Enter a code from it "
                           "to sign in.")


def authenticator_replace(*, user, current_token, device, token):
    """Replace the user's authenticator with ``device``: a code from the current one
    proves the user holds it, a code from the new one proves it works. Returns a dict of
    {field: message} for what was wrong (nothing changes then), or {} when replaced."""
    with transaction.atomic():
        _locked_user(user)
        current = authenticator_of(user)
        if current is None:
            raise TwoFactorRefused("You have no authenticator app to replace: set one up.")
        errors = {}
        if match_token(user, current_token) is None:
            _audit(user, "failed", stage="replace_current", device_id=current.pk)
            errors["current_token"] = WRONG_CURRENT_CODE
        device = TOTPDevice.objects.select_for_update().filter(
            pk=device.pk, user=user, confirmed=False).first()
        if device is None:
            errors["token"] = NEW_DEVICE_GONE
        if not errors and not device.verify_token(token):
            _audit(user, "failed", stage="replace_new", device_id=device.pk)
            errors["token"] = WRONG_NEW_CODE
        if errors:
            return errors
        old = list(TOTPDevice.objects.filter(user=user, confirmed=True)
                   .values_list("pk", flat=True))
        TOTPDevice.objects.filter(pk__in=old).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        _audit(user, "replaced", device_id=device.pk, replaced_device_ids=old)
    return {}


def second_factor_check(*, user, token):
    """The user's authenticator that ``token`` came from, or None; audited either way."""
    device = match_token(user, token)
    if device is None:
        _audit(user, "failed", stage="sign_in")
    else:
        _audit(user, "verified", device_id=device.pk)
    return device


def may_reset_two_factor(acting_user, user):
    """An administrator who may manage the user (accounts/rules.py: one of their own
    force, or a national administrator), for anyone but themselves (their own reset goes
    to a colleague, so no one can take over an account alone)."""
    return (acting_user.is_authenticated and acting_user.pk != user.pk
            and may_manage_user(acting_user, user))


def two_factor_reset(*, acting_user, user, reason):
    """Remove every authenticator of ``user`` (lost or stolen phone), with the reason.
    At their next sign-in they set up a new one. ``acting_user`` None is the operator at
    the server (manage.py reset_two_factor), who holds the database anyway."""
    reason = " ".join(str(reason or "").split())[:REASON_MAX_LENGTH]
    if not reason:
        raise TwoFactorRefused("Give the reason for the reset")
    if acting_user is not None:
        _check_may_reset(acting_user, user)
    with transaction.atomic():
        _locked_user(user)
        removed = list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True))
        TOTPDevice.objects.filter(pk__in=removed).delete()
        audit_record(actor=acting_user, action="accounts.two_factor.reset", obj=user,
                     reason=reason, details={"removed_device_ids": removed,
                                             "by": "administrator" if acting_user
                                             else "manage.py reset_two_factor"})
    return removed


def _check_may_reset(acting_user, user):
    if acting_user.pk == user.pk:
        raise TwoFactorRefused("Ask another administrator of your force to reset your own "
                               "two-factor sign-in")
    if not may_reset_two_factor(acting_user, user):
        raise TwoFactorRefused("Only an administrator of the user's force can reset their "
                               "two-factor sign-in")
