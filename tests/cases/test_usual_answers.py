"""One button gives the usual "No" to the questions not yet answered (a defendant's:
foreign national, European passport, interpreter, Welsh, a court order breached; the
case's: CPS pre-charge advice, expert evidence), so a first-hearing file costs one click
for them instead of one each; typed answers stay."""

from django.urls import reverse

from cases.models import CaseSection, Suspect
from cases.sections import PARTS, SECTIONS, PartKind, SectionKind
from tests.cases.factories import CaseFileFactory, ChargedOffenceFactory, SuspectFactory


def _first_hearing_file(officer):
    case = CaseFileFactory(officer_in_case=officer)
    ChargedOffenceFactory(suspect=SuspectFactory(case=case))
    return case


def _defendant_url(case):
    return reverse("cases:defendant", args=[case.pk, case.suspects.get().pk])


def test_the_defendant_page_offers_the_usual_answers(officer_client, officer):
    page = officer_client.get(_defendant_url(_first_hearing_file(officer))).content.decode()

    assert 'name="usual_answers"' in page
    assert "Is the defendant a foreign national?" in page


def test_the_button_answers_no_only_where_nothing_was_answered(officer_client, officer):
    case = _first_hearing_file(officer)

    response = officer_client.post(_defendant_url(case), {
        "usual_answers": "1", "version": "1", "interpreter_required": "yes",
        "occupation": "Roofer"})

    assert response.status_code == 302  # saved, then shown afresh with what it brings
    assert response["Location"].startswith(_defendant_url(case))
    answers = Suspect.objects.get(case=case).answers
    usual = dict(PARTS[PartKind.DEFENDANT].usual_answers)
    assert answers["interpreter_required"] == "yes"  # what was typed wins
    assert answers["occupation"] == "Roofer"
    assert all(answers[name] == "no" for name in usual if name != "interpreter_required")
    assert answers.get("given_charges", "") == ""  # not a usual answer: still asked
    # Needing an interpreter brings its question: which language.
    page = officer_client.get(response["Location"]).content.decode()
    assert "Language or dialect" in page


def test_the_case_details_offer_theirs_too(officer_client, officer):
    case = _first_hearing_file(officer)
    url = reverse("cases:section", args=[case.pk, SectionKind.CPS_DETAILS])
    assert 'name="usual_answers"' in officer_client.get(url).content.decode()

    officer_client.post(url, {"usual_answers": "1", "version": "0",
                              "test_code": "full_code_test"})

    data = CaseSection.objects.get(case=case, kind=SectionKind.CPS_DETAILS).data
    assert {name: data[name] for name, _ in SECTIONS[SectionKind.CPS_DETAILS].usual_answers} \
        == {"pca_cps": "no", "expert_evidence": "no"}
    assert data["test_code"] == "full_code_test"
