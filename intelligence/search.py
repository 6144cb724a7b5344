"""One search box over intelligence reports and the entities they link.

The rules the search keeps:

- Only what the user may see. Every report comes from ``reports_visible_to(user)``, and
  an entity's ``report_count`` counts only those reports; a user outside the police
  roles finds nothing. Only a report's title and sanitised text are searched, never its
  original text.
- Any string is safe. The query is cut to QUERY_MAX_LENGTH characters (not refused),
  control characters are dropped, and a query with no letter or digit finds nothing.
  User text reaches the database only as bound parameters.
- What a query finds:
  - people, through the nominal index's own search (misspellings, word order, initials,
    aliases, PNC ID and CRO number: ``athena.people.selectors.person_search``);
  - vehicles by registration, whatever its spacing or case ("ab12cde" is "AB12 CDE");
  - telephone numbers by their digits, whatever the spacing, +44 or 0;
  - locations by postcode (with or without its space) or by the words of the address;
  - organisations by the words of their name;
  - reports by reference ("42-IR-0001234"), reports linked to any entity found, and
    reports whose title or sanitised text has the words, the newest read first
    (PostgreSQL full-text search on the stored words, ``_word_match_pks``; SQLite, the
    quick start, looks for every word as it is typed).
- Ranking: reports linked to a strongly matching entity first (the closer the entity,
  the higher), then reports found only by their words, by full-text rank. Each report
  says in words why it matched.
- Filters (force, dates obtained, grading, type of entity) are applied in the database,
  to the reports and to the counts alike.
- The number of queries does not depend on the number of hits.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    Expression,
    Field,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Concat, Lower, Replace, Upper

from athena.people.models import Location, Organisation, TelephoneNumber, Vehicle
from athena.people.names import (
    ALIAS_WEIGHT,
    name_match_score,
    normalise_name,
    query_tokens,
    token_similarity,
)
from athena.people.selectors import person_search
from athena.postgresql import postgresql_settings
from intelligence.models import ENTITY_FIELDS, EntityType, IntelligenceReport, ReportLink
from intelligence.selectors import may_use_intelligence, reports_visible_to

QUERY_MAX_LENGTH = 200
# A query is read as at most this many words (the people search reads eight).
QUERY_MAX_WORDS = 12
REPORT_LIMIT_MAX = 200
# Entities listed, per type. Their linked reports are what the report list is made of.
PEOPLE_LIMIT = 20
OTHER_ENTITY_LIMIT = 10
# Locations and organisations the database hands to the Python scorer.
ENTITY_CANDIDATES = 50
# Links read to rank the linked reports, and reports ranked by their words: enough for
# a page of results, bounded so that a common name or word costs no more than a rare one.
LINK_CANDIDATES = 1000
TEXT_SCAN_LIMIT = 400
# The word search walks the newest reports before it asks the GIN index: this many
# first, then the smallest of these windows in which the words, as common as they were
# in the first, would fill TEXT_SCAN_LIMIT (_word_match_pks). The widest is for words
# with a selective filter (handling code C and source 1: one report in 25), where the
# GIN index would read every report holding the words before filtering them.
WORD_PROBE_WINDOW = 2_000
RECENT_WINDOWS = (20_000, 200_000)
TEXT_CANDIDATES = REPORT_LIMIT_MAX
# PostgreSQL work_mem for the full-text query (see _postgresql_word_matches).
TEXT_SEARCH_WORK_MEM = "32MB"
# A typed word matches a word of an address or an organisation's name this closely.
WORD_MATCH_THRESHOLD = 0.8
# A report's score: linked reports span LINKED_BASE..1 by how well their entity matched,
# plus a little for their words; reports found only by their words stay below TEXT_CEILING.
LINKED_BASE = 0.45
LINKED_SPAN = 0.45
WORDS_BONUS = 0.1
TEXT_CEILING = 0.4
# PostgreSQL ts_rank normalisation 32: rank / (rank + 1), so a rank is within 0..1.
RANK_NORMALISATION = 32
FULL_TEXT_CONFIG = "english"

EMPTY_QUERY_MESSAGE = ("Enter a name, registration number, telephone number, postcode, "
                       "reference or words to search for")
CUT_QUERY_MESSAGE = f"Only the first {QUERY_MAX_LENGTH} characters were searched"

ENTITY_ORDER = [EntityType.PERSON, EntityType.VEHICLE, EntityType.TELEPHONE,
                EntityType.LOCATION, EntityType.ORGANISATION]
LINK_LABELS = {
    EntityType.PERSON: "Linked person",
    EntityType.VEHICLE: "Linked vehicle",
    EntityType.TELEPHONE: "Linked telephone number",
    EntityType.LOCATION: "Linked location",
    EntityType.ORGANISATION: "Linked organisation",
}
WORDS_MATCHED = "Words in the text"
REFERENCE_MATCHED = "Reference"

_WORD = re.compile(r"[^\W_]+")
# Six or more digits, perhaps after a +, with the spaces, dots, dashes and brackets
# people type between them.
_TELEPHONE = re.compile(r"\+?\d[\d\s().-]{4,}\d")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})\b")
_REFERENCE = re.compile(r"\b([A-Z0-9]{2,8})-IR-(\d{1,7})\b")
_CURRENT_REGISTRATION = re.compile(r"[A-Z]{2}\d{2}[A-Z]{3}")
# A house number and then a word: "12 Mill Lane", "12a High Street".
_HOUSE_NUMBER = re.compile(r"(\d{1,4}[A-Za-z]?) +[^\W\d_]")
_NUMBER_SEPARATORS = " -()+."


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
    # Why it matched, when that is not its label: "matched on alias Jack SMITH".
    matched_on: str = ""


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
    # Said to the user about the query itself: cut, or nothing to search for.
    message: str = ""


# --- Reading the query --------------------------------------------------------------------

def clean_query(query):
    """The query as searched: at most QUERY_MAX_LENGTH characters, without control
    characters (NUL among them) or unpaired surrogates, spaces collapsed."""
    text = str(query or "")[:QUERY_MAX_LENGTH]
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(printable.split())


def query_words(text):
    """The query's words: runs of letters and digits, lower case, in order, no repeats."""
    words = []
    for word in _WORD.findall(text.casefold()):
        if word not in words:
            words.append(word)
    return words[:QUERY_MAX_WORDS]


