"""One button gives the usual "No" to the CPS details questions not yet answered, so a
first-hearing file costs one click for them instead of seven; typed answers stay."""

from django.urls import reverse

from cases.models import CaseSection
from cases.sections import SECTIONS, SectionKind
from tests.cases.factories import CaseFileFactory, ChargedOffenceFactory, SuspectFactory

KIND = SectionKind.CPS_DETAILS


def _url(case):
    return reverse("cases:section", args=[case.pk, KIND])


def _first_hearing_file(officer):
    case = CaseFileFactory(officer_in_case=officer)
    ChargedOffenceFactory(suspect=SuspectFactory(case=case))
    return case


def test_the_page_offers_the_usual_answers(officer_client, officer):
    page = officer_client.get(_url(_first_hearing_file(officer))).content.decode()

    assert 'name="usual_answers"' in page
    assert "The defendant is a foreign national" in page


def test_the_button_answers_no_only_where_nothing_was_answered(officer_client, officer):
    case = _first_hearing_file(officer)

    response = officer_client.post(_url(case), {
        "usual_answers": "1", "version": "0", "interpreter_required": "yes",
        "occupation": "Roofer"})

    assert response.status_code == 302  # saved, then shown afresh
    assert response["Location"] == _url(case)
    data = CaseSection.objects.get(case=case, kind=KIND).data
    usual = dict(SECTIONS[KIND].usual_answers)
    assert data["interpreter_required"] == "yes"  # what was typed wins
    assert data["occupation"] == "Roofer"
    assert all(data[name] == "no" for name in usual if name != "interpreter_required")
    assert data.get("given_charges", "") == ""  # not a usual answer: still asked
