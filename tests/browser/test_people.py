"""An officer's journey through the nominal index: search with a misspelled name (saying
why, once, for the enquiry), open a record (one click to confirm it is the same enquiry),
and create a person, warned first about a likely duplicate."""

from datetime import date

from django import forms
from playwright.sync_api import expect

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from athena.people.models import Person
from tests.browser.conftest import check_accessibility, login, screenshot
from tests.factories import TEST_PASSWORD, UserFactory
from tests.people.factories import PersonFactory


def sign_in_officer(page, live_server):
    UserFactory(username="pc_smith", roles=[Role.OFFICER])
    login(page, live_server, "pc_smith", TEST_PASSWORD)


def test_officer_finds_a_person_by_a_misspelled_name_and_opens_the_record(page, live_server):
    john = PersonFactory(surname="Smith", forenames="John", date_of_birth=date(1985, 11, 27))
    sign_in_officer(page, live_server)

    check_accessibility(page, "home with person search")
    page.get_by_label("Find a person").fill("Jon Smyth")  # straight from the home page
    page.get_by_role("button", name="Search").click()

    # Why: asked once for the enquiry (DPA 2018 s.62), then the results.
    expect(page.get_by_role("heading", level=1)).to_have_text("Why are you searching?")
    check_accessibility(page, "reason for searching the people index")
    screenshot(page, "people-reason")
    page.get_by_label("Your reason").fill("42/12345/25 burglary at Mill Lane: a named suspect")
    page.get_by_role("button", name="Continue").click()

    result = page.get_by_role("link", name="John Smith")
    expect(result).to_be_visible()
    check_accessibility(page, "people search results")
    screenshot(page, "people-search")

    result.click()
    # A record the enquiry does not cover yet: one click to say it is the same enquiry.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Is this part of the same enquiry?")
    expect(page.locator("#current-reason")).to_contain_text("burglary at Mill Lane")
    check_accessibility(page, "same enquiry?")
    screenshot(page, "people-same-enquiry")
    page.get_by_role("button", name="Yes, continue with this reason").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("John Smith", ignore_case=True)
    check_accessibility(page, "person record")
    screenshot(page, "person-record")
    viewed = AuditEvent.objects.get(action="people.person.viewed", object_id=str(john.pk))
    assert viewed.reason == "42/12345/25 burglary at Mill Lane: a named suspect"
    assert AuditEvent.objects.get(action="people.person.searched").reason == viewed.reason

    # Back to the record within the same enquiry: nothing asked.
    page.goto(f"{live_server.url}/people/{john.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("John Smith", ignore_case=True)
    assert AuditEvent.objects.filter(action="people.person.viewed").count() == 2


def test_creating_a_person_warns_of_a_likely_duplicate_first(page, live_server):
    PersonFactory(surname="Mohammed", forenames="Ali", date_of_birth=date(1990, 3, 14))
    sign_in_officer(page, live_server)
    page.goto(f"{live_server.url}/people/new/")

    page.get_by_label("Surname").fill("Muhammad")
    page.get_by_label("Forenames").fill("Ali")
    page.get_by_label("Date of birth").fill("14/03/1990")
    page.get_by_role("button", name="Create person").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check for an existing record")
    expect(page.locator("#likely-duplicates")).to_contain_text("Ali Mohammed", ignore_case=True)
    expect(page.get_by_label("Surname")).to_have_value("Muhammad")
    check_accessibility(page, "likely duplicate warning")
    screenshot(page, "person-create-duplicates")

    page.get_by_role("button", name="None of these – create a new person").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Ali Muhammad", ignore_case=True)
    assert Person.objects.filter(surname="Muhammad").count() == 1


def test_a_wrong_date_of_birth_is_explained_and_the_typing_kept(page, live_server):
    sign_in_officer(page, live_server)
    page.goto(f"{live_server.url}/people/new/")

    page.get_by_label("Surname").fill("Okafor")
    page.get_by_label("Forenames").fill("Chidi")
    page.get_by_label("Date of birth").fill("31/02/1990")
    page.get_by_role("button", name="Create person").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    expect(page.get_by_label("Surname")).to_have_value("Okafor")
    expect(page.get_by_label("Date of birth")).to_have_value("31/02/1990")
    check_accessibility(page, "person form with an error")
    screenshot(page, "person-create-error")
    assert not Person.objects.filter(surname="Okafor").exists()


class _TypedInputsForm(forms.Form):
    email = forms.EmailField(label="Email address")
    count = forms.IntegerField(label="Number of items")

    def __init__(self, *args, **kwargs):
        from crispy_forms_gds.helper import FormHelper

        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def test_email_and_number_inputs_with_errors_get_the_error_border(page, live_server):
    """crispy-forms-gds marks only text inputs; app.css gives the others the red border."""
    from crispy_forms.utils import render_crispy_form

    form = _TypedInputsForm({"email": "not an email", "count": "many"})
    form.is_valid()
    html = render_crispy_form(form)
    page.goto(f"{live_server.url}/account/sign-in/")  # same origin, so the CSS loads
    page.evaluate("html => { document.querySelector('main').innerHTML = html; }", html)

    for name in ("email", "count"):
        border = page.locator(f"input[name={name}]").evaluate(
            "element => getComputedStyle(element).borderTopColor")
        assert border == "rgb(212, 53, 28)", f"{name} input border is {border}"