def registration_keys(words):
    """Registrations the query may hold, without spaces and in capitals: a word, two
    neighbouring words ("AB12 CDE") or the whole query. A registration has letters and
    digits and two to eight characters."""
    candidates = {"".join(words)}
    candidates.update(words)
    candidates.update(first + second for first, second in zip(words, words[1:], strict=False))
    return sorted(key.upper() for key in candidates
                  if 2 <= len(key) <= 8 and key.isascii()
                  and any(ch.isdigit() for ch in key) and any(ch.isalpha() for ch in key))


def telephone_keys(text):
    """The digit strings a telephone number in the query may be stored as: a UK number
    is found whether it was recorded as 07700 900123, +44 7700 900123 or 0044..."""
    keys = set()
    for match in _TELEPHONE.finditer(text):
        digits = "".join(ch for ch in match.group() if ch.isascii() and ch.isdigit())
        international = match.group().startswith("+") or digits.startswith("00")
        digits = digits.removeprefix("00") if international else digits
        if international and digits.startswith("44"):
            rest = digits[2:]
            digits = rest if rest.startswith("0") else f"0{rest}"
        if len(digits) < 6:
            continue
        keys.add(digits)
        if digits.startswith("0") and len(digits) > 6:
            national = digits[1:]
            keys.update({f"44{national}", f"0044{national}", f"440{national}"})
    return sorted(keys)


def postcode_keys(text):
    """Full postcodes in the query, without their space: "cm1 1aa" is "CM11AA"."""
    return sorted({outward + inward for outward, inward in _POSTCODE.findall(text.upper())})


