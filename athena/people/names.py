"""Names as the search sees them: normalised tokens, phonetic keys and a similarity score.

One module so that the service (which writes ``search_text``), the index job (which
writes ``phonetic_keys``), the demo data and the search itself all agree on what a name
becomes. Nothing here touches the database.
"""

import unicodedata
from functools import lru_cache

import jellyfish

# Longest query the search will read; the search form says so.
QUERY_MAX_LENGTH = 200
# More words than this in a query are ignored: no one is known by nine names at once.
QUERY_MAX_TOKENS = 8
# Between the person's own name and each alias in ``search_text``. pg_trgm ignores it
# (it is not a letter), and the Python scorer splits on it to score each name apart.
NAME_SEPARATOR = " | "
# A typed word less like every word of a name than this does not match it.
WEAK_WORD_SIMILARITY = 0.7
# An alias match counts for this much of the same match on the person's own name.
ALIAS_WEIGHT = 0.97
_APOSTROPHES = {"'", "\u2019", "\u2018", "\u02bc", "`"}


def normalise_name(text):
    """Lower-case, accent-free letters, words separated by one space.

    Apostrophes join (O'Brien is ``obrien``); anything else that is not a letter (digits,
    hyphens, punctuation, SQL or regex syntax, emoji) separates words or disappears.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text)[: QUERY_MAX_LENGTH * 5])
    characters = []
    for character in decomposed:
        if unicodedata.category(character) == "Mn":  # accents, after decomposition
            continue
        if character in _APOSTROPHES:
            continue
        characters.append(character.casefold() if character.isalpha() else " ")
    return " ".join("".join(characters).split())


def name_tokens(text):
    return normalise_name(text).split()


def person_search_text(*, forenames, surname, aliases=()):
    """The denormalised names of one person: their own name first, then each alias.

    ``aliases`` is an iterable of ``(forenames, surname)`` pairs.
    """
    names = [normalise_name(f"{forenames} {surname}")]
    names += [normalise_name(f"{alias_forenames} {alias_surname}")
              for alias_forenames, alias_surname in aliases]
    unique = []
    for name in names:
        if name and name not in unique:
            unique.append(name)
    return NAME_SEPARATOR.join(unique)


@lru_cache(maxsize=4096)
def token_phonetic_key(token):
    """The Metaphone key of one word, or "" for initials and words with no key."""
    if len(token) < 2:
        return ""
    return jellyfish.metaphone(token)


def phonetic_keys_for_text(search_text):
    """Space-separated, sorted, unique Metaphone keys of every word in ``search_text``."""
    keys = {token_phonetic_key(token) for token in name_tokens(search_text)}
    keys.discard("")
    return " ".join(sorted(keys))


def query_tokens(query):
    """The words of a search query, capped in length and number; duplicates dropped."""
    tokens = []
    for token in name_tokens(str(query or "")[:QUERY_MAX_LENGTH]):
        if token not in tokens:
            tokens.append(token)
    return tokens[:QUERY_MAX_TOKENS]


@lru_cache(maxsize=65536)
def token_similarity(query_token, name_token):
    """How alike two words are, from 0 to 1.

    Jaro-Winkler for spelling (it favours a shared start, as names are usually typed
    right at the front); an initial matches any word it starts; words that sound the same
    (same Metaphone key) but start differently (Katherine, Catherine; Geoff, Jeff) count
    as close.
    """
    if query_token == name_token:
        return 1.0
    if len(query_token) == 1:
        return 0.9 if name_token.startswith(query_token) else 0.0
    similarity = jellyfish.jaro_winkler_similarity(query_token, name_token)
    if query_token[0] != name_token[0]:
        key = token_phonetic_key(query_token)
        if key and key == token_phonetic_key(name_token):
            similarity = max(similarity, 0.88)
    return similarity


def _one_name_score(tokens, words):
    matches = [max(token_similarity(token, word) for word in words) for token in tokens]
    # Every typed word must look like one of the name's words, except that a query of
    # three or more words may carry one the record lacks (a middle name, say).
    weak = sum(1 for match in matches if match < WEAK_WORD_SIMILARITY)
    if weak > (len(tokens) - 1) // 2:
        return 0.0
    return sum(matches) / len(matches)


def name_match_score(tokens, search_text):
    """How well query ``tokens`` match a person's names, from 0 to 1.

    Each name (own name, each alias) is scored apart: the mean, over the query's words,
    of the best match among that name's words. Word order does not matter. An alias
    scores a little below the same match on the person's own name. The person scores as
    their best name.
    """
    if not tokens or not search_text:
        return 0.0
    best = 0.0
    names = [name.split() for name in search_text.split(NAME_SEPARATOR.strip())]
    for position, words in enumerate(names):
        if words:
            score = _one_name_score(tokens, words)
            best = max(best, score if position == 0 else score * ALIAS_WEIGHT)
    return best
