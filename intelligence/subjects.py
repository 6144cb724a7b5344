"""Reads for a subject's profile (NIM: subject profile) and for the record of who looked
at a subject and why.

The profile shows only what the user may see: reports through ``reports_visible_to``,
custody records and case files of the user's own force through the public functions of
those apps (DESIGN.md: intelligence reads cases and custody only through them). Every
read here runs a fixed number of queries, whatever the number of reports or links.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import CharField, Q, prefetch_related_objects
from django.db.models.functions import Cast
from django.urls import reverse

from athena.audit.models import AuditEvent
from athena.people import selectors as people_selectors
from athena.people.models import Person
from cases.selectors import case_files_for_person
from custody.selectors import custody_history_for_user
from intelligence.models import ENTITY_FIELDS, EntityType, IntelligenceReport, ReportLink
from intelligence.network import network_layout
from intelligence.selectors import reports_visible_to

# Reports listed on a profile; more are counted, not shown.
REPORT_LIMIT = 200
# Entities drawn around the subject, most connected first.
NETWORK_LIMIT = 20
# Links of the subject's reports read to find the neighbours.
NETWORK_LINK_ROWS = 2000
# Audit events read for one subject's access log (newest first).
ACCESS_LOG_CANDIDATES = 1000

SUBJECT_VIEWED = "intelligence.subject.viewed"
REPORT_VIEWED = "intelligence.report.viewed"
SEARCHED = "intelligence.searched"
REPORT_DISPOSED = "intelligence.report.disposed"
PERSON_TYPE = Person._meta.label_lower
REPORT_TYPE = IntelligenceReport._meta.label_lower

_TYPE_ORDER = {kind: order for order, kind in enumerate(EntityType)}


@dataclass(frozen=True)
class NetworkLink:
    """One entity linked to the subject, and how."""

    entity_type: str
    pk: int
    label: str
    type_label: str
    relations: tuple      # in words: "Home address (people index)", "In 2 shared reports"
    shared_reports: int   # reports the user may see that link both
    url: str


@dataclass(frozen=True)
class SubjectProfile:
    person: Person
    reports: list
    more_reports: bool
    custody: tuple
    case_files: tuple
    links: tuple
    links_left_out: int
    diagram: object


def subject_person_get(*, pk):
    """The person with their aliases and people-index links; 404 if there is none."""
    person = people_selectors.person_get(pk=pk)
    prefetch_related_objects([person], "telephone_numbers", "organisations")
    return person


def subject_reports(*, user, person_id, limit=REPORT_LIMIT):
    """(reports, more): the reports the user may see that link the person, newest
    information first, at most ``limit``."""
    reports = list(reports_visible_to(user).filter(links__person_id=person_id)
                   .select_related("originating_force")
                   .order_by("-obtained_on", "-pk")[:limit + 1])
    return reports[:limit], len(reports) > limit


def _entity_label(entity_type, entity):
    if entity_type == EntityType.PERSON:
        return entity.full_name
    if entity_type == EntityType.LOCATION:
        return entity.single_line or entity.description or f"Location {entity.pk}"
    if entity_type == EntityType.VEHICLE:
        return entity.registration_mark
    if entity_type == EntityType.TELEPHONE:
        return entity.number
    return entity.name


def entity_url(entity_type, pk):
    if entity_type == EntityType.PERSON:
        return reverse("intelligence:subject_profile", args=[pk])
    if entity_type == EntityType.LOCATION:
        return reverse("people:location_detail", args=[pk])
    if entity_type == EntityType.VEHICLE:
        return reverse("people:vehicle_detail", args=[pk])
    return ""


class _Neighbours:
    """Entities gathered by (type, pk), with how each is linked."""

    def __init__(self):
        self.found = {}

    def add(self, entity_type, entity, *, relation=None, report_id=None):
        key = (str(entity_type), entity.pk)
        entry = self.found.setdefault(key, {"entity": entity, "relations": [],
                                            "reports": set()})
        if relation and relation not in entry["relations"]:
            entry["relations"].append(relation)
        if report_id is not None:
            entry["reports"].add(report_id)

    def ranked(self):
        links = []
        for (entity_type, pk), entry in self.found.items():
            shared = len(entry["reports"])
            relations = list(entry["relations"])
            if shared:
                relations.append(f"In {shared} report{'' if shared == 1 else 's'} with "
                                 "the subject")
            links.append(NetworkLink(
                entity_type=entity_type, pk=pk,
                label=_entity_label(entity_type, entry["entity"]),
                type_label=EntityType(entity_type).label, relations=tuple(relations),
                shared_reports=shared, url=entity_url(entity_type, pk)))
        links.sort(key=lambda link: (-link.shared_reports, -len(link.relations),
                                     _TYPE_ORDER[EntityType(link.entity_type)],
                                     link.label.casefold(), link.pk))
        return links


def subject_network_links(*, person, report_ids):
    """Everything linked to the person: the entities named in the same reports (of
    ``report_ids``, the ones the user may see) and the person's own links on the
    people index. Most connected first; the caller bounds it."""
    neighbours = _Neighbours()
    for address in person.addresses.all():
        neighbours.add(EntityType.LOCATION, address.location,
                       relation=f"{address.get_address_type_display()} (people index)")
    for link in person.vehicle_links.all():
        neighbours.add(EntityType.VEHICLE, link.vehicle,
                       relation=f"{link.get_link_type_display()} (people index)")
    for number in person.telephone_numbers.all():
        neighbours.add(EntityType.TELEPHONE, number,
                       relation=f"Their {number.get_telephone_type_display().lower()} "
                                "number (people index)"
                       if number.telephone_type != "unknown"
                       else "Their telephone number (people index)")
    for organisation in person.organisations.all():
        neighbours.add(EntityType.ORGANISATION, organisation,
                       relation="Part of the organisation (people index)")
    if report_ids:
        links = (ReportLink.objects.filter(report_id__in=report_ids)
                 .exclude(person_id=person.pk)
                 .select_related(*ENTITY_FIELDS.values())
                 .order_by("report_id", "pk")[:NETWORK_LINK_ROWS])
        for link in links:
            neighbours.add(link.entity_type, link.entity, report_id=link.report_id)
    return neighbours.ranked()


def subject_profile_get(*, user, person_pk):
    """Everything the profile page shows, for this user. 404 if there is no person."""
    person = subject_person_get(pk=person_pk)
    reports, more_reports = subject_reports(user=user, person_id=person.pk)
    links = subject_network_links(person=person, report_ids=[r.pk for r in reports])
    drawn = links[:NETWORK_LIMIT]
    return SubjectProfile(
        person=person, reports=reports, more_reports=more_reports,
        # Only what this reader may open: no custody number, URN or officer they cannot.
        custody=custody_history_for_user(user=user, person_id=person.pk),
        case_files=case_files_for_person(person_id=person.pk, user=user),
        links=tuple(drawn), links_left_out=len(links) - len(drawn),
        diagram=network_layout(subject_label=person.full_name, links=drawn))


# --- Who looked at this subject, and why -------------------------------------------------

@dataclass(frozen=True)
class AccessLogEntry:
    event_id: int
    occurred_at: datetime
    who: str
    username: str
    force: str
    action: str
    reason: str


def _candidate_events(person_id):
    """Audit events that may concern the person, narrowed in the database by action and
    object, newest first; the caller keeps those that really do. The JSON details are
    matched as text (the id as a whole number in the list, the entity as a quoted
    string), which SQLite and PostgreSQL both do; JSON containment is PostgreSQL's only."""
    linking = (ReportLink.objects.filter(person_id=person_id)
               .annotate(report_key=Cast("report_id", output_field=CharField()))
               .values("report_key"))
    wanted = (
        Q(action=SUBJECT_VIEWED, object_type=PERSON_TYPE, object_id=str(person_id))
        | Q(action=REPORT_VIEWED, object_type=REPORT_TYPE, object_id__in=linking)
        | Q(action=REPORT_VIEWED,
            details__person_ids__regex=rf"(^|[^0-9]){int(person_id)}([^0-9]|$)")
        | Q(action=SEARCHED, details__entities__icontains=f'"person:{person_id}"')
    )
    return (AuditEvent.objects.filter(wanted).select_related("actor__force")
            .order_by("-occurred_at", "-id")[:ACCESS_LOG_CANDIDATES])


