"""One search box over intelligence reports and the entities they link (interface; the
implementation is being written)."""

from dataclasses import dataclass, field
from datetime import date

from intelligence.models import IntelligenceReport


@dataclass(frozen=True)
class SearchFilters:
    force_id: int | None = None          # originating force of the report
    date_from: date | None = None        # report obtained_on, inclusive
    date_to: date | None = None
    source_evaluation: str = ""          # "1".."3"
    intelligence_assessment: str = ""    # "A".."E"
    handling_code: str = ""              # "P" or "C"
    entity_type: str = ""                # an EntityType value: only entities of this type,
                                         # and reports linked to one


@dataclass
class EntityHit:
    entity_type: str                     # EntityType value
    pk: int
    label: str                           # "John SMITH", "AB12 CDE", "07700 900123"
    detail: str                          # "born 3 March 1990; also known as Jack SMITH"
    score: float                         # 0..1, higher is better
    report_count: int = 0                # reports the user may see that link it


@dataclass
class ReportHit:
    report: IntelligenceReport           # with originating_force loaded
    score: float
    matched: list[str] = field(default_factory=list)  # why it matched, in words


@dataclass
class SearchResults:
    query: str
    entities: list[EntityHit]
    reports: list[ReportHit]
    more_reports: bool = False           # more matched than the limit


def intelligence_search(*, user, query, filters=SearchFilters(), limit=50):
    raise NotImplementedError
