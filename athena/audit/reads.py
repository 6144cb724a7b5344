"""Reads of personal data, audited (DPA 2018 s.62: consultation is logged like any change).

A page that shows personal data is marked where it is defined::

    @read_audited("custody.rights.viewed", object_type="custody.custodyrecord")
    def rights(request, pk): ...

Each time it answers a GET with a page (200) to a signed-in user, the trail gets one event:
the action, the record the URL names (its ``pk``), the URL's other parts (a section's
kind, an item's id) and, for a list or search, what it was asked for. A view that
records its own, richer event (a person's view with its stated reason) is not marked.

tests/security/test_authorization_matrix.py asks every page of the application as every
role and fails when one shows the test subject's data and wrote no event.
"""

from functools import wraps

from athena.audit.services import audit_record

# Query parameters kept as what a list or search was asked for: filters and terms, never
# tokens. Each value is cut to this many characters.
_KEPT_PARAMETER_LENGTH = 200
_NOT_KEPT = {"csrfmiddlewaretoken", "next", "format"}


def _asked(request):
    return {name: value[:_KEPT_PARAMETER_LENGTH] for name, value in request.GET.items()
            if name not in _NOT_KEPT and value}


def read_audited(action, *, object_type="", object_kwarg="pk"):
    """Mark a view as showing personal data: each page it answers is audited as
    ``action`` on the ``object_type`` record whose id is the URL's ``object_kwarg``."""

    def decorate(view):
        @wraps(view)
        def audited(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            # A POST is a change, audited by the service that makes it; one answered
            # with its form again shows what the user just sent, on a page whose GET
            # was audited. An autosave's answer is a POST too.
            if (request.method == "GET" and response.status_code == 200
                    and request.user.is_authenticated):
                parts = {name: str(value) for name, value in kwargs.items()
                         if name != object_kwarg}
                parts["page"] = getattr(request.resolver_match, "view_name", "") or ""
                audit_record(actor=request.user, action=action, object_type=object_type,
                             object_id=str(kwargs.get(object_kwarg, "")) if object_type
                             else "",
                             details={**parts, **_asked(request)})
            return response

        audited.read_audited_as = action
        return audited

    return decorate
