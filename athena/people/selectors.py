"""Reads of the nominal index: name search, duplicate check and record pages.

The search has one entry point, ``person_search``, and two ways to find candidates:
PostgreSQL narrows the index with pg_trgm (a GIN trigram index on ``search_text``) and
an overlap of phonetic keys; SQLite, the quick start, narrows by the first letters and
phonetic keys of each word. Both then rank the candidates with the same Python scorer
(``names.name_match_score``), so the two backends agree on what matches.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.fields import ArrayField
from django.db import connection, models, transaction
from django.db.models import Case, F, Func, Prefetch, Q, Value, When
from django.db.models.functions import Concat
from django.shortcuts import get_object_or_404

from athena.people.identifiers import canonical_cro_number, canonical_pnc_id
from athena.people.models import (
    Alias,
    Location,
    Person,
    PersonAddress,
    PersonVehicle,
    Vehicle,
)
from athena.people.names import (
    QUERY_MAX_LENGTH,
    name_match_score,
    query_tokens,
    token_phonetic_key,
)

# A person is listed when their best name scores at least this (see names.py).
SEARCH_THRESHOLD = 0.8
# Likely duplicates need closer names when the dates of birth cannot confirm them.
DUPLICATE_THRESHOLD_SAME_BIRTH_DATE = 0.85
DUPLICATE_THRESHOLD_NO_BIRTH_DATE = 0.92
DUPLICATE_THRESHOLD_NEAR_BIRTH_DATE = 0.9
# How many candidates the database hands to the scorer.
CANDIDATE_LIMIT = 300
# pg_trgm word similarity a candidate needs (its default, 0.6, misses "Jon Smyth").
TRIGRAM_WORD_SIMILARITY_THRESHOLD = 0.3
# Ranking only: agreeing dates of birth lift a result, a different one lowers it.
BIRTH_DATE_AGREES_BONUS = 0.15
BIRTH_DATE_DIFFERS_PENALTY = 0.05


@dataclass(frozen=True)
class _Candidate:
    pk: int
    search_text: str
    date_of_birth: date | None
    surname: str
    forenames: str


def _persons_for_listing():
    return Person.objects.select_related("created_by_force").prefetch_related(
        Prefetch("aliases", queryset=Alias.objects.order_by("surname", "forenames", "pk"))
    )


def _identifier_matches(query):
    """People whose PNC ID or CRO number is the query, or None if it is neither."""
    pnc_id = canonical_pnc_id(query)
    if pnc_id is not None:
        return list(_persons_for_listing().filter(pnc_id=pnc_id))
    cro_number = canonical_cro_number(query)
    if cro_number is not None:
        return list(_persons_for_listing().filter(cro_number=cro_number))
    return None


def _candidate_fields():
    return ("pk", "search_text", "date_of_birth", "surname", "forenames")


def _postgresql_candidates(tokens, date_of_birth):
    text = " ".join(tokens)
    keys = sorted({token_phonetic_key(token) for token in tokens} - {""})
    from django.contrib.postgres.search import TrigramWordSimilarity

    matches = Q(search_text__trigram_word_similar=text)
    people = Person.objects.all()
    if keys:
        # Same expression as the GIN index people_person_phonetic_keys_gin (migration 0002).
        people = people.annotate(key_array=Func(
            F("phonetic_keys"), Value(" "), function="string_to_array",
            output_field=ArrayField(models.TextField()),
        ))
        matches |= Q(key_array__overlap=keys)
    birth_date_first = Value(0)
    if date_of_birth is not None:
        birth_date_first = Case(When(date_of_birth=date_of_birth, then=Value(1)),
                                default=Value(0))
    people = (people.filter(matches)
              .annotate(similarity=TrigramWordSimilarity(text, "search_text"),
                        birth_date_first=birth_date_first)
              .order_by("-birth_date_first", "-similarity", "pk")
              .values_list(*_candidate_fields())[:CANDIDATE_LIMIT])
    with transaction.atomic(), connection.cursor() as cursor:
        # SET LOCAL lasts to the end of this transaction only.
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s",
                       [TRIGRAM_WORD_SIMILARITY_THRESHOLD])
        return [_Candidate(*row) for row in people]


def _sqlite_candidates(tokens, date_of_birth):
    people = Person.objects.annotate(
        padded_text=Concat(Value(" "), F("search_text"), output_field=models.TextField()),
        padded_keys=Concat(Value(" "), F("phonetic_keys"), Value(" "),
                           output_field=models.TextField()),
    )
    matches = Q()
    for token in tokens:
        matches |= Q(padded_text__contains=f" {token[:2]}")
        key = token_phonetic_key(token)
        if key:
            matches |= Q(padded_keys__contains=f" {key} ")
    if date_of_birth is not None:
        people = people.annotate(birth_date_first=Case(
            When(date_of_birth=date_of_birth, then=Value(1)), default=Value(0)))
    else:
        people = people.annotate(birth_date_first=Value(0))
    people = (people.filter(matches).order_by("-birth_date_first", "pk")
              .values_list(*_candidate_fields())[:CANDIDATE_LIMIT * 10])
    return [_Candidate(*row) for row in people]


def _scored_candidates(tokens, date_of_birth):
    if connection.vendor == "postgresql":
        candidates = _postgresql_candidates(tokens, date_of_birth)
    else:
        candidates = _sqlite_candidates(tokens, date_of_birth)
    scored = []
    for candidate in candidates:
        score = name_match_score(tokens, candidate.search_text)
        if score >= SEARCH_THRESHOLD:
            scored.append((candidate, score))
    return scored


def _rank(candidate, score, date_of_birth):
    rank = score
    if date_of_birth is not None and candidate.date_of_birth is not None:
        if candidate.date_of_birth == date_of_birth:
            rank += BIRTH_DATE_AGREES_BONUS
        else:
            rank -= BIRTH_DATE_DIFFERS_PENALTY
    return (-rank, candidate.surname.casefold(), candidate.forenames.casefold(), candidate.pk)


def _load_in_order(scores):
    """The people with these ids, in the given order, each with ``match_score`` set."""
    people = _persons_for_listing().in_bulk(list(scores))
    ranked = []
    for pk, score in scores.items():
        person = people.get(pk)
        if person is not None:
            person.match_score = round(score, 3)
            ranked.append(person)
    return ranked


def person_search(*, query, date_of_birth=None, limit=25):
    """People whose names (or aliases) are like ``query``, best first.

    Tolerates misspellings, word order and initials. A query shaped like a PNC ID or
    CRO number finds that exact person. A date of birth lifts the people born that day
    to the top without hiding the rest. Any string is safe: the query is capped at
    QUERY_MAX_LENGTH characters and reduced to letters before it reaches the database,
    and an empty query finds nobody.
    """
    query = str(query or "")[:QUERY_MAX_LENGTH]
    limit = max(0, min(int(limit), 200))
    identified = _identifier_matches(query)
    if identified is not None:
        return identified[:limit]
    tokens = query_tokens(query)
    if not tokens or not limit:
        return []
    scored = _scored_candidates(tokens, date_of_birth)
    scored.sort(key=lambda pair: _rank(pair[0], pair[1], date_of_birth))
    return _load_in_order({candidate.pk: score for candidate, score in scored[:limit]})


def _birth_dates_near(first, second):
    """Two dates that a slip of the keyboard could turn one into the other: day and
    month swapped, or only one of day, month and year different."""
    if (first.day, first.month) == (second.month, second.day) and first.year == second.year:
        return True
    same = (first.day == second.day) + (first.month == second.month) + (
        first.year == second.year)
    return same == 2


def person_likely_duplicates(*, surname, forenames, date_of_birth=None, limit=10):
    """People already on the index who are probably the person about to be created.

    The same name search, with tighter thresholds that depend on how the dates of birth
    compare: the same date needs a close name; a nearly-same date (a typing slip) a
    closer one; when either date is unknown the names must be almost the same. A
    different date of birth rules a person out.
    """
    query = f"{forenames} {surname}"
    tokens = query_tokens(query)
    if not tokens:
        return []
    likely = []
    for candidate, score in _scored_candidates(tokens, date_of_birth):
        if date_of_birth is None or candidate.date_of_birth is None:
            needed = DUPLICATE_THRESHOLD_NO_BIRTH_DATE
        elif candidate.date_of_birth == date_of_birth:
            needed = DUPLICATE_THRESHOLD_SAME_BIRTH_DATE
        elif _birth_dates_near(candidate.date_of_birth, date_of_birth):
            needed = DUPLICATE_THRESHOLD_NEAR_BIRTH_DATE
        else:
            continue
        if score >= needed:
            likely.append((candidate, score))
    likely.sort(key=lambda pair: _rank(pair[0], pair[1], date_of_birth))
    return _load_in_order({candidate.pk: score for candidate, score in likely[:limit]})


def person_get(*, pk):
    """One person with everything their page shows; 404 if there is no such person."""
    people = _persons_for_listing().prefetch_related(
        Prefetch("addresses", queryset=PersonAddress.objects.select_related("location")),
        Prefetch("vehicle_links", queryset=PersonVehicle.objects.select_related("vehicle")),
    ).select_related("created_by")
    return get_object_or_404(people, pk=pk)


def person_get_by_pnc_id(*, pnc_id):
    """The person with this PNC ID, or None."""
    canonical = canonical_pnc_id(pnc_id)
    if canonical is None:
        return None
    return Person.objects.filter(pnc_id=canonical).first()


def location_get(*, pk):
    locations = Location.objects.select_related("created_by_force", "created_by")
    return get_object_or_404(locations, pk=pk)


def location_residents(*, location):
    return (PersonAddress.objects.filter(location=location)
            .select_related("person").order_by("person__surname", "person__forenames"))


def vehicle_get(*, pk):
    vehicles = Vehicle.objects.select_related("created_by_force", "created_by")
    return get_object_or_404(vehicles, pk=pk)


def vehicle_people(*, vehicle):
    return (PersonVehicle.objects.filter(vehicle=vehicle)
            .select_related("person").order_by("person__surname", "person__forenames"))
