"""Reads of the nominal index: name search, duplicate check and record pages.

The search has one entry point, ``person_search``, and two ways to find candidates:
PostgreSQL narrows the index with a GIN index on one array of each person's name words,
phonetic keys and the words' initials (migration 0004), and a dictionary of the names'
distinct words, where pg_trgm finds the words spelt like a typed one (0003), reading
kinds of match closest first (every typed word, then names that sound like the query,
then names spelt like it) until it has enough, in one query, so that a common name
costs little more than a rare one;
SQLite, the quick start, narrows by the first letters and phonetic keys of
each word. Both then rank the candidates with the same Python scorer
(``names.name_match_score``), so the two backends agree on what matches.
"""

from dataclasses import dataclass
from datetime import date
from itertools import combinations, product

from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
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
from athena.postgresql import postgresql_settings

# A person is listed when their best name scores at least this (see names.py).
SEARCH_THRESHOLD = 0.8
# Likely duplicates need closer names when the dates of birth cannot confirm them.
DUPLICATE_THRESHOLD_SAME_BIRTH_DATE = 0.85
DUPLICATE_THRESHOLD_NO_BIRTH_DATE = 0.92
DUPLICATE_THRESHOLD_NEAR_BIRTH_DATE = 0.9
# How many candidates the database hands to the scorer.
CANDIDATE_LIMIT = 300
# pg_trgm word similarity of one typed word to a word of a name, for a candidate spelt
# like it ("nicholsen" and "nicholson"); names that sound alike are found by their
# Metaphone keys whatever their spelling ("Jon Smyth" and "John Smith").
TRIGRAM_WORD_SIMILARITY_THRESHOLD = 0.5
SPELLING_MIN_LENGTH = 5
# The names' words most like a typed word that the search looks for people with: the
# dictionary may hold thousands like it ("burthorpe" is like every "-thorpe").
SPELLING_WORDS = 50
# PostgreSQL work_mem for the candidates' query (see _postgresql_candidates).
NAME_SEARCH_WORK_MEM = "32MB"
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


class _NamesArray(Func):
    """A person's name words, phonetic keys (capitals) and the first letter of each word
    (lower case) as one array: the expression of the GIN index people_person_names_gin
    (migration 0004), written the same here so that `@>` and `&&` can use it, and
    conditions on words, keys and initials together are one index scan. With
    ``indexed=False`` the same array, written so that no index answers it: each row
    found another way is tested."""

    template = ("string_to_array(%(names)s || ' ' || %(keys)s || ' ' || "
                "regexp_replace(%(names)s, '([^ ])[^ ]*', '\\1', 'g'), ' ')")
    output_field = ArrayField(models.TextField())

    def __init__(self, *, indexed=True):
        super().__init__(F("search_text"), F("phonetic_keys"))
        self.indexed = indexed

    def as_sql(self, compiler, connection, **extra_context):
        (names, names_params), (keys, keys_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions())
        sql = self.template % {"names": names, "keys": keys}
        if not self.indexed:
            sql = f"array_cat({sql}, '{{}}'::text[])"
        return sql, [*names_params, *keys_params, *names_params]


