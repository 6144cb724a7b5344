"""A year of a force's audit trail as COPY rows, already sealed into the hash chain.

Each event's hash is computed by ``AuditEvent.compute_hash`` itself, on an unsaved
event holding exactly what the row will store, so ``verify_audit`` accepts the trail;
the caller sets the chain head after the load.
"""

import random
import uuid
from datetime import timedelta

from psycopg.types.json import Jsonb

from athena.audit.models import GENESIS_HASH, AuditEvent

COLUMNS = ("id", "occurred_at", "actor_id", "actor_username", "action", "object_type",
           "object_id", "reason", "request_id", "details", "chain_position",
           "previous_hash", "hash")
REASONS = (
    "42/{n}/26 burglary at Mill Lane: checking what is known of a named suspect",
    "42/{n}/26 assault outside the Red Lion: identifying the suspect seen on CCTV",
    "Operation Kestrel {n}: county lines network, building the subject's profile",
    "42/{n}/26 missing person: checking addresses and associates",
    "Domestic abuse risk assessment {n}: previous incidents at the address",
    "Vehicle stop {n}: checking the driver and the registered keeper",
)
QUERIES = ("john smith", "mohammed khan", "davies paul", "AB12 CDE", "07700 900123",
           "county lines", "cuckooing", "E8 2LA", "mark harris", "catalytic converter")
SECTIONS = ("case_summary", "witness_statements", "exhibits", "evidence_for_prosecutor",
            "charges", "previous_convictions", "streamlined_disclosure")


class EventKinds:
    """What a force's users do, in proportion: reads of personal data far outnumber the
    changes. Each kind makes (action, object_type, object_id, reason, details)."""

    def __init__(self, *, people, reports, cases, custody_records):
        self.people, self.reports = people, reports
        self.cases, self.records = cases, custody_records
        self.kinds, self.weights = zip(*(
            (self.person_viewed, 22), (self.person_searched, 14),
            (self.intelligence_searched, 10), (self.report_viewed, 9),
            (self.subject_viewed, 4), (self.case_viewed, 18), (self.section_saved, 9),
            (self.custody_viewed, 6), (self.check_recorded, 5), (self.dose_recorded, 1),
            (self.report_created, 1), (self.case_submitted, 1)), strict=True)

    def draw(self, rng):
        return rng.choices(self.kinds, weights=self.weights)[0](rng)

    def _reason(self, rng):
        return rng.choice(REASONS).format(n=rng.randrange(10000, 99999))

    def person_viewed(self, rng):
        return ("people.person.viewed", "people.person", rng.randrange(1, self.people + 1),
                self._reason(rng), {})

    def person_searched(self, rng):
        return ("people.person.searched", "", "", self._reason(rng),
                {"query": rng.choice(QUERIES), "results": rng.randrange(0, 21)})

    def intelligence_searched(self, rng):
        found = sorted(rng.sample(range(1, self.reports + 1), k=min(self.reports, 8)))
        return ("intelligence.searched", "", "", self._reason(rng),
                {"query": rng.choice(QUERIES), "filters": {}, "report_ids": found,
                 "entities": [["person", rng.randrange(1, self.people + 1)]]})

    def report_viewed(self, rng):
        return ("intelligence.report.viewed", "intelligence.intelligencereport",
                rng.randrange(1, self.reports + 1), self._reason(rng), {})

    def subject_viewed(self, rng):
        return ("intelligence.subject.viewed", "people.person",
                rng.randrange(1, self.people + 1), self._reason(rng), {})

    def case_viewed(self, rng):
        return ("cases.case.viewed", "cases.casefile", rng.randrange(1, self.cases + 1), "",
                {})

    def section_saved(self, rng):
        return ("cases.section.saved", "cases.casefile", rng.randrange(1, self.cases + 1), "",
                {"kind": rng.choice(SECTIONS), "version": rng.randrange(2, 30)})

    def custody_viewed(self, rng):
        return ("custody.record.viewed", "custody.custodyrecord",
                rng.randrange(1, self.records + 1), "", {})

    def check_recorded(self, rng):
        return ("custody.check.recorded", "custody.observationcheck",
                rng.randrange(1, 10_000_000), "",
                {"record_id": rng.randrange(1, self.records + 1), "level": rng.choice(
                    (1, 1, 1, 2)), "failed_rousing": False, "hcp_called": False})

    def dose_recorded(self, rng):
        return ("custody.medication.administered", "custody.custodyrecord",
                rng.randrange(1, self.records + 1), "",
                {"plan_id": rng.randrange(1, 100_000), "dose_id": rng.randrange(1, 1_000_000),
                 "outcome": "given", "hcp_override": False, "given_by_hcp": False})

    def report_created(self, rng):
        return ("intelligence.report.created", "intelligence.intelligencereport",
                rng.randrange(1, self.reports + 1), "", {})

    def case_submitted(self, rng):
        return ("cases.case.submitted", "cases.casefile", rng.randrange(1, self.cases + 1),
                "", {"submission_id": rng.randrange(1, self.cases + 1)})


def event_rows(*, seed, count, actors, kinds, ends_at, span, chain):
    """``count`` events from ``ends_at - span`` to ``ends_at``, oldest first, each
    chained to the one before; ``chain`` (a ChainState) follows the last one, for the
    chain head. Yields COPY rows."""
    rng = random.Random(seed)
    step = span / max(count, 1)
    started_at = ends_at - span
    request_ids = random.Random(seed + 1)
    for position in range(1, count + 1):
        actor_id, username = rng.choice(actors)
        action, object_type, object_id, reason, details = kinds.draw(rng)
        at = started_at + step * position
        event = AuditEvent(
            id=position, occurred_at=at, actor_id=actor_id,
            actor_username=username, action=action, object_type=object_type,
            object_id=str(object_id), reason=reason,
            request_id=uuid.UUID(int=request_ids.getrandbits(128)).hex, details=details,
            chain_position=position, previous_hash=chain.last_hash)
        event.hash = event.compute_hash()
        chain.advance(event)
        yield (position, event.occurred_at, actor_id, username, action, object_type,
               event.object_id, reason, event.request_id, Jsonb(details), position,
               event.previous_hash, event.hash)


class ChainState:
    def __init__(self):
        self.last_hash = GENESIS_HASH
        self.last_event_id = None
        self.count = 0

    def advance(self, event):
        self.last_hash = event.hash
        self.last_event_id = event.pk
        self.count += 1


def span_for(count):
    """How long a force takes to write ``count`` events: about 55,000 a day."""
    return timedelta(days=max(1.0, count / 55_000))