def report_references(text):
    """Report references in the query, as stored: "42-ir-1234" is "42-IR-0001234"."""
    return sorted({f"{force}-IR-{int(number):07d}"
                   for force, number in _REFERENCE.findall(text.upper())})


@dataclass(frozen=True)
class QueryReading:
    """What a query may hold, read once."""

    text: str
    words: list
    registrations: list
    telephones: list
    postcodes: list
    references: list

    @classmethod
    def of(cls, text):
        words = query_words(text)
        return cls(text=text, words=words, registrations=registration_keys(words),
                   telephones=telephone_keys(text), postcodes=postcode_keys(text),
                   references=report_references(text))

    @property
    def is_one_identifier(self):
        """The whole query is one registration, telephone number, postcode or report
        reference: searching names and addresses for it would only add noise (and
        time)."""
        whole = "".join(self.words).upper()
        return bool(whole) and (
            whole in self.registrations or whole in self.postcodes
            or (whole.isdigit() and bool(self.telephones))
            or bool(_REFERENCE.fullmatch(self.text.upper())))

    @property
    def house_number(self):
        """The house number an address query starts with ("12 Mill Lane"), or ""."""
        match = _HOUSE_NUMBER.match(self.text)
        return match.group(1).casefold() if match else ""

    @property
    def has_letters(self):
        return any(not word.isdigit() for word in self.words)

    @property
    def may_be_a_name(self):
        return self.has_letters and not self.is_one_identifier and not self.house_number


# --- Scoring names and addresses -----------------------------------------------------------

def _word_similarity(typed, word):
    if typed == word:
        return 1.0
    if any(ch.isdigit() for ch in typed + word):
        return 0.0  # house numbers and the like are right or wrong
    return token_similarity(typed, word)


def words_score(typed_words, text):
    """How well the typed words match a name or an address, from 0 to 1: the mean, over
    the typed words, of the closest word of the text. Every typed word must be close to
    one (WORD_MATCH_THRESHOLD), or the score is 0."""
    words = _WORD.findall(normalise_text(text))
    if not typed_words or not words:
        return 0.0
    scores = []
    for typed in typed_words:
        best = max(_word_similarity(typed, word) for word in words)
        if best < WORD_MATCH_THRESHOLD:
            return 0.0
        scores.append(best)
    return sum(scores) / len(scores)


def normalise_text(text):
    """Lower case; apostrophes join words, as in names."""
    return str(text or "").casefold().replace("'", "").replace("\u2019", "")


def _birth_date_words(born):
    return f"born {born.day} {born:%B %Y}"


# --- Entities -------------------------------------------------------------------------------

def _key(hit):
    return (hit.entity_type, hit.pk)


def _link_reason(hit):
    """Why a report linked to the entity matched: "Linked person: John SMITH"."""
    label = f"{LINK_LABELS[EntityType(hit.entity_type)]}: {hit.label}"
    return f"{label}, {hit.matched_on}" if hit.matched_on else label


def _matching_alias(tokens, person):
    """The alias the query matched better than the person's own name, if any."""
    own = name_match_score(tokens, normalise_name(f"{person.forenames} {person.surname}"))
    best, best_alias = own, None
    for alias in person.aliases.all():
        score = name_match_score(tokens, normalise_name(alias.full_name)) * ALIAS_WEIGHT
        if score > best:
            best, best_alias = score, alias
    return best_alias


def _person_detail(person):
    """What tells one person of the name from another: "born 3 March 1990; also known
    as Jack SMITH"."""
    parts = []
    if person.date_of_birth:
        parts.append(_birth_date_words(person.date_of_birth))
    aliases = [alias.full_name for alias in person.aliases.all()]
    if aliases:
        parts.append(f"also known as {', '.join(aliases)}")
    return "; ".join(parts)


def _people(query):
    """People by the nominal index's own search, saying when an alias matched."""
    tokens = query_tokens(query)
    found = []
    for person in person_search(query=query, limit=PEOPLE_LIMIT):
        alias = _matching_alias(tokens, person) if tokens else None
        found.append(EntityHit(
            entity_type=EntityType.PERSON, pk=person.pk, label=person.full_name,
            detail=_person_detail(person),
            score=float(getattr(person, "match_score", 1.0)),
            matched_on=f"matched on alias {alias.full_name}" if alias else ""))
    return found


