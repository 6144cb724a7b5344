"""A case file started for a person in custody takes the arrest, the offences and the
charging deadline from the custody record: nothing typed twice."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cases.models import CaseFile
from custody.models import CustodySuite
from custody.services import custody_authorise_detention, custody_book_in
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory


def test_a_file_for_a_person_in_custody_is_filled_in_from_the_record(
    officer_client, officer, custody_sergeant, home_force
):
    suite = CustodySuite.objects.create(force=home_force, code="CHE", name="Chelmsford")
    theft = OffenceFactory(cjs_code="TH68010", title="Theft from a shop")
    damage = OffenceFactory(cjs_code="CD71001", title="Destroy or damage property")
    person = PersonFactory(surname="Osei")
    arrived = timezone.now() - timedelta(hours=3)
    record = custody_book_in(acting_user=custody_sergeant, suite=suite, person=person,
                             arrested_at=arrived - timedelta(minutes=30), arrived_at=arrived,
                             arrest_place="Market Road", arresting_officer=officer,
                             grounds="Seen in the shop", offences=[theft, damage])
    custody_authorise_detention(acting_user=custody_sergeant, record=record,
                                grounds="questioning", necessity=["investigation"],
                                at=arrived + timedelta(minutes=5))

    url = reverse("cases:new") + f"?person={person.pk}"
    page = officer_client.get(url)
    assert record.custody_number.encode() in page.content
    chosen = [option.cjs_code for option in page.context["offence_picker"].options
              if option.checked]
    assert chosen == ["CD71001"]  # the first of the record's offences, in catalogue order

    response = officer_client.post(url, {"person": person.pk, "offence_code": "TH68010",
                                         "anticipated_plea": "guilty", "case_begins": "charge",
                                         "bail_status": "unconditional_bail"})
    case = CaseFile.objects.get()
    assert response.status_code == 302
    assert case.custody_record_id == record.pk
    assert case.arrested_at == record.arrested_at
    codes = sorted(c.offence.cjs_code for c in case.suspects.get().offences.all())
    assert codes == ["CD71001", "TH68010"]

    detail = officer_client.get(reverse("cases:detail", args=[case.pk]))
    charging = [d for d in detail.context["deadlines"] if d.kind == "charging"][0]
    assert charging.due == arrived + timedelta(hours=24)
    assert record.custody_number in charging.basis

    # The defendant's page has the arrest from the record, for the CPS: not typed again.
    suspect = case.suspects.get()
    page = officer_client.get(reverse("cases:defendant", args=[case.pk, suspect.pk]))
    arrested = timezone.localtime(record.arrested_at)
    assert f'value="{arrested:%Y-%m-%d}"' in page.content.decode() or \
        f'value="{arrested:%d/%m/%Y}"' in page.content.decode()
    assert f'value="{arrested:%H:%M}"' in page.content.decode()
