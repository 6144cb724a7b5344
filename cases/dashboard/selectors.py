"""The figures of a force's file-quality dashboard, for its file supervisors.

Every figure is counted by the database from the file's history (CaseEvent), its
submissions and decisions, so the page costs the same few queries with ten files or ten
thousand. The charts are drawn in charts.py as SVG geometry, and the template writes the
same numbers in a table.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Min
from django.db.models.functions import TruncWeek
from django.utils import timezone

from cases.dashboard.charts import grouped_bar_chart, horizontal_bar_chart
from cases.models import CaseEvent, CaseEventKind, CaseFile, CaseStatus
from cases.sections import SectionKind

WEEKS = 12
NEAR_DEADLINE = timedelta(days=7)
NEAR_DEADLINE_SHOWN = 50
RECENT_COMMENTS = 10
COMMENT_SHOWN_CHARACTERS = 500


@dataclass(frozen=True)
class Series:
    kind: str
    label: str
    pattern: str  # solid, hatch or dots: the bars differ by more than colour
    colour: str


FLOW_SERIES = (
    Series(CaseEventKind.SUBMITTED, "Submitted", "solid", "#1d70b8"),
    Series(CaseEventKind.RETURNED, "Returned", "hatch", "#d4351c"),
    Series(CaseEventKind.APPROVED, "Approved", "dots", "#00703c"),
)


def _week_start(moment):
    """Monday 00:00, London time, of the week ``moment`` falls in."""
    day = timezone.localtime(moment).date()
    return timezone.make_aware(datetime.combine(day - timedelta(days=day.weekday()), time.min))


def weekly_flow(*, force, now, weeks=WEEKS):
    """Files submitted, returned and approved in each of the last ``weeks`` weeks (each
    file counted once a week, however often it went round), oldest week first."""
    this_week = _week_start(now).date()
    mondays = [this_week - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    since = timezone.make_aware(datetime.combine(mondays[0], time.min))
    rows = (CaseEvent.objects
            .filter(case__force=force, occurred_at__gte=since,
                    kind__in=[series.kind for series in FLOW_SERIES])
            .annotate(week=TruncWeek("occurred_at"))
            .values("week", "kind").annotate(files=Count("case", distinct=True)).order_by())
    counts = {(timezone.localtime(row["week"]).date(), row["kind"]): row["files"]
              for row in rows}
    return [{"starts_on": monday,
             "counts": [counts.get((monday, series.kind), 0) for series in FLOW_SERIES]}
            for monday in mondays]


def return_reasons(*, force, since):
    """How often each kind of section was returned to the officer since ``since``, the
    most returned first."""
    rows = (CaseEvent.objects
            .filter(case__force=force, kind=CaseEventKind.SECTION_RETURNED,
                    occurred_at__gte=since)
            .exclude(section_kind="")
            .values("section_kind").annotate(returns=Count("pk"))
            .order_by("-returns", "section_kind"))
    return [{"kind": row["section_kind"], "title": _section_title(row["section_kind"]),
             "returns": row["returns"]} for row in rows]


def _section_title(kind):
    return SectionKind(kind).label if kind in SectionKind.values else kind


def recent_return_comments(*, force, limit=RECENT_COMMENTS):
    events = (CaseEvent.objects
              .filter(case__force=force, kind=CaseEventKind.SECTION_RETURNED)
              .exclude(comment="").select_related("case").only(
                  "occurred_at", "section_kind", "comment", "case__urn")
              .order_by("-occurred_at", "-pk")[:limit])
    return [{"occurred_at": event.occurred_at, "case": event.case,
             "section": _section_title(event.section_kind),
             "comment": event.comment[:COMMENT_SHOWN_CHARACTERS],
             "shortened": len(event.comment) > COMMENT_SHOWN_CHARACTERS}
            for event in events]


def _median_time_from_arrest(files, reached, since):
    """The median time from arrest to the moment ``reached`` (an aggregate per file),
    over the files that reached it since ``since``, and how many did. The database
    counts and sorts; only the middle one or two rows come back."""
    # A file whose arrest is recorded after the moment is a typing error: left out.
    timed = (files.annotate(reached=reached)
             .filter(reached__gte=since).filter(reached__gte=F("arrested_at"))
             .annotate(took=ExpressionWrapper(F("reached") - F("arrested_at"),
                                              output_field=DurationField())))
    count = timed.count()
    if not count:
        return None, 0
    middle = (count - 1) // 2
    wanted = 2 if count % 2 == 0 else 1
    took = list(timed.order_by("took", "pk").values_list("took", flat=True)
                [middle:middle + wanted])
    return sum(took, timedelta()) / len(took), count


def median_times(*, force, since):
    """Median time from arrest to first submission for review, and from arrest to the
    CPS decision, over the files that reached each since ``since``."""
    files = CaseFile.objects.filter(force=force, arrested_at__isnull=False)
    to_submission, submitted = _median_time_from_arrest(
        files, Min("submissions__submitted_at"), since)
    to_decision, decided = _median_time_from_arrest(files, Min("decisions__decided_at"), since)
    return [
        {"label": "Arrest to submission for review", "median": to_submission,
         "shown": format_duration(to_submission), "files": submitted},
        {"label": "Arrest to CPS decision", "median": to_decision,
         "shown": format_duration(to_decision), "files": decided},
    ]


def format_duration(duration):
    if duration is None:
        return "No files yet"
    hours = duration.total_seconds() / 3600
    if hours < 48:
        shown = round(hours, 1)
        return f"{shown:g} hour{'' if shown == 1 else 's'}"
    days = round(hours / 24, 1)
    return f"{days:g} days"


def files_near_deadline(*, force, now):
    """The force's open files whose soonest deadline is within a week (or past), the
    soonest first."""
    files = (CaseFile.objects
             .filter(force=force, next_deadline_at__lte=now + NEAR_DEADLINE)
             .exclude(status=CaseStatus.DECIDED)
             .select_related("officer_in_case")
             .order_by("next_deadline_at", "pk")[:NEAR_DEADLINE_SHOWN])
    return [{"case": case, "overdue": case.next_deadline_at < now} for case in files]


def quality_dashboard(*, force, now=None):
    now = now or timezone.now()
    flow = weekly_flow(force=force, now=now)
    since = timezone.make_aware(datetime.combine(flow[0]["starts_on"], time.min))
    reasons = return_reasons(force=force, since=since)
    return {
        "force": force,
        "weeks": WEEKS,
        "since": since,
        "series": FLOW_SERIES,
        "flow": flow,
        "flow_totals": [sum(week["counts"][i] for week in flow)
                        for i in range(len(FLOW_SERIES))],
        "flow_chart": grouped_bar_chart(
            chart_id="weekly-flow",
            groups=[(f"{week['starts_on']:%-d %b}", week["counts"]) for week in flow],
            series=FLOW_SERIES),
        "reasons": reasons,
        "reasons_chart": horizontal_bar_chart(
            chart_id="return-reasons",
            bars=[(reason["title"], reason["returns"]) for reason in reasons]),
        "comments": recent_return_comments(force=force),
        "medians": median_times(force=force, since=since),
        "near_deadline": files_near_deadline(force=force, now=now),
        "near_deadline_days": NEAR_DEADLINE.days,
    }
