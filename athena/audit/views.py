import csv

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from athena.audit.forms import AuditFilterForm
from athena.audit.presentation import event_rows, people_named
from athena.audit.selectors import audit_events_filtered, audit_events_visible_to
from athena.audit.services import audit_record

PAGE_SIZE = 50
# A CSV export holds at most this many events: narrow the filters for more.
EXPORT_LIMIT = 10_000


@permission_required("audit.view_auditevent", raise_exception=True)
def events(request):
    """The audit viewer: who did what to which record, when and why, in names and links;
    an administrator reads their own force's trail. Each look at it, and each export
    (``?format=csv``), is itself audited with its filters."""
    form = AuditFilterForm(request.GET or None, viewer=request.user)
    filters, said = {}, {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        about = data["about"].strip()
        filters = {
            "user_ids": form.users_meant(),
            "about_people": people_named(about) if about else None,
            "action": data["action"].strip(),
            "object_type": data["object_type"].strip(),
            "object_id": data["object_id"].strip(),
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
        # What the viewer asked for, as they typed it, for the audit of this look.
        said = {name: str(value) for name, value in data.items() if value}
    found = audit_events_filtered(**filters, events=audit_events_visible_to(request.user))
    if request.GET.get("format") == "csv" and not form.errors:
        rows = event_rows(found[:EXPORT_LIMIT])
        audit_record(actor=request.user, action="audit.events.exported",
                     details={**said, "rows": len(rows)})
        return _csv(rows)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = event_rows(page.object_list)  # read before this look is recorded
    audit_record(actor=request.user, action="audit.events.viewed", details=said)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(request, "audit/events.html",
                  {"form": form, "page": page, "rows": rows, "query": query.urlencode()})


def _csv(rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
    writer = csv.writer(response)
    writer.writerow(["When", "Who", "Username", "Action", "Action code", "Object",
                     "Search terms", "Reason"])
    for row in rows:
        writer.writerow([row["when"].isoformat(), row["who"], row["username"], row["action"],
                         row["code"], row["object"], _cell(row["search"]),
                         _cell(row["reason"])])
    return response


def _cell(text):
    """Text as a spreadsheet shows it, never run as a formula (CSV injection)."""
    text = str(text or "")
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
