"""The stated reason for looking at intelligence (DPA 2018 s.62), asked once per search
session.

A user states why they are searching (an incident or investigation and its purpose)
once; every search, report view and subject profile after that is audited with the same
reason until the session has been idle for ``REASON_IDLE_MINUTES`` or they state a new
one. A page that needs a reason and has none sends the user to give one, then back.
"""

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

SESSION_KEY = "intelligence_access"
REASON_IDLE_MINUTES = 30
REASON_MAX_LENGTH = 500


def current_reason(request):
    """The reason stated in this search session, or None when none is fresh."""
    stored = request.session.get(SESSION_KEY)
    if not stored:
        return None
    last_used = datetime.fromisoformat(stored["last_used"])
    if timezone.now() - last_used > timedelta(minutes=REASON_IDLE_MINUTES):
        return None
    stored["last_used"] = timezone.now().isoformat()
    request.session[SESSION_KEY] = stored
    return stored["reason"]


def state_reason(request, reason):
    reason = " ".join(str(reason or "").split())[:REASON_MAX_LENGTH]
    request.session[SESSION_KEY] = {"reason": reason, "last_used": timezone.now().isoformat()}
    return reason


def forget_reason(request):
    request.session.pop(SESSION_KEY, None)


def ask_for_reason(request):
    """Send the user to state their reason, then back to the page they asked for."""
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('intelligence:access_reason')}?{query}")
