"""The contingency pack as HTML pages the browser keeps for an outage: the same content
and the same sheet template as the PDFs, a print stylesheet, "Built at" from the server
and "Opened at" from a script the Content-Security-Policy allows; the PDF views'
permissions and audit."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athena.audit.models import AuditEvent
from custody.booking.services import risk_assessment_record
from custody.models.booking import RISK_QUESTIONS
from custody.suite import pdf
from custody.suite.selectors import record_for_pdf
from tests.custody.test_contingency_content import overdue_record  # noqa: F401
from tests.custody.test_pages import make_detainee

pytestmark = pytest.mark.django_db

SHEET_TEMPLATE = "custody/pdf/_sheet.html"


@pytest.fixture
def head_injury(overdue_record, custody_sergeant):  # noqa: F811
    risk_assessment_record(acting_user=custody_sergeant, record=overdue_record,
                           at=overdue_record.arrived_at + timedelta(minutes=20),
                           answers={**dict.fromkeys(RISK_QUESTIONS, "no"),
                                    "head_injury": "yes"},
                           notes={"head_injury": "Cut above the left eye"})
    return record_for_pdf(overdue_record.pk)


def templates_of(response):
    return [template.name for template in response.templates]


def test_the_sheet_page_is_the_pdfs_sheet_in_the_apps_layout(custody_client, head_injury):
    response = custody_client.get(reverse("custody:contingency", args=[head_injury.pk]))
    assert response.status_code == 200
    assert "base.html" in templates_of(response)
    assert SHEET_TEMPLATE in templates_of(response)
    # The same content as the PDF's, from the same function.
    assert response.context["sheet"]["risk"] == pdf.contingency_content(head_injury)["risk"]
    page = response.content.decode()
    assert 'data-offline-copy="true"' in page
    assert "CONTINGENCY SHEET: " + head_injury.person.full_name in page
    assert "Cut above the left eye" in page
    assert "Check the time: overdue if past" in page
    for column in ("Rousable", "Responds to questions", "Responds to commands",
                   "Given / refused", "Witness", "Name and signature"):
        assert column in page
    assert reverse("custody:contingency_pdf", args=[head_injury.pk]) in page
    assert reverse("custody:contingency_css") in page


def test_built_at_is_printed_and_opened_at_is_filled_by_a_script_the_policy_allows(
        custody_client, head_injury):
    response = custody_client.get(reverse("custody:contingency", args=[head_injury.pk]))
    page = response.content.decode()
    built = re.search(r"Built at <strong>(\d\d:\d\d \w{3} \d+ \w{3} \d{4})</strong>", page)
    assert built.group(1) == response.context["built"]
    assert "data-opened-at" in page
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    script = page.split(f'<script nonce="{nonce}">')[-1]
    assert "data-opened-at" in script
    assert "data-overdue-after" in script
    assert len(re.findall(r"<script nonce=", page)) == 2  # base.html's, and the pack's


def test_items_overdue_when_built_are_marked_and_the_others_wait_for_the_script(
        custody_client, head_injury):
    page = custody_client.get(
        reverse("custody:contingency", args=[head_injury.pk])).content.decode()
    shown = re.findall(r'<strong class="mark" data-overdue-mark data-overdue-when-built>', page)
    hidden = re.findall(r'<strong class="mark" data-overdue-mark hidden>', page)
    assert len(shown) == 4  # review, check, dose, re-assessment
    assert len(hidden) == 1  # the detention limit, later today
    assert page.count("data-overdue-after=") == 5


def test_the_suite_page_has_the_summary_then_every_sheet(custody_client, head_injury,
                                                       custody_sergeant, officer, suite):
    other = make_detainee(custody_sergeant, officer, suite, cell="C9")
    response = custody_client.get(reverse("custody:suite_contingency", args=[suite.code]))
    assert response.status_code == 200
    assert templates_of(response).count(SHEET_TEMPLATE) == 2
    assert "custody/pdf/_suite_summary.html" in templates_of(response)
    page = response.content.decode()
    assert 'data-offline-copy="true"' in page
    assert page.count("CONTINGENCY SHEET: ") == 2
    assert other.person.full_name in page
    # The directions column carries the instruction, not only its kind.
    summary = page.split('class="summary"')[1].split('class="sheet"')[0]
    assert "Re-assess within a set time" in summary
    assert "Wake him and check his pupils every half hour" in summary
    assert reverse("custody:suite_contingency_pdf", args=[suite.code]) in page


def test_the_stylesheet_is_the_pdfs_with_the_browsers_print_rules(custody_client):
    response = custody_client.get(reverse("custody:contingency_css"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    css = response.content.decode()
    assert ".contingency table.handwritten td" in css
    assert "@media print" in css


def test_the_pdf_leaves_out_the_browsers_print_rules(head_injury):
    from django.template.loader import render_to_string

    html = render_to_string(pdf.CONTINGENCY_TEMPLATE, pdf.sheet_context(
        pdf.contingency_content(head_injury), built_at=timezone.now()))
    assert ".contingency table.handwritten td" in html
    assert ".govuk-footer" not in html


def test_opening_the_pages_is_audited_like_printing(custody_client, head_injury, suite):
    custody_client.get(reverse("custody:contingency", args=[head_injury.pk]))
    custody_client.get(reverse("custody:suite_contingency", args=[suite.code]))
    events = AuditEvent.objects.filter(action="custody.contingency.opened").order_by("pk")
    assert [(e.object_type, e.object_id, e.details) for e in events] == [
        ("custody.custodyrecord", str(head_injury.pk), {"scope": "record"}),
        ("custody.custodysuite", str(suite.pk), {"scope": "suite"})]


def test_an_inspector_may_open_them(client, inspector, head_injury, suite):
    client.force_login(inspector)
    assert client.get(reverse("custody:contingency", args=[head_injury.pk])).status_code == 200
    assert client.get(reverse("custody:suite_contingency",
                              args=[suite.code])).status_code == 200


def test_another_force_and_other_roles_get_404(client, head_injury, suite, outsider, officer,
                                              other_sergeant):
    urls = [reverse("custody:contingency", args=[head_injury.pk]),
            reverse("custody:suite_contingency", args=[suite.code]),
            reverse("custody:suite_contingency", args=["NOPE"]),
            reverse("custody:contingency", args=[head_injury.pk + 1000])]
    for user in (outsider, officer, other_sergeant):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
    assert not AuditEvent.objects.filter(action="custody.contingency.opened").exists()


def test_signed_out_they_ask_for_sign_in(client, head_injury, suite):
    for url in (reverse("custody:contingency", args=[head_injury.pk]),
                reverse("custody:suite_contingency", args=[suite.code]),
                reverse("custody:contingency_css")):
        response = client.get(url)
        assert response.status_code == 302
        assert "sign-in" in response["Location"]


def test_the_record_page_links_to_the_sheet_page(custody_client, head_injury):
    page = custody_client.get(reverse("custody:record", args=[head_injury.pk])).content
    assert reverse("custody:contingency", args=[head_injury.pk]).encode() in page


def test_the_suite_page_reads_a_fixed_number_of_queries(custody_client, custody_sergeant,
                                                       officer, suite,
                                                       django_assert_max_num_queries):
    url = reverse("custody:suite_contingency", args=[suite.code])
    custody_client.get(url)  # the session's first save
    make_detainee(custody_sergeant, officer, suite)
    with CaptureQueriesContext(connection) as one:
        custody_client.get(url)
    for _ in range(14):
        make_detainee(custody_sergeant, officer, suite)
    with django_assert_max_num_queries(len(one)):
        response = custody_client.get(url)
    assert len(response.context["suite"]["detainees"]) == 15
