import json

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from athena.offences.models import Offence, mode_of_trial_for
from athena.offences.picker import offence_picker_search, picker_context
from athena.offences.services import OFFENCES_FILE

pytestmark = [pytest.mark.urls("tests.offences.urls_picker"),
              pytest.mark.usefixtures("real_catalogue")]

RESULTS_URL = "/offences/picker/"


@pytest.fixture(scope="module")
def real_catalogue(django_db_setup, django_db_blocker):
    """All 15,352 offences of the project's CJS Offence Index, loaded once for the module
    (straight into the table: a load through offences_load would leave audit events)."""
    rows = json.loads(OFFENCES_FILE.read_text(encoding="utf-8"))
    with django_db_blocker.unblock():
        Offence.objects.bulk_create(
            [Offence(cjs_code=row["cjsCode"], title=row["offenceTitle"],
                     category=row["offenceCategory"],
                     mode_of_trial=mode_of_trial_for(row["offenceCategory"]),
                     recordable_on_pnc=row["recordableOnPnc"]) for row in rows],
            batch_size=1000)
        yield
        Offence.objects.all().delete()


def _search(client, query, **params):
    return client.get(RESULTS_URL, {"offence_query": query, **params})


def _codes(response):
    """The CJS codes offered, in order."""
    return [option.cjs_code for option in response.context["offence_picker"].options]


# --- Finding offences ------------------------------------------------------------------------

def test_shop_theft_finds_theft_from_a_shop_first(officer_client):
    response = _search(officer_client, "shop theft")
    assert _codes(response)[0] == "TH68010"
    assertContains(response, "Theft from a shop")


@pytest.mark.parametrize(("typed", "code"), [
    ("shoplifting", "TH68010"), ("shop lifting", "TH68010"), ("theft shop", "TH68010"),
    ("s.1 theft", "TH68010"), ("shopliftng", "TH68010"), ("common assault", "CJ88001"),
    ("criminal damage", "CD71039"), ("drink driving", "RT88007"),
    ("possession of cannabis", "MD71530"),
])
def test_the_volume_crimes_are_found_first_in_officers_words(officer_client, typed, code):
    assert _codes(_search(officer_client, typed))[0] == code


def test_assault_beating_finds_assault_by_beating_first(officer_client):
    assert _codes(_search(officer_client, "assault beating"))[0] == "CJ88116"


def test_a_cjs_code_finds_its_offence_first(officer_client):
    assert _codes(_search(officer_client, "TH68010"))[:4] == [
        "TH68010", "TH68010A", "TH68010B", "TH68010C"]


def test_a_code_in_lower_case_finds_the_offence(officer_client):
    assert _codes(_search(officer_client, " th68010 "))[0] == "TH68010"


def test_words_in_any_order_and_case_find_the_offence(officer_client):
    assert _codes(_search(officer_client, "BEATING by assault"))[0] == "CJ88116"


def test_titles_beginning_with_a_word_typed_come_before_others(officer_client):
    codes = _codes(_search(officer_client, "theft"))
    titles = [Offence.objects.get(cjs_code=code).title for code in codes]
    assert titles[0].lower().startswith("theft")
    assert "TH68010" in codes


def test_an_offence_comes_before_its_attempt_and_conspiracy(officer_client):
    assert _codes(_search(officer_client, "robbery"))[0] == "TH68023"


def test_results_show_title_code_and_mode_of_trial(officer_client):
    response = _search(officer_client, "TH68010")
    assertContains(response, '<label class="govuk-label govuk-radios__label" '
                             'for="offence-code-TH68010">Theft from a shop</label>', html=True)
    assertContains(response, "TH68010 · Either way")
    assertContains(_search(officer_client, "CJ88116"), "CJ88116 · Summary only")
    assertContains(_search(officer_client, "TH68023"), "TH68023 · Indictable only")


def test_at_most_ten_offences_are_offered(officer_client):
    response = _search(officer_client, "theft")
    assert len(_codes(response)) == 10
    assertContains(response, "offences match “theft”. These are the closest 10: add words "
                             "to narrow the search.")


def test_a_search_finding_many_says_so_without_counting_them_all(officer_client):
    assertContains(_search(officer_client, "fail"), "100 or more offences match “fail”")


def test_the_message_counts_a_few_matches(officer_client):
    assertContains(_search(officer_client, "shop theft"), "3 offences match “shop theft”.")
    assertContains(_search(officer_client, "TH68010C"), "1 offence matches “TH68010C”.")


def test_no_match_says_what_to_try(officer_client):
    response = _search(officer_client, "zebra crossing juggling")
    assert _codes(response) == []
    assertContains(response, "No offences match “zebra crossing juggling”. Check the "
                             "spelling, use fewer words, or search by CJS code. Non-criminal "
                             "matters are left out unless you select “Include non-criminal "
                             "matters”.")


def test_no_match_with_non_criminal_matters_included_does_not_mention_them(officer_client):
    response = _search(officer_client, "zebra crossing juggling", include_non_criminal="1")
    assertContains(response, "search by CJS code.</p>")
    assertNotContains(response, "left out")


