"""Reads of custody records scoped to the user: the one rule for "may this user see (or
change) this record", the suites they work in, and what other apps read of a person's
custody records."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404

from custody.models import AuthorisationKind, CustodyEntry, CustodyRecord, CustodySuite

VIEW = "custody.view_custodyrecord"
CHANGE = "custody.change_custodyrecord"

# What the detention clock reads of a record besides its own fields. A page that shows
# the clock of many records prefetches these, under the name it reaches the record by.
CLOCK_RELATIONS = ("reviews", "extensions", "warrants", "hospital_stays", "offences")


def records_for_pages():
    """Custody records with what their pages show: the suite, the person, the officers,
    the offences, what the clock reads, and the timeline with who recorded each entry."""
    return (CustodyRecord.objects.select_related("suite", "person", "arresting_officer",
                                                 "authorised_by")
            .prefetch_related(*CLOCK_RELATIONS,
                              Prefetch("entries", queryset=CustodyEntry.objects
                                       .select_related("recorded_by"))))


def record_get_for_user(*, user, pk, permission=VIEW, records=None):
    """The custody record ``pk``, from ``records`` (records_for_pages by default), for
    ``user``: every custody page finds its record here.

    Raises Http404 when there is no such record or the user may not read it (a record of
    another force's suite, or a user with no custody role): its existence is not given
    away. Raises PermissionDenied when they may read it but ``permission`` asks for more
    than reading and they lack it (an inspector recording a check).
    """
    records = records_for_pages() if records is None else records
    record = records.filter(pk=pk).first()
    if record is None or not user.has_perm(VIEW, record):
        raise Http404("No such custody record")
    if permission != VIEW and not user.has_perm(permission, record):
        raise PermissionDenied
    return record


def suites_for_user(*, user):
    return CustodySuite.objects.filter(force_id=user.force_id)


def suite_get_for_user(*, user, code):
    """The custody suite ``code`` if ``user`` may read its records; Http404 otherwise. A
    suite carries force_id, so the record rule (force, then role) applies to it."""
    suite = CustodySuite.objects.filter(code=code).first()
    if suite is None or not user.has_perm(VIEW, suite):
        raise Http404("No such custody suite")
    return suite


def record_pk_for_number(custody_number):
    """The id of the record with this custody number (any case), or None: what a search
    by custody number opens, through ``record_get_for_user`` like any other."""
    return (CustodyRecord.objects.filter(custody_number__iexact=str(custody_number).strip())
            .values_list("pk", flat=True).first())


# --- For the cases app (it reads custody only through custody.selectors) ----------------

@dataclass(frozen=True)
class CustodyForCase:
    record_id: int
    custody_number: str
    arrested_at: datetime
    offences: tuple
    is_open: bool
    # What a case file takes from the record besides the arrest, so the officer types
    # none of it again: where the suspect was held (the court is the one near it), when
    # they were charged, the solicitor they asked for by name, and the interpreter they
    # needed ("" when none).
    suite_name: str = ""
    charged_at: datetime | None = None
    solicitor_name: str = ""
    interpreter_language: str = ""


def custody_for_case(*, person_id):
    """The person's latest custody record, to start a case file from: arrest and
    offences, so the officer types neither again. None if they have none."""
    record = (CustodyRecord.objects.filter(person_id=person_id).select_related("suite")
              .prefetch_related("offences", "rights_given").order_by("-arrived_at").first())
    if record is None:
        return None
    rights = max(record.rights_given.all(), key=lambda given: (given.at, given.pk),
                 default=None)
    return CustodyForCase(
        record_id=record.pk, custody_number=record.custody_number,
        arrested_at=record.arrested_at, offences=tuple(record.offences.all()),
        is_open=record.is_open, suite_name=record.suite.name, charged_at=record.charged_at,
        solicitor_name=rights.solicitor_name if rights else "",
        interpreter_language=(rights.interpreter_language or "Not recorded")
        if rights and rights.interpreter_needed else "")


# --- For the intelligence app (a subject's profile reads custody only through this) ----

@dataclass(frozen=True)
class CustodyHistoryItem:
    record_id: int
    custody_number: str
    suite_name: str
    arrested_at: datetime
    arrived_at: datetime
    released_at: datetime | None
    offences: tuple  # offence titles
    is_open: bool
    status_label: str


def custody_history_for_user(*, user, person_id, limit=50):
    """The person's custody records that ``user`` may open (their own force's, and only
    for a role that reads custody records), as ``custody_history_for_person``: a profile
    never lists a custody number its reader cannot open."""
    from custody.permissions import reads_custody  # the one rule for who reads custody

    if user.force_id is None or not reads_custody.test(user):
        return ()
    return custody_history_for_person(person_id=person_id, force_id=user.force_id,
                                      limit=limit)


def custody_history_for_person(*, person_id, force_id, limit=50):
    """The person's custody records in the suites of ``force_id`` (custody is force
    scoped: another force's records are never listed), newest arrival first, at most
    ``limit``. Two queries whatever the number of records."""
    records = (CustodyRecord.objects
               .filter(person_id=person_id, suite__force_id=force_id)
               .select_related("suite").prefetch_related("offences")
               .order_by("-arrived_at", "-pk")[:limit])
    return tuple(
        CustodyHistoryItem(record_id=record.pk, custody_number=record.custody_number,
                           suite_name=record.suite.name, arrested_at=record.arrested_at,
                           arrived_at=record.arrived_at, released_at=record.closed_at,
                           offences=tuple(offence.title for offence in record.offences.all()),
                           is_open=record.is_open,
                           status_label=record.get_status_display())
        for record in records)


# --- Authorisations in force (custody/authorisations decides them; detention's review
# page and the record page show them) ---

# The delays a review officer looks at again at each review: their grounds may have gone,
# and then the right is allowed at once (PACE ss.56(9), 58(11)).
DELAYS = frozenset({AuthorisationKind.DELAY_INFORMING, AuthorisationKind.DELAY_LEGAL_ADVICE})


def delays_in_force(record, now):
    return [a for a in active_authorisations(record, now) if a.kind in DELAYS]


def active_authorisations(record, now):
    """The record's authorisations still in force at ``now``: delays, a rest period, the
    next court and the bail period, each until it ends; with who authorised each (the
    record page names them), in one query however many there are."""
    return [a for a in record.authorisations.select_related("authorised_by")
            if a.kind != AuthorisationKind.DETENTION and (a.until is None or a.until > now)]
