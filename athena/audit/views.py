from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from athena.audit.forms import AuditFilterForm
from athena.audit.selectors import audit_events_filtered, audit_events_visible_to
from athena.audit.services import audit_record

PAGE_SIZE = 50


@permission_required("audit.view_auditevent", raise_exception=True)
def events(request):
    """The audit viewer: who did what to which record, when and why; an administrator
    reads their own force's trail. Each look at it is itself audited, with its filters."""
    form = AuditFilterForm(request.GET or None, viewer=request.user)
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
    page = Paginator(audit_events_filtered(**filters,
                                           events=audit_events_visible_to(request.user)),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)  # read before this look is itself recorded
    audit_record(actor=request.user, action="audit.events.viewed",
                 details={name: str(value) for name, value in filters.items() if value})
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/events.html",
                  {"form": form, "page": page, "query": query.urlencode()})