def test_a_single_character_asks_for_more(officer_client):
    response = _search(officer_client, " s ")
    assert _codes(response) == []
    assertContains(response, "Type at least 2 letters or numbers.")


def test_the_search_function_gives_the_closest_first_and_the_number_found(db):
    offences, found = offence_picker_search("shop theft")
    assert [o.cjs_code for o in offences] == ["TH68010", "TH68010A", "TH68010B"]
    assert found == 3


# --- Non-criminal matters ------------------------------------------------------------------

def test_non_criminal_matters_are_hidden_by_default(officer_client):
    codes = _codes(_search(officer_client, "attachment of earnings"))
    assert "AE71001" in codes  # summary only
    assert "AE71501" not in codes  # civil proceedings


def test_non_criminal_matters_show_when_asked_for(officer_client):
    response = _search(officer_client, "attachment of earnings", include_non_criminal="1")
    assert "AE71501" in _codes(response)
    assertContains(response, "AE71501 · Not a criminal offence: Civil Proceedings")


def test_a_search_only_non_criminal_matters_match_finds_them_when_included(officer_client):
    assert _codes(_search(officer_client, "complaint attachment")) == []
    assert "AE71501" in _codes(_search(officer_client, "complaint attachment",
                                       include_non_criminal="1"))


@pytest.mark.parametrize("value", ["", "0", "no", "2"])
def test_only_a_true_value_includes_non_criminal_matters(officer_client, value):
    codes = _codes(_search(officer_client, "attachment of earnings",
                           include_non_criminal=value))
    assert "AE71501" not in codes


# --- Keeping the choice ----------------------------------------------------------------------

def test_the_chosen_offence_stays_offered_and_checked_when_the_search_changes(officer_client):
    response = _search(officer_client, "robbery", offence_code="TH68010")
    options = response.context["offence_picker"].options
    assert options[0].cjs_code == "TH68010"
    assert options[0].checked
    assert [o.cjs_code for o in options if o.checked] == ["TH68010"]
    assertContains(response, 'value="TH68010" aria-describedby="offence-code-TH68010-hint" '
                             'checked')


def test_the_chosen_offence_is_checked_where_the_search_finds_it(officer_client):
    response = _search(officer_client, "shop theft", offence_code="TH68010A")
    options = response.context["offence_picker"].options
    assert [o.cjs_code for o in options] == ["TH68010", "TH68010A", "TH68010B"]
    assert [o.cjs_code for o in options if o.checked] == ["TH68010A"]


@pytest.mark.parametrize("code", ["XX99999", "<script>", "%", "TH68010" * 1000])
def test_an_unknown_chosen_code_is_ignored(officer_client, code):
    response = _search(officer_client, "shop theft", offence_code=code)
    assert _codes(response) == ["TH68010", "TH68010A", "TH68010B"]


# --- Whatever is typed -----------------------------------------------------------------------

HOSTILE_QUERIES = ["", "   ", "x" * 20_000, "<script>alert(1)</script>", "%", "_", "%%%",
                   "'", '"', "' OR 1=1 --", '"; DROP TABLE offences_offence; --', "😀",
                   "theft 😀", "\x00", "TH68010\x00", "a " * 5_000, "\\", "*", "[a-z]",
                   "ﬁ", "İ", "\u202eTH68010"]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_any_query_gets_a_200_with_a_message(officer_client, query):
    response = _search(officer_client, query)
    assert response.status_code == 200
    assert response.context["offence_picker"].message


def test_an_empty_query_asks_for_words(officer_client):
    assertContains(_search(officer_client, "  "), "Type words from the offence or its CJS code.")


def test_a_missing_query_asks_for_words(officer_client):
    assertContains(officer_client.get(RESULTS_URL), "Type words from the offence or its CJS code.")


def test_a_very_long_query_is_refused_with_a_message(officer_client):
    response = _search(officer_client, "x" * 20_000)
    assertContains(response, "That is too long for an offence title or code. Use up to 255 "
                             "characters.")
    assert len(response.content) < 5_000


def test_markup_in_a_query_is_shown_as_text(officer_client):
    response = _search(officer_client, "<script>alert(1)</script>")
    assertNotContains(response, "<script>")
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")


def test_percent_and_underscore_match_only_themselves(officer_client):
    assert _codes(_search(officer_client, "%%")) == []
    assert _codes(_search(officer_client, "TH6801_")) == []


def test_a_long_query_is_shortened_in_the_message(officer_client):
    response = _search(officer_client, "no such offence " * 10)
    message = response.context["offence_picker"].message
    assert "“no such offence no such offence no such offence no such off…”" in message


def test_the_results_endpoint_answers_only_get(officer_client):
    assert officer_client.post(RESULTS_URL, {"offence_query": "theft"}).status_code == 405


def test_the_results_endpoint_needs_sign_in(client):
    response = _search(client, "theft")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_search_with_a_choice_takes_two_queries(db, django_assert_num_queries):
    with django_assert_num_queries(2):
        picker_context("assault beating", selected_code="TH68010")


