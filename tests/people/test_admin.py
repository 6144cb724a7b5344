import pytest
from django.urls import reverse

from athena.jobs.models import Job
from tests.factories import UserFactory
from tests.people.factories import AliasFactory, LocationFactory, PersonFactory, VehicleFactory


@pytest.fixture
def superuser_client(client, home_force):
    user = UserFactory(username="superuser", force=home_force, is_staff=True,
                       is_superuser=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["person", "location", "vehicle", "telephonenumber",
                                   "organisation"])
def test_admin_lists_load(superuser_client, model):
    assert superuser_client.get(reverse(f"admin:people_{model}_changelist")).status_code == 200


def test_admin_change_pages_load(superuser_client):
    person = PersonFactory()
    AliasFactory(person=person)
    for model, obj in (("person", person), ("location", LocationFactory()),
                       ("vehicle", VehicleFactory())):
        url = reverse(f"admin:people_{model}_change", args=[obj.pk])
        assert superuser_client.get(url).status_code == 200


def test_a_name_changed_in_the_admin_is_searchable_and_queued_for_indexing(superuser_client):
    person = PersonFactory(forenames="John", surname="Smith", date_of_birth=None)
    url = reverse("admin:people_person_change", args=[person.pk])
    data = {
        "surname": "Smyth", "forenames": "John", "date_of_birth": "", "gender": "0",
        "self_defined_ethnicity": "NS", "pnc_id": "", "cro_number": "",
        "created_by_force": person.created_by_force_id, "created_by": "",
        "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0",
        "addresses-TOTAL_FORMS": "0", "addresses-INITIAL_FORMS": "0",
        "vehicle_links-TOTAL_FORMS": "0", "vehicle_links-INITIAL_FORMS": "0",
    }
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    person.refresh_from_db()
    assert person.search_text == "john smyth"
    assert Job.objects.filter(kind="people.person.index", object_id=str(person.pk)).exists()
