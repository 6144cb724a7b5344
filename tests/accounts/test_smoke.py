def test_officer_sees_home_page(officer_client):
    response = officer_client.get("/")
    assert response.status_code == 200
    assert b"My case files" in response.content