def test_the_endpoint_adds_only_the_search_to_a_signed_in_request(
        officer_client, django_assert_max_num_queries):
    # Session, user, two-factor device and the session's save (three statements), then
    # the chosen offence and the search.
    with django_assert_max_num_queries(8):
        _search(officer_client, "assault beating", offence_code="TH68010")


# --- Markup -----------------------------------------------------------------------------------

def test_results_are_a_radios_group_named_offence_code(officer_client):
    response = _search(officer_client, "shop theft")
    assertContains(response, '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">'
                             "Choose the offence</legend>", html=True)
    assertContains(response, 'name="offence_code" type="radio"', count=3)
    assertContains(response, 'aria-describedby="offence-picker-message"')
    assertContains(response, '<div id="offence-code-TH68010-hint" '
                             'class="govuk-hint govuk-radios__hint">TH68010 · Either way</div>',
                   html=True)


def test_no_results_render_no_radios(officer_client):
    assertNotContains(_search(officer_client, "zebra crossing juggling"), 'type="radio"')


def _picker_html(rf, officer, **context_args):
    request = rf.get("/")
    request.user = officer
    return render_to_string("offences/_picker.html", picker_context(**context_args),
                            request=request)


def test_the_picker_has_a_labelled_input_with_a_hint(rf, officer):
    html = _picker_html(rf, officer, query=None)
    assert '<label class="govuk-label govuk-label--s" for="offence-query">Offence</label>' in html
    assert ('<div id="offence-query-hint" class="govuk-hint">Type words from the offence or its '
            "CJS code, for example shop theft or TH68010</div>") in html
    assert 'id="offence-query" name="offence_query" type="search"' in html
    assert 'aria-describedby="offence-query-hint"' in html


def test_the_picker_searches_as_you_type_into_a_live_region(rf, officer):
    html = _picker_html(rf, officer, query=None)
    assert f'hx-get="{RESULTS_URL}" hx-trigger="input changed delay:250ms, search"' in html
    assert 'hx-target="#offence-picker-results"' in html
    assert '<div id="offence-picker-results" class="athena-offence-picker__results" ' \
           'aria-live="polite">' in html


def test_the_picker_works_without_javascript(rf, officer):
    html = _picker_html(rf, officer, query=None)
    assert '<button type="submit" name="find_offence" value="1"' in html
    assert 'name="include_non_criminal" type="checkbox" value="1"' in html


def test_the_picker_has_no_inline_script_or_style(rf, officer):
    html = _picker_html(rf, officer, query="shop theft", selected_code="TH68010",
                        error="Choose the offence")
    for forbidden in ("<script", "style=", "hx-on", "onclick", "javascript:"):
        assert forbidden not in html


def test_the_picker_shown_first_has_no_results_or_message(rf, officer):
    html = _picker_html(rf, officer, query=None)
    assert 'type="radio"' not in html
    assert 'id="offence-picker-message"' not in html


def test_the_picker_shows_a_form_error(rf, officer):
    html = _picker_html(rf, officer, query="", error="Choose the offence")
    assert "govuk-form-group--error" in html
    assert ('<p id="offence-query-error" class="govuk-error-message"><span '
            'class="govuk-visually-hidden">Error:</span> Choose the offence</p>') in html
    assert 'aria-describedby="offence-query-hint offence-query-error"' in html


def test_the_picker_keeps_what_was_typed_and_ticked(rf, officer):
    html = _picker_html(rf, officer, query='shop "theft"', include_non_criminal=True)
    assert 'value="shop &quot;theft&quot;"' in html
    assert 'value="1" checked' in html


def test_the_picker_shows_the_chosen_offence_before_any_search(rf, officer):
    html = _picker_html(rf, officer, query=None, selected_code="TH68010")
    assert 'value="TH68010" aria-describedby="offence-code-TH68010-hint" checked' in html


# --- In a form, without JavaScript -----------------------------------------------------------

EXAMPLE_URL = "/offence-picker/example/"


def test_find_offence_shows_the_results_in_the_form(officer_client):
    response = officer_client.post(EXAMPLE_URL, {"offence_query": "shop theft",
                                                 "find_offence": "1"})
    assert response.status_code == 200
    assertContains(response, 'name="offence_code" type="radio"', count=3)
    assertContains(response, 'value="shop theft"')
    assertNotContains(response, 'id="saved"')


def test_the_form_saves_the_chosen_offence(officer_client):
    response = officer_client.post(EXAMPLE_URL, {"offence_query": "shop theft",
                                                 "offence_code": "TH68010"})
    assertContains(response, '<p class="govuk-body" id="saved">Saved TH68010</p>', html=True)


def test_the_form_asks_for_an_offence_when_none_is_chosen(officer_client):
    response = officer_client.post(EXAMPLE_URL, {"offence_query": "shop theft"})
    assertContains(response, "Choose the offence</p>")
    assertNotContains(response, 'id="saved"')


def test_the_form_page_has_a_csp_without_inline_allowances(officer_client):
    response = officer_client.get(EXAMPLE_URL)
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