def _word_groups(tokens):
    """Sets of typed words of which a candidate must match every one: all of them when
    there are one or two. With more, the scorer forgives (n - 1) // 2 weak words of n,
    so two of the first (n - 1) // 2 + 2 must match: any pair of those. Initials are
    left to ``_initials_match``."""
    words = [token for token in tokens if len(token) > 1]
    if len(words) <= 2:
        return [words] if words else []
    firsts = words[:(len(tokens) - 1) // 2 + 2]
    return [list(pair) for pair in combinations(firsts, 2)]


def _words_spelt_like(tokens):
    """{typed word: the SPELLING_WORDS words of the names' dictionary (people_name_word,
    migration 0003) most like it}, for the typed words of SPELLING_MIN_LENGTH letters or
    more, in one query: looked up among the distinct words, not the millions of names
    that have them. A word is like the typed one by pg_trgm word similarity, closest
    first by similarity. Read before the candidates' query, so that its planner sees
    the words (a handful) and not a subquery it must guess the size of: guessing, it
    tested thousands of words against every person with a common first name."""
    spelling = [token for token in tokens if len(token) >= SPELLING_MIN_LENGTH]
    words = {token: [] for token in spelling}
    if not spelling:
        return words
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT typed, word FROM unnest(%s::text[]) AS typed CROSS JOIN LATERAL ("
            " SELECT word FROM people_name_word WHERE word %%> typed"
            " ORDER BY similarity(word, typed) DESC, word LIMIT %s) AS closest",
            [spelling, SPELLING_WORDS])
        for typed, word in cursor.fetchall():
            words[typed].append(word)
    return words


def _sounds_like(group):
    """Every word of the group has a name word with its Metaphone key (one GIN lookup)."""
    keys = sorted({token_phonetic_key(token) for token in group} - {""})
    return Q(names__contains=keys) if keys else None


def _spelt_like(group, spellings):
    """Every word of the group sounds like, or is spelt much like, a word of a name, and
    at least one is spelt like one (``spellings``: the words spelt like each typed word;
    names that only sound like the group are the sounds-like branch's). Only words of
    SPELLING_MIN_LENGTH letters or more are compared by spelling (in a shorter word one
    slip leaves too few trigrams in common); None when no word is.

    Written as one AND of index conditions for each way of choosing between sound and
    spelling, so that PostgreSQL ANDs the indexes' bitmaps: with "sounds like or spelt
    like" inside, it read every person with one word's key and tested the rest (for
    "Luke Murphy" at 10,000,000 people, the 63,336 with the key of "Luke": 438 ms)."""
    options = []
    for token in group:
        key = token_phonetic_key(token)
        word_options = []
        if key:
            word_options.append((Q(names__overlap=[key]), False))
        elif len(token) < SPELLING_MIN_LENGTH:
            word_options.append((Q(), False))
        if len(token) >= SPELLING_MIN_LENGTH and spellings[token]:
            word_options.append((Q(names__overlap=spellings[token]), True))
        options.append(word_options)
    terms = []
    for choice in product(*options):
        if any(spelt for _condition, spelt in choice):
            term = Q()
            for condition, _spelt in choice:
                term &= condition
            terms.append(term)
    return _any_of(terms)


def _any_of(conditions):
    conditions = [condition for condition in conditions if condition is not None]
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


def _initial(token):
    """The token's first letter as the names' array holds it."""
    return token[0]


def _initials_match(tokens):
    """Each typed initial starts a word of a name."""
    initials = [_initial(token) for token in tokens if len(token) == 1]
    return Q(names__contains=initials) if initials else Q()


def _loosely_like(group):
    """One word of the group sounds like a word of a name and the others start as a
    word of it does: the scorer forgives a near spelling it cannot index ("Sean" and
    "Shaun") when another word matches well. The key and the initials are one condition
    on the names' index (see _NamesArray)."""
    options = []
    for token in group:
        key = token_phonetic_key(token)
        if len(key) > 1 and len(group) > 1:  # a one-letter key is too common to narrow
            initials = [_initial(other) for other in group if other != token]
            options.append(Q(names__contains=[key, *initials]))
    return _any_of(options)


def _roughly_like(tokens):
    """Each word starts a word of a name or sounds like one; with a date of birth,
    which narrows the index to a few dozen people, nothing tighter is needed."""
    condition = Q()
    for token in tokens:
        key = token_phonetic_key(token)
        condition &= Q(names__overlap=[_initial(token), key] if key else [
            _initial(token)])
    return condition


def _postgresql_candidate_branches(tokens, date_of_birth, spellings):
    """Querysets of candidates, closest kind first: (with a date of birth) the names
    roughly like the query of people born that day; names with every typed word, in any
    order; names whose words all sound like the typed words; names whose words sound or
    are spelt like them; names with one word that sounds like a typed word and the rest
    starting as typed."""
    groups = _word_groups(tokens)
    sounds_like = _any_of(_sounds_like(group) for group in groups)
    spelt_like = _any_of(_spelt_like(group, spellings) for group in groups)
    loosely_like = _any_of(_loosely_like(group) for group in groups)
    branches = []
    if date_of_birth is not None:
        # A few hundred people share a birthday even in a national index: read through
        # the birth date index and each tested, they cost less than a common initial's
        # or key's entries in the names' index (86,047 for "Rebecca Hayes": 71 ms).
        born = Person.objects.annotate(names=_NamesArray(indexed=False)).order_by()
        branches.append(born.filter(_initials_match(tokens), _roughly_like(tokens),
                                    date_of_birth=date_of_birth))
    people = (Person.objects.annotate(names=_NamesArray())
              .filter(_initials_match(tokens)).order_by())
    words = [token for token in tokens if len(token) > 1]
    if words:  # the initials are _initials_match's
        branches.append(people.filter(names__contains=words))
    if sounds_like is not None:
        branches.append(people.filter(sounds_like))
    # Later branches leave out what the sounds-like branch found (a cheap test), so
    # that repeats do not use up the limit.
    not_sounds_like = ~sounds_like if sounds_like is not None else Q()
    if spelt_like is not None:
        branches.append(people.filter(spelt_like & not_sounds_like))
    if loosely_like is not None:
        branches.append(people.filter(loosely_like & not_sounds_like))
    if not groups:
        branches.append(people)  # initials only: the filter above is the whole test
    return branches


def _postgresql_candidates(tokens, date_of_birth):
    """Up to CANDIDATE_LIMIT candidates from the branches in turn, in one query: a
    branch is read only if the ones before it found fewer than the limit, so a common
    name costs no more than a rare one, and the closest kinds of match come first. (The
    words spelt like the typed ones are read just before, in a query of their own.)"""
    # Sequential scans are off because a branch's LIMIT tempts the planner into one,
    # and testing every row's trigrams until the limit is reached costs far more than
    # the GIN indexes. Enough memory that the bitmaps of common names' trigrams and keys
    # stay exact: a lossy one makes PostgreSQL test the trigrams of every person on its
    # pages (at 10,000,000 people, 3,100,000 of them and 8 s for one misspelt name).
    with postgresql_settings({
            "pg_trgm.word_similarity_threshold": str(TRIGRAM_WORD_SIMILARITY_THRESHOLD),
            "enable_seqscan": "off", "work_mem": NAME_SEARCH_WORK_MEM}):
        spellings = _words_spelt_like(tokens)
        branches = [branch.values_list(*_candidate_fields())[:CANDIDATE_LIMIT] for branch
                    in _postgresql_candidate_branches(tokens, date_of_birth, spellings)]
        combined = branches[0].union(*branches[1:], all=True)[:CANDIDATE_LIMIT]
        candidates = {}
        for row in combined:
            candidates.setdefault(row[0], _Candidate(*row))
    return list(candidates.values())


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
    """Best score first; among equals, the name with fewest words (for "Mohammed Khan",
    Mohammed KHAN before Adil Mohammed KHAN), then alphabetical."""
    rank = score
    if date_of_birth is not None and candidate.date_of_birth is not None:
        if candidate.date_of_birth == date_of_birth:
            rank += BIRTH_DATE_AGREES_BONUS
        else:
            rank -= BIRTH_DATE_DIFFERS_PENALTY
    words = len(candidate.forenames.split()) + len(candidate.surname.split())
    return (-rank, words, candidate.surname.casefold(), candidate.forenames.casefold(),
            candidate.pk)


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