def _squeezed(expression, characters=" "):
    for character in characters:
        expression = Replace(expression, Value(character), Value(""))
    return expression


def registration_label(registration_mark):
    """A registration as it is read: "AB12CDE" is "AB12 CDE"; older forms as stored."""
    squeezed = "".join(registration_mark.split()).upper()
    if _CURRENT_REGISTRATION.fullmatch(squeezed):
        return f"{squeezed[:4]} {squeezed[4:]}"
    return registration_mark.upper()


def _vehicles(keys):
    """Vehicles whose registration, without spaces and in capitals, is one of ``keys``."""
    if not keys:
        return []
    # Same expression as the index people_vehicle_registration_key (migration 0002).
    vehicles = (Vehicle.objects
                .annotate(registration_key=Upper(_squeezed("registration_mark")))
                .filter(registration_key__in=keys)
                .order_by("registration_mark", "pk")[:OTHER_ENTITY_LIMIT])
    return [EntityHit(entity_type=EntityType.VEHICLE, pk=vehicle.pk,
                      label=registration_label(vehicle.registration_mark),
                      detail=vehicle.description, score=1.0)
            for vehicle in vehicles]


def _telephones(keys):
    """Numbers whose digits, without spaces, dashes, dots, brackets or +, are one of
    ``keys``."""
    if not keys:
        return []
    # Same expression as the index people_telephone_digits (migration 0002).
    numbers = (TelephoneNumber.objects.select_related("person")
               .annotate(digits=_squeezed("number", _NUMBER_SEPARATORS))
               .filter(digits__in=keys)
               .order_by("number", "pk")[:OTHER_ENTITY_LIMIT])
    found = []
    for number in numbers:
        detail = number.get_telephone_type_display()
        if number.person is not None:
            detail = f"{detail}; used by {number.person.full_name}"
        found.append(EntityHit(entity_type=EntityType.TELEPHONE, pk=number.pk,
                               label=number.number, detail=detail, score=1.0))
    return found