def _concerns(event, person_id, linking_report_ids):
    details = event.details if isinstance(event.details, dict) else {}
    if event.action == SUBJECT_VIEWED:
        return True
    if event.action == REPORT_VIEWED:
        person_ids = details.get("person_ids") or []
        return event.object_id in linking_report_ids or (
            isinstance(person_ids, list) and person_id in person_ids)
    entities = details.get("entities") or []
    return isinstance(entities, list) and f"person:{person_id}" in entities


def _report_references(report_ids):
    """{report id (text): reference} of reports still held, and of those disposed of
    (the disposal's audit event keeps the reference)."""
    numeric = [int(pk) for pk in report_ids if pk.isdigit()]
    references = {str(pk): reference for pk, reference in
                  IntelligenceReport.objects.filter(pk__in=numeric)
                  .values_list("pk", "reference")}
    missing = [pk for pk in report_ids if pk not in references]
    if missing:
        for event in AuditEvent.objects.filter(action=REPORT_DISPOSED, object_type=REPORT_TYPE,
                                               object_id__in=missing):
            reference = (event.details or {}).get("reference", "")
            references[event.object_id] = f"{reference} (since disposed of)"
    return references


def _action_in_words(event, references):
    details = event.details if isinstance(event.details, dict) else {}
    if event.action == SUBJECT_VIEWED:
        return "Opened the subject profile"
    if event.action == REPORT_VIEWED:
        reference = references.get(event.object_id, f"id {event.object_id} (no longer held)")
        words = f"Opened intelligence report {reference}"
        return f"{words} and read its original text" if details.get("original") else words
    query = str(details.get("query", ""))
    return f"Searched for “{query}”; the subject was in the results"


