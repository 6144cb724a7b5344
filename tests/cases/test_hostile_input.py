"""Hostile input to the case-file forms: a message beside the field, the typing kept,
never a server error."""

import pytest
from django.urls import reverse

from cases.models import CaseFile, SectionItem

HOSTILE = {
    "empty": "",
    "huge": "x" * 20000,
    "script": "<script>alert(1)</script>",
    "unicode": "Zoë Ó'Brien",
    "pound": "£50 of meat",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_witness_statement_form(officer_client, shoplift_case, name):
    value = HOSTILE[name]
    url = reverse("cases:item_add", args=[shoplift_case.pk, "witness_statements"])
    response = officer_client.post(url, {"witness_name": value, "statement": value,
                                         "statement_date": "30/02/2026", "version": "0"})
    assert response.status_code == 200
    assert b"must be a real date" in response.content
    assert b'value="30/02/2026"' in response.content
    assert b"<script>alert(1)</script>" not in response.content
    if name == "huge":
        assert b"200 characters or fewer" in response.content
    if name == "unicode":
        assert "Zoë Ó&#x27;Brien".encode() in response.content
    assert not SectionItem.objects.exists()


def test_a_valid_statement_keeps_unicode_and_pound_signs_exactly(officer_client, shoplift_case):
    url = reverse("cases:item_add", args=[shoplift_case.pk, "witness_statements"])
    officer_client.post(url, {"witness_name": "Zoë Ó'Brien", "statement": "£50 of meat",
                              "statement_date": "03/11/2026", "declaration": "yes",
                              "version": "0"})
    item = SectionItem.objects.get()
    assert item.data["witness_name"] == "Zoë Ó'Brien"
    assert item.data["statement"] == "£50 of meat"
    assert item.data["statement_date"] == "2026-11-03"


@pytest.mark.parametrize("data", [
    {"bail_status": "", "version": "1"},
    {"bail_status": "<script>", "version": "1"},
    {"bail_status": "remand", "version": "-1"},
    {"bail_status": "remand", "version": "99999999999999999999999"},
    {"bail_status": "remand", "markers": ["not_a_marker"], "version": "1"},
])
def test_bail_and_markers_form(officer_client, shoplift_case, data):
    response = officer_client.post(reverse("cases:details", args=[shoplift_case.pk]), data)
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    shoplift_case.refresh_from_db()
    assert shoplift_case.bail_status == "unconditional_bail"


def test_changing_bail_to_remand_adds_the_remand_application(officer_client, shoplift_case):
    response = officer_client.post(reverse("cases:details", args=[shoplift_case.pk]),
                                   {"case_begins": "charge", "bail_status": "remand",
                                    "version": "1"})
    assert response.status_code == 302
    page = officer_client.get(reverse("cases:detail", args=[shoplift_case.pk]))
    assert "remand_application" in [task.kind for task in page.context["tasks"]]


def test_a_stale_details_form_is_refused(officer_client, shoplift_case):
    url = reverse("cases:details", args=[shoplift_case.pk])
    officer_client.post(url, {"case_begins": "charge", "bail_status": "conditional_bail",
                              "version": "1"})
    response = officer_client.post(url, {"case_begins": "charge", "bail_status": "remand",
                                         "version": "1"})
    assert b"Someone else changed this file" in response.content
    assert CaseFile.objects.get().bail_status == "conditional_bail"


@pytest.mark.parametrize("path", [
    "/cases/999999/", "/cases/abc/", "/cases/1/sections/not_a_section/",
    "/cases/1/sections/exhibits/items/999999/", "/cases/1/submissions/999999/",
])
def test_made_up_addresses_are_404_not_500(officer_client, shoplift_case, path):
    assert officer_client.get(path).status_code == 404
