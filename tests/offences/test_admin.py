import pytest

from athena.offences.models import Offence


def test_admin_lists_offences_searched_by_code(admin_client, sample_catalogue):
    response = admin_client.get("/admin/offences/offence/", {"q": "TH68010"})

    assert response.status_code == 200
    assert b"Theft from a shop" in response.content
    assert b"Robbery" not in response.content


def test_admin_searches_titles(admin_client, sample_catalogue):
    response = admin_client.get("/admin/offences/offence/", {"q": "robbery"})

    assert b"TH68023" in response.content
    assert b"Theft from a shop" not in response.content


def test_admin_filters_by_category(admin_client, sample_catalogue):
    response = admin_client.get("/admin/offences/offence/", {"category__exact": "VP"})

    assert b"AE71501" in response.content
    assert b"TH68010" not in response.content


@pytest.mark.parametrize("query", ["%", "_", "'", "😀", "x" * 20_000, "a " * 10_000, "\x00"])
def test_admin_search_takes_odd_text(admin_client, sample_catalogue, query):
    response = admin_client.get("/admin/offences/offence/", {"q": query})

    assert response.status_code == 200


def test_admin_cannot_add_offences(admin_client, db):
    assert admin_client.get("/admin/offences/offence/add/").status_code == 403


def test_admin_shows_an_offence_read_only(admin_client, sample_catalogue):
    offence = Offence.objects.get(cjs_code="TH68010")

    response = admin_client.get(f"/admin/offences/offence/{offence.pk}/change/")
    admin_client.post(f"/admin/offences/offence/{offence.pk}/change/",
                      {"title": "Changed"})

    assert response.status_code == 200
    assert b'name="title"' not in response.content
    offence.refresh_from_db()
    assert offence.title == "Theft from a shop"


def test_admin_cannot_delete_offences(admin_client, sample_catalogue):
    offence = Offence.objects.get(cjs_code="TH68010")

    response = admin_client.post(f"/admin/offences/offence/{offence.pk}/delete/",
                                 {"post": "yes"})

    assert response.status_code == 403
    assert Offence.objects.filter(pk=offence.pk).exists()
