"""What the pages of a custody record share when they record something."""

from django.contrib import messages

from custody.records.forms import add_problems
from custody.records.services import CustodyRuleBroken


def entry_saved(request, record, form, service, *, success):
    """Record the valid ``form`` on ``record`` through ``service`` (its arguments are the
    form's ``service_kwargs``), as the user. True once saved, with ``success`` to show on
    the next page; False when the rules refuse it, each problem beside its field."""
    try:
        service(acting_user=request.user, record=record, **form.service_kwargs())
    except CustodyRuleBroken as error:
        add_problems(form, error.problems)
        return False
    messages.success(request, success)
    return True