def _words_match(field_name, text, words):
    """Rows whose ``field_name`` is like the words: on PostgreSQL by trigram word
    similarity (its GIN index), on SQLite by containing every word."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field_name}__trigram_word_similar": text})
    matches = Q()
    for word in words:
        matches &= Q(**{f"{field_name}__icontains": word})
    return matches


def _closest_first(queryset, field_name, text):
    """On PostgreSQL, by trigram word similarity to the query."""
    if connection.vendor == "postgresql":
        queryset = queryset.annotate(similarity=TrigramWordSimilarity(text, field_name))
        return queryset.order_by("-similarity", "pk")
    return queryset.order_by("pk")


def _first_found(queryset, conditions, limit):
    """Up to ``limit`` rows of ``queryset`` meeting the conditions, in one query. On
    PostgreSQL a condition is tried only when the ones before it found fewer than the
    limit (UNION ALL under a LIMIT), so the closest kinds of match come first and a
    broad one costs nothing when they suffice; a row two conditions find comes back
    twice. SQLite, whose compound queries take no LIMIT, tries them together."""
    if connection.vendor == "postgresql":
        branches = [queryset.filter(condition)[:limit] for condition in conditions]
        return list(branches[0].union(*branches[1:], all=True)[:limit])
    either = Q(pk__in=[])
    for condition in conditions:
        either |= condition
    return list(queryset.filter(either).order_by("pk")[:limit])


def _locations(reading, by_address):
    """By postcode; and for an address, by the start of its first line as typed, then
    by its words (with the same house number, when the query starts with one)."""
    # Same expressions as the indexes people_location_postcode_key,
    # people_location_line_1_prefix and people_location_address_trgm (migration 0002).
    locations = Location.objects.annotate(
        postcode_key=Upper(_squeezed("postcode")), line_1=Lower("address_line_1"),
        address=Concat("address_line_1", Value(" "), "town")).order_by()
    conditions = []
    if reading.postcodes:
        conditions.append(Q(postcode_key__in=reading.postcodes))
    if by_address:
        conditions.append(Q(line_1__startswith=reading.text.casefold()))
        by_words = _words_match("address", reading.text, reading.words)
        if reading.house_number:
            by_words &= Q(line_1__startswith=f"{reading.house_number} ")
        conditions.append(by_words)
    if not conditions:
        return []
    found = {}
    for location in _first_found(locations, conditions, ENTITY_CANDIDATES):
        if location.postcode_key in reading.postcodes:
            score = 1.0
        else:
            score = words_score(reading.words, f"{location.address} {location.postcode}")
        if score and location.pk not in found:
            found[location.pk] = EntityHit(
                entity_type=EntityType.LOCATION, pk=location.pk, label=location.single_line,
                detail=location.description, score=score)
    return _best(found.values())


def _organisations(text, words):
    """Organisations with a word like every typed word (``words_score``), from the
    ENTITY_CANDIDATES closest by trigram similarity (PostgreSQL) or containing them all
    (SQLite)."""
    organisations = _closest_first(
        Organisation.objects.filter(_words_match("name", text, words)), "name", text)
    found = []
    for organisation in organisations[:ENTITY_CANDIDATES]:
        score = words_score(words, organisation.name)
        if score:
            found.append(EntityHit(entity_type=EntityType.ORGANISATION,
                                   pk=organisation.pk, label=organisation.name,
                                   detail="", score=score))
    return _best(found)


def _best(hits, limit=OTHER_ENTITY_LIMIT):
    return sorted(hits, key=lambda hit: -hit.score)[:limit]


def _entities(reading, entity_type):
    """Every entity the query finds, of one type when ``entity_type`` is given. A query
    that is one identifier looks for that alone; one that starts with a house number
    is an address, not a name."""
    wanted = {entity_type} if entity_type else set(ENTITY_ORDER)
    found = []
    if EntityType.PERSON in wanted and reading.may_be_a_name:
        found += _people(reading.text)
    if EntityType.VEHICLE in wanted:
        found += _vehicles(reading.registrations)
    if EntityType.TELEPHONE in wanted:
        found += _telephones(reading.telephones)
    if EntityType.LOCATION in wanted:
        found += _locations(reading, by_address=reading.has_letters
                            and not reading.is_one_identifier)
    if EntityType.ORGANISATION in wanted and reading.may_be_a_name:
        found += _organisations(reading.text, reading.words)
    # Stable: equal scores of one type keep the order their own search gave them.
    order = {kind: position for position, kind in enumerate(ENTITY_ORDER)}
    found.sort(key=lambda hit: (-hit.score, order[EntityType(hit.entity_type)]))
    return found


def _links_to(found):
    """A condition on ReportLink: it links one of the found entities."""
    matches = Q(pk__in=[])
    by_type = {}
    for hit in found:
        by_type.setdefault(hit.entity_type, []).append(hit.pk)
    for entity_type, pks in by_type.items():
        column = ENTITY_FIELDS[EntityType(entity_type)]
        matches |= Q(entity_type=entity_type, **{f"{column}_id__in": pks})
    return matches


def _link_key(row):
    entity_type = row["entity_type"]
    return (entity_type, row[f"{ENTITY_FIELDS[EntityType(entity_type)]}_id"])


def _count_reports(found, reports):
    """Set each hit's report_count: the reports the user may see (filters applied)
    that link it. One grouped query."""
    if not found:
        return
    columns = [f"{column}_id" for column in ENTITY_FIELDS.values()]
    counts = (ReportLink.objects.filter(_links_to(found), report__in=reports.values("pk"))
              .values("entity_type", *columns).annotate(reports=Count("pk")).order_by())
    by_key = {_link_key(row): row["reports"] for row in counts}
    for hit in found:
        hit.report_count = by_key.get(_key(hit), 0)


# --- Reports --------------------------------------------------------------------------------

@dataclass
class _Candidate:
    obtained_on: date
    entity_score: float = 0.0
    words_rank: float = 0.0
    reasons: list = field(default_factory=list)

    @property
    def score(self):
        if self.entity_score:
            return min(1.0, LINKED_BASE + LINKED_SPAN * self.entity_score
                       + WORDS_BONUS * self.words_rank)
        return TEXT_CEILING * self.words_rank


def _filtered(reports, filters):
    """The reports narrowed by the filters, in the database."""
    exact = {"originating_force_id": filters.force_id,
             "source_evaluation": filters.source_evaluation,
             "intelligence_assessment": filters.intelligence_assessment,
             "handling_code": filters.handling_code}
    reports = reports.filter(**{name: value for name, value in exact.items() if value})
    if filters.date_from:
        reports = reports.filter(obtained_on__gte=filters.date_from)
    if filters.date_to:
        reports = reports.filter(obtained_on__lte=filters.date_to)
    if filters.entity_type:
        reports = reports.filter(Exists(ReportLink.objects.filter(
            report=OuterRef("pk"), entity_type=filters.entity_type)))
    return reports


def _closest_entity_first(found):
    """An ordering of ReportLink rows by how well their entity matched (``found`` is
    best first), so the cap on links read keeps the closest."""
    positions = [When(Q(entity_type=hit.entity_type,
                        **{f"{ENTITY_FIELDS[EntityType(hit.entity_type)]}_id": hit.pk}),
                      then=Value(position))
                 for position, hit in enumerate(found)]
    return Case(*positions, default=Value(len(found)), output_field=IntegerField())


def _add_linked(candidates, found, reports):
    """Reports linked to the entities found, each with its closest entity's score.
    Returns True when there were more links than were read."""
    if not found:
        return False
    by_key = {_key(hit): hit for hit in found}
    columns = [f"{column}_id" for column in ENTITY_FIELDS.values()]
    links = list(ReportLink.objects.filter(_links_to(found), report__in=reports.values("pk"))
                 .values("report_id", "report__obtained_on", "entity_type", *columns)
                 .order_by(_closest_entity_first(found), "-report_id")[:LINK_CANDIDATES])
    for row in links:
        hit = by_key[_link_key(row)]
        candidate = candidates.setdefault(row["report_id"],
                                          _Candidate(row["report__obtained_on"]))
        candidate.entity_score = max(candidate.entity_score, hit.score)
        candidate.reasons.append((hit.score, _link_reason(hit)))
    return len(links) == LINK_CANDIDATES


def _add_references(candidates, references, reports):
    if not references:
        return
    for pk, obtained_on in reports.filter(reference__in=references).values_list(
            "pk", "obtained_on"):
        candidate = candidates.setdefault(pk, _Candidate(obtained_on))
        candidate.entity_score = 1.0
        candidate.reasons.append((2.0, REFERENCE_MATCHED))


class StoredReportWords(Expression):
    """A report's words as PostgreSQL stores them, in the column ``search_words``
    (migration 0005): its title weighted A and its sanitised text weighted B. Not a model
    field, so named here on the query's own table, whatever alias a subquery gives it."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        return f"{table}.{connection.ops.quote_name('search_words')}", []


