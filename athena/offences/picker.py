"""The offence picker: search the CJS offence catalogue as you type, by code or by words,
and choose one offence.

One partial serves both ways of using it. With JavaScript, htmx fetches
``offence_picker_results`` as the officer types and swaps the results in. Without it, the
"Find offence" button submits the containing form, and that form's view renders the same
partial from ``picker_context_from_data(request.POST)``.
"""

import re
from dataclasses import dataclass

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from athena.offences.models import ModeOfTrial, OffenceCategory
from athena.offences.selectors import (
    MAX_LIMIT,
    MAX_QUERY_LENGTH,
    TITLE_WORDS,
    offence_get_by_code,
    offence_search,
)

QUERY_FIELD = "offence_query"
INCLUDE_NON_CRIMINAL_FIELD = "include_non_criminal"
CHOICE_FIELD = "offence_code"
FIND_BUTTON = "find_offence"
RESULTS_SHOWN = 10
# offence_search orders a word search by code; the closest titles are picked from this
# many of its results.
CANDIDATES = MAX_LIMIT
# One letter matches most titles and no code: searching it would only be slow.
MIN_QUERY_LENGTH = 2
# offence_search's match_rank of a title match; those below it (an officer's word for
# the offence, the exact code, a code it begins) keep their order.
TITLE_MATCH = TITLE_WORDS
TRUE_VALUES = frozenset({"1", "on", "true", "yes"})


@dataclass(frozen=True)
class OffenceOption:
    """One offence the officer can choose."""

    cjs_code: str
    title: str
    description: str  # "TH68010 · Either way"
    checked: bool = False


@dataclass(frozen=True)
class OffencePicker:
    """What the picker partials show."""

    query: str = ""
    include_non_criminal: bool = False
    options: tuple = ()
    # What the search found, for the results region (read out by screen readers).
    message: str = ""
    # An error from the containing form, for example "Choose the offence".
    error: str = ""


@require_GET
def offence_picker_results(request):
    """The picker's results region for ``offence_query`` (a code or words). Always 200,
    whatever is typed: the message says what was wrong."""
    # Without the request: the partial needs none of the page's context processors, and
    # this answers every pause in typing.
    return HttpResponse(render_to_string("offences/_picker_results.html",
                                         picker_context_from_data(request.GET)))


def picker_context_from_data(data):
    """``picker_context`` from submitted form data (request.GET or request.POST)."""
    return picker_context(
        data.get(QUERY_FIELD, ""),
        include_non_criminal=str(data.get(INCLUDE_NON_CRIMINAL_FIELD, "")).lower() in TRUE_VALUES,
        selected_code=data.get(CHOICE_FIELD, ""),
    )


def picker_context(query, include_non_criminal=False, *, selected_code="", error=""):
    """The template context of the picker partials: ``{"offence_picker": OffencePicker}``.

    ``query`` None means nothing was searched yet (the form's first showing): no results
    and no message. The chosen offence (``selected_code``) stays listed, and checked,
    whatever the new search finds, so typing again never loses a choice.
    """
    selected = offence_get_by_code(selected_code) if selected_code else None
    if query is None:
        options = (_option(selected, checked=True),) if selected else ()
        return _context(OffencePicker(include_non_criminal=include_non_criminal,
                                      options=options, error=error))
    query = _storable(query)
    offences, message = _search(query, include_non_criminal)
    if selected is None:
        # A full CJS code typed is a choice made: tick it, saving the officer a click.
        selected = next((o for o in offences if o.cjs_code == query.strip().upper()), None)
    options = [_option(o, checked=selected is not None and o.pk == selected.pk)
               for o in offences]
    if selected is not None and not any(option.checked for option in options):
        options.insert(0, _option(selected, checked=True))
    return _context(OffencePicker(query=query, include_non_criminal=include_non_criminal,
                                  options=tuple(options), message=message, error=error))


def offence_picker_search(query, *, include_non_criminal=False, limit=RESULTS_SHOWN):
    """The offences ``offence_search`` finds for ``query``, closest first, at most
    ``limit``, and how many it found (at most CANDIDATES: "that many or more").

    offence_search lists title matches in code order; among its first CANDIDATES this
    puts first titles that begin with a word typed, then those that hold the words as
    whole words, the offence itself before its attempt, aiding or conspiracy, and shorter
    titles before longer ones: "theft" finds "Theft from a shop" before "Fail to report
    disappearance or theft of ...".
    """
    candidates = list(offence_search(query=query, limit=CANDIDATES,
                                     include_non_criminal=include_non_criminal))
    words = [word.lower() for word in query.split()]
    candidates.sort(key=lambda offence: _closeness(offence, words))
    return candidates[:limit], len(candidates)


def _search(query, include_non_criminal):
    """(offences to show, message) for a query."""
    text = query.strip()
    if not text:
        return [], "Type words from the offence or its CJS code."
    if len(text) < MIN_QUERY_LENGTH:
        return [], f"Type at least {MIN_QUERY_LENGTH} letters or numbers."
    if len(text) > MAX_QUERY_LENGTH:
        return [], (f"That is too long for an offence title or code. Use up to "
                    f"{MAX_QUERY_LENGTH} characters.")
    offences, found = offence_picker_search(text, include_non_criminal=include_non_criminal)
    shown = _quote(text)
    if not found:
        # Said, not searched for: a second search of the catalogue would double the time
        # of every search that finds nothing.
        hidden = ("" if include_non_criminal else " Non-criminal matters are left out unless "
                  "you select “Include non-criminal matters”.")
        return [], (f"No offences match {shown}. Check the spelling, use fewer words, or "
                    f"search by CJS code.{hidden}")
    if found <= len(offences):
        noun = "offence matches" if found == 1 else "offences match"
        return offences, f"{found} {noun} {shown}."
    more = f"{found} or more" if found >= CANDIDATES else str(found)
    return offences, (f"{more} offences match {shown}. These are the closest "
                      f"{len(offences)}: add words to narrow the search.")


def _closeness(offence, words):
    rank = getattr(offence, "match_rank", TITLE_MATCH)
    if rank < TITLE_MATCH:  # the code, or codes it begins, in code order
        return (rank, False, 0, False, 0, offence.cjs_code)
    title = offence.title.lower()
    title_words = set(re.findall(r"\w+", title))
    return (
        rank,
        not any(title.startswith(word) for word in words),
        sum(word not in title_words for word in words),
        offence.code_suffix is not None,
        len(title),
        offence.cjs_code,
    )


def _option(offence, *, checked=False):
    mode = ModeOfTrial(offence.mode_of_trial).label
    if offence.mode_of_trial == ModeOfTrial.NOT_CRIMINAL:
        mode = f"{mode}: {OffenceCategory(offence.category).label}"
    return OffenceOption(cjs_code=offence.cjs_code, title=offence.title,
                         description=f"{offence.cjs_code} · {mode}", checked=checked)


def _storable(text):
    """The text without what a page or database cannot hold: NUL and lone surrogates."""
    if not isinstance(text, str):
        return ""
    return text.encode("utf-8", "ignore").decode("utf-8").replace("\x00", "")


def _quote(text, limit=60):
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def _context(picker):
    return {"offence_picker": picker}