def subject_access_log(*, person_id):
    """Who looked at the person, when and why, newest first: their subject profile, the
    reports that link (or linked, when they were read) them, and the searches that
    listed them. Bounded to the newest ``ACCESS_LOG_CANDIDATES`` events that may
    concern them."""
    linking_report_ids = {str(pk) for pk in ReportLink.objects.filter(person_id=person_id)
                          .values_list("report_id", flat=True)}
    events = [event for event in _candidate_events(person_id)
              if _concerns(event, person_id, linking_report_ids)]
    references = _report_references(sorted({event.object_id for event in events
                                            if event.action == REPORT_VIEWED}))
    return [
        AccessLogEntry(
            event_id=event.pk, occurred_at=event.occurred_at,
            who=event.actor.display_name if event.actor else (event.actor_username
                                                              or "System"),
            username=event.actor_username,
            force=event.actor.force.name if event.actor and event.actor.force else "",
            action=_action_in_words(event, references), reason=event.reason)
        for event in events
    ]


def person_for_access_log(*, pk):
    """The person whose access log is read: their name only; 404 if there is none."""
    return people_selectors.person_get(pk=pk)



def subjects_recently_looked_at(*, limit=10, events_read=200):
    """The people most recently looked at through intelligence (profile views), newest
    first, each once: the administrator's way in to their access logs."""
    person_ids = []
    for object_id in (AuditEvent.objects.filter(action=SUBJECT_VIEWED, object_type=PERSON_TYPE)
                      .order_by("-id").values_list("object_id", flat=True)[:events_read]):
        if object_id.isdigit() and int(object_id) not in person_ids:
            person_ids.append(int(object_id))
        if len(person_ids) == limit:
            break
    people = Person.objects.in_bulk(person_ids)
    return [people[pk] for pk in person_ids if pk in people]