def _full_text_query(text, registrations):
    """The query as websearch_to_tsquery reads it (quotes, "or", -word), or a
    registration spelled either way as a phrase ("AB12CDE" or "AB12 CDE")."""
    query = SearchQuery(text, config=FULL_TEXT_CONFIG, search_type="websearch")
    for key in registrations:
        if _CURRENT_REGISTRATION.fullmatch(key):
            spaced = f"{key[:-3]} {key[-3:]}"
            query |= SearchQuery(key, config=FULL_TEXT_CONFIG, search_type="plain")
            query |= SearchQuery(spaced, config=FULL_TEXT_CONFIG, search_type="phrase")
    return query


def _newest_first(reports):
    return reports.order_by("-obtained_on", "-pk")


class _Row(Func):
    """A row constructor, compared column by column as a multi-column index reads it."""

    function = "ROW"
    output_field = Field()


def _window_edge(filters, size):
    """(obtained_on, pk) of the ``size``-th newest report of the force and dates
    filtered on, or None when there are no more than that: read from the date index."""
    window = _filtered(IntelligenceReport.objects.all(), SearchFilters(
        force_id=filters.force_id, date_from=filters.date_from, date_to=filters.date_to))
    return next(iter(_newest_first(window).values_list("obtained_on", "pk")[size - 1:size]),
                None)


