"""The stated reason for looking at intelligence (DPA 2018 s.62) now lives in the
platform, shared with the people index: ``athena/audit/enquiry.py``.

Kept for the report page (views_reports.py), which still uses one reason per enquiry
for every report it opens; the other intelligence pages ask enquiry by enquiry, thing by
thing (views_search.py).
"""

from athena.audit import enquiry
from athena.audit.enquiry import (  # noqa: F401
    REASON_IDLE_MINUTES,
    REASON_MAX_LENGTH,
    SESSION_KEY,
    current_reason,
    forget_reason,
    state_reason,
)

REASON_URL = "intelligence:access_reason"


def ask_for_reason(request, thing=None):
    """Send the user to state their reason (or confirm it for ``thing``), then back."""
    return enquiry.ask(request, thing, reason_url=REASON_URL)
