"""Security events into the audit trail: signing in and out, a wrong password, and a
sign-in pause starting.

These come from wherever Django or django-axes sees them (the sign-in page, the admin
site's sign-in, a session ended at the end of a shift), so they are receivers of their
signals, connected in ``AccountsConfig.ready``. Two-factor sign-in audits itself
(two_factor.py). No password, in any form, reaches an event.
"""

from axes.helpers import get_client_ip_address
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from athena.accounts.lockout import sign_in_pause_start, sign_in_pauses_forget
from athena.audit.services import audit_record

# A username as tried is kept to this length in the trail (a username is at most 150).
USERNAME_KEPT = 150


def _address(request):
    if request is None:
        return ""
    address = getattr(request, "axes_ip_address", None)
    if address is None:
        address = get_client_ip_address(request)
    return address or ""


def _as_typed(username):
    """A username as typed, fit for the trail: capped, without control characters."""
    return "".join(ch for ch in str(username or "")[:USERNAME_KEPT] if ch.isprintable())


def _user_named(username):
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


def _over_http(request):
    """Whether a sign-in or out came in an HTTP request. One without (the test client's
    force_login, a script calling login()) has no address or device to record and is
    not a sign-in anyone made."""
    return request is not None and bool(getattr(request, "method", None))


def signed_in(sender, request, user, **kwargs):
    """user_logged_in: audited; and the right password forgets the username's sign-in
    pauses from that address (django-axes forgets its failures, AXES_RESET_ON_SUCCESS)."""
    if not _over_http(request):
        return
    address = _address(request)
    with transaction.atomic():
        sign_in_pauses_forget(username=user.get_username(), ip_address=address)
        audit_record(actor=user, action="accounts.signed_in", obj=user,
                     details={"ip_address": address})


def signed_out(sender, request, user, **kwargs):
    """user_logged_out: audited when there was someone signed in."""
    if user is None or not user.is_authenticated or not _over_http(request):
        return
    audit_record(actor=user, action="accounts.signed_out", obj=user,
                 details={"ip_address": _address(request)})


def sign_in_failed(sender, credentials, request=None, **kwargs):
    """user_login_failed: audited with the username as typed (perhaps no one's) and the
    address, never the password. The actor is no one: nobody is signed in."""
    typed = str((credentials or {}).get("username") or "")
    username = _as_typed(typed)
    person = _user_named(typed)
    details = {"username": username, "ip_address": _address(request)}
    if request is not None and getattr(request, "axes_locked_out", False):
        details["while_paused"] = True
    audit_record(actor=None, action="accounts.sign_in_failed", object_type="accounts.user",
                 object_id=person.pk if person is not None else "", details=details)


def locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    """django-axes's user_locked_out: a pause starts (audited once), or someone tried
    again during one (not a new pause; sign_in_failed has it)."""
    at = getattr(request, "axes_attempt_time", None) or timezone.now()
    username = str(username or "")
    with transaction.atomic():
        pause = sign_in_pause_start(username=username, ip_address=ip_address, at=at)
        if pause is None:
            return
        person = _user_named(username)
        audit_record(actor=None, action="accounts.locked_out", object_type="accounts.user",
                     object_id=person.pk if person is not None else "",
                     details={"username": _as_typed(username),
                              "ip_address": ip_address or "",
                              "pause_number": pause.pauses,
                              "pause_minutes": int(pause.length.total_seconds() // 60),
                              "ends_at": pause.ends_at.isoformat()})


def connect():
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(signed_in, dispatch_uid="athena.audit_signed_in")
    user_logged_out.connect(signed_out, dispatch_uid="athena.audit_signed_out")
    user_login_failed.connect(sign_in_failed, dispatch_uid="athena.audit_sign_in_failed")
    user_locked_out.connect(locked_out, dispatch_uid="athena.audit_locked_out")
