"""The one rule for who may open a custody record's pages (custody.records.selectors):
not found outside the force or without a custody role; forbidden to a reader who may
not do what the page does."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from custody.models import RecordStatus
from custody.records.selectors import CHANGE, record_get_for_user, suite_get_for_user
from tests.custody.test_pages import make_detainee


@pytest.fixture
def record(custody_sergeant, officer, suite):
    return make_detainee(custody_sergeant, officer, suite)


def test_a_custody_officer_of_the_force_may_read_and_change(custody_sergeant, record):
    assert record_get_for_user(user=custody_sergeant, pk=record.pk) == record
    assert record_get_for_user(user=custody_sergeant, pk=record.pk,
                               permission=CHANGE) == record


def test_an_inspector_may_read_but_is_forbidden_to_change(inspector, record):
    assert record_get_for_user(user=inspector, pk=record.pk) == record
    with pytest.raises(PermissionDenied):
        record_get_for_user(user=inspector, pk=record.pk, permission=CHANGE)


@pytest.mark.parametrize("permission", ["custody.view_custodyrecord", CHANGE])
def test_no_custody_role_or_another_force_is_not_found(officer, other_sergeant, record,
                                                       permission):
    for user in (officer, other_sergeant):
        with pytest.raises(Http404):
            record_get_for_user(user=user, pk=record.pk, permission=permission)
    with pytest.raises(Http404):
        record_get_for_user(user=officer, pk=record.pk + 1000, permission=permission)


def test_a_suite_is_found_only_by_its_force_s_custody_roles(custody_sergeant, other_sergeant,
                                                           officer, suite):
    assert suite_get_for_user(user=custody_sergeant, code=suite.code) == suite
    for user, code in ((other_sergeant, suite.code), (officer, suite.code),
                       (custody_sergeant, "NOPE")):
        with pytest.raises(Http404):
            suite_get_for_user(user=user, code=code)


def test_an_inspector_is_forbidden_to_authorise_detention(client, inspector, custody_sergeant,
                                                          officer, suite):
    record = make_detainee(custody_sergeant, officer, suite, authorise=False)
    client.force_login(inspector)
    response = client.post(reverse("custody:authorise", args=[record.pk]))
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.status == RecordStatus.AWAITING_AUTHORISATION


@pytest.mark.parametrize("name", ["rights", "risk_assessment", "property", "needs",
                                  "warrant_add", "charge", "close", "check_new", "plan_add"])
def test_every_recording_page_keeps_the_one_rule(client, officer, inspector, other_sergeant,
                                                 record, name):
    url = reverse(f"custody:{name}", args=[record.pk])
    for user, status in ((officer, 404), (other_sergeant, 404), (inspector, 403)):
        client.force_login(user)
        assert client.get(url).status_code == status, (user, name)
