"""The administrator's way in to who looked at a subject: the home page lists the people
recently looked at through intelligence."""

from django.urls import reverse

from intelligence import services
from tests.people.factories import PersonFactory


def test_the_home_page_lists_subjects_looked_at_newest_first_once_each(
        client, administrator, officer):
    first, second = PersonFactory(), PersonFactory()
    for person in (first, second, first):
        services.subject_viewed(acting_user=officer, person=person, reason="Op Lantern")
    client.force_login(administrator)

    page = client.get(reverse("home")).content.decode()

    first_link = reverse("intelligence:subject_access_log", args=[first.pk])
    second_link = reverse("intelligence:subject_access_log", args=[second.pk])
    assert page.count(first_link) == 1
    assert page.index(first_link) < page.index(second_link)
    assert "Open the audit trail" in page


def test_an_officer_does_not_see_the_administrators_list(client, officer):
    services.subject_viewed(acting_user=officer, person=PersonFactory(), reason="Op Lantern")
    client.force_login(officer)

    page = client.get(reverse("home")).content.decode()

    assert "Intelligence subjects looked at" not in page
