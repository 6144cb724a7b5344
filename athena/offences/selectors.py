"""Reads of the offence catalogue. The catalogue is public reference data: every user
may read all of it."""

import difflib
import re

from django.db.models import Case, IntegerField, Q, Value, When

from athena.offences.models import Offence

# Titles are at most 255 characters: a longer query cannot be a real search. Capping the
# words keeps the SQL small whatever is typed (SQLite refuses very deep expressions).
MAX_QUERY_LENGTH = 255
MAX_QUERY_WORDS = 10
MAX_LIMIT = 100
# How offence_search ranks what it finds: the offence an officer's word means first,
# then an exact code, codes the query begins, and titles that hold every word.
OFFICER_WORD, EXACT_CODE, CODE_PREFIX, TITLE_WORDS = -1, 0, 1, 2

# The words officers use for the volume crimes, and the offence each means. A search is
# compared by its letters and digits alone ("Shop-lifting", "s.1 theft" and "theft shop"
# read as "shoplifting", "s1theft" and "theftshop"), and a word a letter or two away
# from one of these of six letters or more still counts ("shopliftng").
OFFICER_WORDS = {
    "TH68010": ("shoplifting", "shoplift", "shoplifter", "shoplifted", "shoptheft",
                "theftshop", "theftfromshop", "retailtheft", "s1theft", "section1theft",
                "s1tha", "s1tha1968", "s1theftact"),
    "CJ88001": ("commonassault", "assault", "commonassault1988", "s39cja", "s39"),
    "CJ88116": ("beating", "assaultbybeating", "battery"),
    "CD71039": ("criminaldamage", "crimdamage", "damage", "cd"),
    "RT88007": ("drinkdriving", "drinkdrive", "drunkdriving", "drinkdriver", "overthelimit",
                "excessalcohol", "dd", "driveexcessalcohol"),
    "MD71530": ("possessionofcannabis", "possessioncannabis", "posscannabis", "cannabis",
                "weed", "possofcannabis"),
}
_CODE_OF_WORD = {word: code for code, words in OFFICER_WORDS.items() for word in words}
FUZZY_MIN_LENGTH = 6


def offence_get_by_code(code):
    """The offence with this CJS code (case and surrounding spaces ignored), or None."""
    code = _clean(code).upper()
    if not code or len(code) > Offence._meta.get_field("cjs_code").max_length:
        return None
    return Offence.objects.filter(cjs_code=code).first()


def offence_search(*, query, limit=20, include_non_criminal=False):
    """Offences whose code starts with ``query`` or whose title holds every word of it,
    ignoring case: an exact code first, then other codes it begins, then title matches,
    each in code order. At most ``limit`` (up to MAX_LIMIT) results.

    Civil, family, licensing, breach and enforcement categories are left out unless
    ``include_non_criminal``. Any text is safe: ``%`` and ``_`` match themselves, and an
    empty query finds nothing. Only the first MAX_QUERY_WORDS distinct words count.
    """
    text = _clean(query)[:MAX_QUERY_LENGTH]
    words = list(dict.fromkeys(text.split()))[:MAX_QUERY_WORDS]
    limit = max(0, min(_as_int(limit), MAX_LIMIT))
    if not words or not limit:
        return Offence.objects.none()
    title_matches = Q()
    for word in words:
        title_matches &= Q(title__icontains=word)
    meant = officer_word_offence(text)
    found = title_matches | Q(cjs_code=meant) if meant else title_matches
    code = words[0].upper() if len(words) == 1 else None
    if code:
        found |= Q(cjs_code__startswith=code)
    offences = Offence.objects.all()
    if not include_non_criminal:
        offences = offences.criminal()
    ranks = [When(cjs_code=meant, then=Value(OFFICER_WORD))] if meant else []
    if code:
        ranks += [When(cjs_code=code, then=Value(EXACT_CODE)),
                  When(cjs_code__startswith=code, then=Value(CODE_PREFIX))]
    offences = offences.filter(found).annotate(match_rank=Case(
        *ranks, default=Value(TITLE_WORDS), output_field=IntegerField()))
    return offences.order_by("match_rank", "cjs_code")[:limit]


def officer_word_offence(query):
    """The CJS code of the offence an officer's word for it means ("shoplifting",
    "s.1 theft", "drink driving"), or None."""
    letters = re.sub(r"[^a-z0-9]", "", query.lower())
    if letters in _CODE_OF_WORD:
        return _CODE_OF_WORD[letters]
    if len(letters) < FUZZY_MIN_LENGTH:
        return None
    close = difflib.get_close_matches(
        letters, [word for word in _CODE_OF_WORD if len(word) >= FUZZY_MIN_LENGTH],
        n=1, cutoff=0.85)
    return _CODE_OF_WORD[close[0]] if close else None


def _clean(text):
    """The text with whatever a database cannot take removed: NUL (PostgreSQL refuses it)
    and lone surrogates (not encodable as UTF-8)."""
    if not isinstance(text, str):
        return ""
    return text.encode("utf-8", "ignore").decode("utf-8").replace("\x00", "").strip()


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return 0