def _walk_newest(matching, edge):
    """The newest TEXT_SCAN_LIMIT of ``matching`` from the newest report down to
    ``edge``, walked through the date index with each report's stored words tested in
    turn: the cost follows the reports walked, not the reports holding the words (a
    common word's GIN posting list may hold millions)."""
    if edge:
        # Compared as a row, (obtained_on, id) >= edge, so that the condition bounds the
        # index scan itself: the newest day alone may hold tens of thousands of reports.
        matching = matching.alias(position=_Row("obtained_on", "pk")).filter(
            position__gte=_Row(Value(edge[0]), Value(edge[1])))
    # No bitmap scans: through the words' GIN index the walk would read them all.
    with postgresql_settings({"enable_bitmapscan": "off", "enable_seqscan": "off",
                               "jit": "off", "max_parallel_workers_per_gather": "0"}):
        return list(_newest_first(matching).values_list("pk", flat=True)[:TEXT_SCAN_LIMIT])


def _any_word_matches(matching):
    """The first TEXT_SCAN_LIMIT reports with the words that the GIN index yields, in no
    order: for words too rare to fill the newest window, whose posting lists are short."""
    # The words' GIN index is the way in: under a LIMIT the planner may instead walk
    # another index (or the table) testing each report's words, which looks cheap and
    # costs ten times more for a rare word. Enough memory that the bitmap of a word's
    # reports stays exact (a lossy one makes PostgreSQL test the words of every report
    # on its pages); no JIT, whose compiling costs more than the query; no parallel
    # workers, whose start costs more than the few hundred rows read.
    with postgresql_settings({"enable_seqscan": "off", "enable_indexscan": "off",
                               "work_mem": TEXT_SEARCH_WORK_MEM, "jit": "off",
                               "max_parallel_workers_per_gather": "0"}):
        return list(matching.order_by().values_list("pk", flat=True)[:TEXT_SCAN_LIMIT])


def _word_match_pks(matching, filters):
    """Up to TEXT_SCAN_LIMIT reports with the words, the newest first where that is
    cheap. The newest WORD_PROBE_WINDOW reports are walked first; words common enough
    there to fill TEXT_SCAN_LIMIT within one of RECENT_WINDOWS are looked for in the
    smallest such window; rarer ones in the GIN index, whose posting lists are then
    short enough to read, and in no order after the newest found."""
    edge = _window_edge(filters, WORD_PROBE_WINDOW)
    found = _walk_newest(matching, edge)
    if len(found) == TEXT_SCAN_LIMIT or edge is None:
        return found
    window = next((size for size in RECENT_WINDOWS
                   if len(found) * size >= TEXT_SCAN_LIMIT * WORD_PROBE_WINDOW), None)
    if window is not None:
        edge = _window_edge(filters, window)
        found = _walk_newest(matching, edge)
        if len(found) == TEXT_SCAN_LIMIT or edge is None:
            return found
    seen = set(found)
    return (found + [pk for pk in _any_word_matches(matching)
                     if pk not in seen])[:TEXT_SCAN_LIMIT]


