"""Authorisations through the record's pages: open to the ranks the law allows (403 to
others), refused beside the field with the law's reason, and once recorded on the
timeline and shown on the record while in force."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from custody.detention import services as detention
from custody.models import Authorisation, AuthorisationKind, CloseReason, EntryKind
from custody.records.rules import LONDON
from tests.custody.test_pages import make_detainee
from tests.factories import UserFactory


def _typed(name, moment):
    local = moment.astimezone(LONDON)
    return {f"{name}_0": local.strftime("%d/%m/%Y"), f"{name}_1": local.strftime("%H:%M")}


def _url(record, kind):
    return reverse("custody:authorisation_new", args=[record.pk, kind])


def test_an_inspector_delays_telling_someone_and_the_record_shows_it(
        client, inspector, custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite)
    client.force_login(inspector)
    page = client.get(reverse("custody:record", args=[record.pk])).content.decode()
    assert _url(record, AuthorisationKind.DELAY_INFORMING) in page
    until = timezone.now() + timedelta(hours=4)
    response = client.post(_url(record, AuthorisationKind.DELAY_INFORMING), {
        **_typed("at", timezone.now()), **_typed("until", until),
        "reasons": ["alert_suspects"], "grounds": "Two others still to be arrested"})
    assert response.status_code == 302
    delay = Authorisation.objects.get(kind=AuthorisationKind.DELAY_INFORMING)
    assert (delay.by_role, delay.reasons) == (Role.INSPECTOR, ["alert_suspects"])
    entry = record.entries.filter(kind=EntryKind.AUTHORITY).latest("pk")
    assert "Delay in telling someone of the arrest" in entry.summary and "PACE s.56" in (
        entry.summary)
    page = client.get(reverse("custody:record", args=[record.pk])).content.decode()
    assert "Two others still to be arrested" in page


def test_the_custody_officer_may_not_delay_legal_advice(custody_client, custody_sergeant,
                                                        officer, suite):
    record = make_detainee(custody_sergeant, officer, suite)
    url = _url(record, AuthorisationKind.DELAY_LEGAL_ADVICE)
    assert custody_client.get(url).status_code == 403
    page = custody_client.get(reverse("custody:record", args=[record.pk])).content.decode()
    assert url not in page


def test_a_delay_beyond_36_hours_is_refused_beside_its_end(client, superintendent,
                                                           custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite)
    client.force_login(superintendent)
    response = client.post(_url(record, AuthorisationKind.DELAY_LEGAL_ADVICE), {
        **_typed("at", timezone.now()), **_typed("until", timezone.now() + timedelta(hours=40)),
        "reasons": ["evidence_or_harm"], "grounds": "Solicitor linked to the co-accused"})
    assert response.status_code == 200
    assert response.context["form"].errors["until"] == [
        "A delay may not run beyond 36 hours from the relevant time (PACE ss.56(3), 58(5))"]
    assert response.context["form"]["grounds"].value() == "Solicitor linked to the co-accused"
    assert not Authorisation.objects.filter(kind=AuthorisationKind.DELAY_LEGAL_ADVICE).exists()


def test_a_missing_ground_is_asked_beside_its_field(client, inspector, custody_sergeant,
                                                    officer, suite):
    record = make_detainee(custody_sergeant, officer, suite)
    client.force_login(inspector)
    response = client.post(_url(record, AuthorisationKind.DELAY_INFORMING), {
        **_typed("at", timezone.now()), **_typed("until", timezone.now() + timedelta(hours=2))})
    errors = response.context["form"].errors
    assert errors["reasons"] == ["Select the grounds for the delay"]
    assert errors["grounds"]


def test_bail_granted_on_leaving_and_extended_by_an_inspector_after(
        client, custody_client, custody_sergeant, officer, suite, inspector):
    record = make_detainee(custody_sergeant, officer, suite)
    response = custody_client.post(_url(record, AuthorisationKind.PRE_CHARGE_BAIL), {
        **_typed("at", timezone.now()), "grounds": "Awaiting the phone download"})
    assert response.status_code == 302
    detention.close_record(acting_user=custody_sergeant, record=record,
                           at=timezone.now(), reason=CloseReason.BAILED)
    bail = Authorisation.objects.get(kind=AuthorisationKind.PRE_CHARGE_BAIL)
    arrested_day = timezone.localtime(record.arrested_at, LONDON).date()
    assert timezone.localtime(bail.until, LONDON).date() > arrested_day + timedelta(days=88)

    client.force_login(inspector)
    response = client.post(_url(record, AuthorisationKind.BAIL_EXTENSION), {
        **_typed("at", timezone.now()), "extension": "6_months",
        "grounds": "Conditions A to D: the download is due in 8 weeks"})
    assert response.status_code == 302
    extension = Authorisation.objects.get(kind=AuthorisationKind.BAIL_EXTENSION)
    assert extension.reasons == ["6_months"] and extension.until > bail.until


def test_an_unknown_kind_is_not_found(custody_client, custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite)
    assert custody_client.get(_url(record, "detention")).status_code == 404
    assert custody_client.get(_url(record, "nope")).status_code == 404


def test_another_force_cannot_open_an_authorisation_page(client, other_force,
                                                         custody_sergeant, officer, suite):
    record = make_detainee(custody_sergeant, officer, suite)
    client.force_login(UserFactory(username="insp_kent", force=other_force,
                                   roles=[Role.INSPECTOR]))
    assert client.get(_url(record, AuthorisationKind.DELAY_INFORMING)).status_code == 404
