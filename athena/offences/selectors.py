"""Reads of the offence catalogue. The catalogue is public reference data: every user
may read all of it."""

from django.db.models import Case, IntegerField, Q, Value, When

from athena.offences.models import Offence

# Titles are at most 255 characters: a longer query cannot be a real search. Capping the
# words keeps the SQL small whatever is typed (SQLite refuses very deep expressions).
MAX_QUERY_LENGTH = 255
MAX_QUERY_WORDS = 10
MAX_LIMIT = 100


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
    offences = Offence.objects.all()
    if not include_non_criminal:
        offences = offences.criminal()
    if len(words) == 1:
        code = words[0].upper()
        offences = offences.filter(Q(cjs_code__startswith=code) | title_matches).annotate(
            match_rank=Case(
                When(cjs_code=code, then=Value(0)),
                When(cjs_code__startswith=code, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
    else:
        offences = offences.filter(title_matches).annotate(match_rank=Value(2))
    return offences.order_by("match_rank", "cjs_code")[:limit]


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