def _postgresql_word_matches(reports, text, registrations, filters):
    """(pk, obtained_on, rank) of up to TEXT_CANDIDATES reports the user may see with
    the words, newest first (``_word_match_pks``). The filters are applied while
    scanning, visibility after (TEXT_SCAN_LIMIT bounds what is checked), so the planner
    never mixes the visibility rules' indexes with the scans; more_reports tells the user
    to narrow the search."""
    words = StoredReportWords()
    query = _full_text_query(text, registrations)
    matching = (_filtered(IntelligenceReport.objects.all(), filters)
                .alias(words=words).filter(words=query))
    found = _word_match_pks(matching, filters)
    rank = SearchRank(words, query, normalization=Value(RANK_NORMALISATION))
    return list(_newest_first(reports.filter(pk__in=found)).annotate(rank=rank)
                .values_list("pk", "obtained_on", "rank")[:TEXT_CANDIDATES])


def _sqlite_word_matches(reports, words):
    """Every word in the title or the sanitised text, as typed; a word in the title
    ranks higher."""
    matches = Q()
    for word in words:
        matches &= Q(title__icontains=word) | Q(sanitised_text__icontains=word)
    in_title = Case(When(Q(*[Q(title__icontains=word) for word in words]), then=Value(0.5)),
                    default=Value(0.25))
    return (reports.filter(matches).annotate(rank=in_title).order_by("-obtained_on", "-pk")
            .values_list("pk", "obtained_on", "rank")[:TEXT_CANDIDATES])


def _add_word_matches(candidates, reports, reading, filters):
    """Reports with the words, ranked. Returns True when more had them than were read."""
    if connection.vendor == "postgresql":
        rows = _postgresql_word_matches(reports, reading.text, reading.registrations,
                                        filters)
    else:
        rows = list(_sqlite_word_matches(reports, reading.words))
    for pk, obtained_on, rank in rows:
        candidate = candidates.setdefault(pk, _Candidate(obtained_on))
        candidate.words_rank = float(rank)
        candidate.reasons.append((0.0, WORDS_MATCHED))
    return len(rows) == TEXT_CANDIDATES


def _ranked_reports(candidates, reports, limit):
    ranked = sorted(candidates.items(),
                    key=lambda pair: (-pair[1].score, -pair[1].obtained_on.toordinal(),
                                      -pair[0]))[:limit]
    loaded = reports.select_related("originating_force").in_bulk([pk for pk, _ in ranked])
    hits = []
    for pk, candidate in ranked:
        if pk in loaded:
            reasons = [reason for _, reason in sorted(candidate.reasons,
                                                      key=lambda pair: -pair[0])]
            hits.append(ReportHit(report=loaded[pk], score=round(candidate.score, 3),
                                  matched=list(dict.fromkeys(reasons))))
    return hits


# --- The search -------------------------------------------------------------------------------

def intelligence_search(*, user, query, filters=SearchFilters(), limit=50):
    """Entities and reports the query finds that ``user`` may see, best first.

    ``limit`` caps the reports listed (0 to REPORT_LIMIT_MAX); ``more_reports`` says when
    more matched. Never raises on the content of ``query``: an empty or punctuation-only
    query gives empty results with a message saying what to enter.
    """
    text = clean_query(query)
    message = CUT_QUERY_MESSAGE if len(str(query or "")) > QUERY_MAX_LENGTH else ""
    reading = QueryReading.of(text)
    if not reading.words or not may_use_intelligence(user):
        return SearchResults(query=text, entities=[], reports=[],
                             message=message if reading.words else EMPTY_QUERY_MESSAGE)
    limit = max(0, min(int(limit), REPORT_LIMIT_MAX))
    reports = _filtered(reports_visible_to(user), filters)
    found = _entities(reading, filters.entity_type)
    candidates = {}
    links_capped = _add_linked(candidates, found, reports)
    _add_references(candidates, reading.references, reports)
    words_capped = _add_word_matches(candidates, reports, reading, filters)
    _count_reports(found, reports)
    return SearchResults(query=text, entities=found,
                         reports=_ranked_reports(candidates, reports, limit),
                         more_reports=len(candidates) > limit or links_capped or words_capped,
                         message=message)


def find_entities(*, query, entity_type):
    """The entities of one type that ``query`` finds, best first: the same finders as
    the search, for the page that links entities to a report."""
    return _entities(QueryReading.of(clean_query(query)), EntityType(entity_type))
