import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from athena.accounts.roles import Role
from tests.factories import UserFactory

# The service worker script holds no data; browsers fetch it without cookies' say-so.
# Nor does the page it shows in an outage for a custody page never kept on the device.
# The one-time link to set a password is opened signed out (its token is the proof).
PUBLIC_URL_NAMES = {"accounts:login", "healthz", "service_worker",
                    "custody:offline_not_saved", "accounts:set_password"}
# The custody outbox's JSON addresses answer a signed-out device 401, never a sign-in
# page: a redirect followed to a 200 could be taken for an answer.
OUTBOX_URL_NAMES = {"custody:offline_session", "custody:offline_entries"}


def all_named_urls(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            if pattern.namespace == "admin":
                continue
            yield from all_named_urls(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
            yield f"{prefix}{pattern.name}"


# The API answers an anonymous caller with 403 JSON rather than a sign-in page (DRF's
# views are exempt from the login middleware and check sign-in themselves); its human
# docs page is a page like any other.
API_URL_NAMES = {name for name in all_named_urls() if name.startswith("api:")} - {"api:docs"}


@pytest.mark.parametrize("url_name",
                         sorted(set(all_named_urls()) - PUBLIC_URL_NAMES - API_URL_NAMES
                                - OUTBOX_URL_NAMES))
def test_every_page_needs_sign_in(client, db, url_name):
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302, url
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url_name", sorted(API_URL_NAMES))
def test_every_api_endpoint_refuses_an_anonymous_caller(client, db, url_name):
    response = client.get(reverse(url_name), HTTP_ACCEPT="application/json")
    assert response.status_code == 403


@pytest.mark.parametrize("url_name", sorted(OUTBOX_URL_NAMES))
def test_the_outbox_tells_a_signed_out_device_to_sign_in(client, db, url_name):
    response = client.post(reverse(url_name), "{}", content_type="application/json",
                           HTTP_ACCEPT="application/json")
    if url_name == "custody:offline_session":
        response = client.get(reverse(url_name), HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json()["sign_in"].startswith(reverse("accounts:login"))


def test_the_outage_page_holds_no_personal_data(client, db):
    response = client.get(reverse("custody:offline_not_saved"))
    assert response.status_code == 200
    assert b"This page is not saved on this device" in response.content


def test_sign_in_and_health_are_open(client, db):
    assert client.get(reverse("accounts:login")).status_code == 200
    assert client.get(reverse("healthz")).status_code in (200, 503)


def test_admin_needs_sign_in(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302


def test_audit_viewer_is_for_administrators_only(officer_client):
    assert officer_client.get(reverse("audit:events")).status_code == 403


@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_its_own_home_page(client, home_force, role):
    user = UserFactory(username=f"user_{role.value}", force=home_force, roles=[role])
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert role.label.encode() in response.content
    assert user.force.name.encode() in response.content


def test_home_page_offers_person_search_to_roles_that_may_search(client, officer, home_force):
    client.force_login(officer)
    response = client.get(reverse("home"))
    assert b'action="/people/"' in response.content
    assert b"Create a person" in response.content


def test_home_page_offers_no_person_search_to_cps_lawyers(client, home_force):
    lawyer = UserFactory(username="cps_lawyer", force=home_force, roles=[Role.CPS_LAWYER])
    client.force_login(lawyer)
    response = client.get(reverse("home"))
    assert b'action="/people/"' not in response.content


def test_the_service_worker_is_served_from_the_root(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert b"networkFirst" in response.content
