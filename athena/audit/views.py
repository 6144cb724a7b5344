from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from athena.audit.forms import AuditFilterForm
from athena.audit.selectors import audit_events_filtered

PAGE_SIZE = 50


@permission_required("audit.view_auditevent", raise_exception=True)
def events(request):
    """The audit viewer: who did what to which record, when and why."""
    form = AuditFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "user_id": data["user"].pk if data["user"] else None,
            "action": data["action"].strip(),
            "object_type": data["object_type"].strip(),
            "object_id": data["object_id"].strip(),
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    page = Paginator(audit_events_filtered(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/events.html",
                  {"form": form, "page": page, "query": query.urlencode()})
