"""Headers on every response: nothing personal is cached, the browser's features are
denied, and an error page is no easier to frame or script than any other page.

The module is also the URLconf of the tests marked ``urls``: the site's own routes plus
views that fail, or answer as a file, JSON or a cacheable page would.
"""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, JsonResponse
from django.test import Client
from django.urls import include, path, reverse
from django.views.decorators.cache import cache_control

from athena.accounts.roles import Role
from tests.factories import UserFactory
from tests.people.factories import PersonFactory
from tests.reasons import open_for_reason


def _fails(request):
    raise RuntimeError("a bug")


def _refuses(request):
    raise PermissionDenied


def _file(request):
    return FileResponse(io.BytesIO(b"%PDF-1.7 a statement"), filename="statement.pdf")


def _json(request):
    return JsonResponse({"surname": "WHITLOCK"})


@cache_control(max_age=3600, public=True)
def _cacheable(request):
    return HttpResponse("a page that asks to be cached")


urlpatterns = [
    path("__test__/fails/", _fails),
    path("__test__/refuses/", _refuses),
    path("__test__/file/", _file),
    path("__test__/json/", _json),
    path("__test__/cacheable/", _cacheable),
    path("", include("athena.urls")),
]


class FailsBeforeTheSecurityMiddleware:
    """A middleware that fails as SessionMiddleware does when the database is down:
    outside django-csp's and the clickjacking middleware's reach."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise RuntimeError("the session store is down")


def no_store(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return "no-store" in directives


def assert_framing_and_scripts_denied(response):
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def failing_client():
    """A client that gets the 500 page, as a browser would, not the exception."""
    return Client(raise_request_exception=False)


# --- Cache-Control ----------------------------------------------------------------------

def test_a_person_page_is_not_stored(officer_client):
    person = PersonFactory()
    response = open_for_reason(officer_client, reverse("people:person_detail", args=[person.pk]))
    assert response.status_code == 200
    assert no_store(response)
    assert response["Pragma"] == "no-cache"


def test_the_custody_board_and_its_refresh_are_not_stored(client, custody_sergeant, home_force):
    from custody.models import CustodySuite

    CustodySuite.objects.create(force=home_force, code="CHE", name="Chelmsford")
    client.force_login(custody_sergeant)
    assert no_store(client.get(reverse("custody:index")))
    assert no_store(client.get(reverse("custody:index"), headers={"HX-Request": "true"}))


def test_the_api_is_not_stored(officer_client):
    response = officer_client.get("/api/cases/")
    assert response.status_code == 200
    assert no_store(response)


def test_an_intelligence_search_page_is_not_stored(client, home_force):
    analyst = UserFactory(username="analyst_one", force=home_force,
                          roles=[Role.INTELLIGENCE_ANALYST])
    client.force_login(analyst)
    response = client.get("/intelligence/")
    assert response.status_code in (200, 302)
    assert no_store(response)


@pytest.mark.urls("tests.test_security_headers")
@pytest.mark.parametrize("url", ["/__test__/file/", "/__test__/json/"])
def test_a_file_or_json_for_a_signed_in_user_is_not_stored(officer_client, url):
    response = officer_client.get(url)
    assert response.status_code == 200
    assert no_store(response)


@pytest.mark.urls("tests.test_security_headers")
def test_a_view_cannot_make_a_signed_in_users_page_cacheable(officer_client):
    response = officer_client.get("/__test__/cacheable/")
    assert no_store(response)


def test_design_system_assets_may_be_cached_as_usual(client, officer):
    client.force_login(officer)
    response = client.get("/assets/images/favicon.ico")
    response.close()
    assert response.status_code == 200
    assert not no_store(response)


# --- Permissions-Policy -----------------------------------------------------------------

@pytest.mark.parametrize("signed_in", [False, True])
def test_every_page_denies_the_browsers_features(client, officer, signed_in):
    if signed_in:
        client.force_login(officer)
    response = client.get(reverse("home") if signed_in else reverse("accounts:login"))
    policy = {part.strip() for part in response["Permissions-Policy"].split(",")}
    for denied in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert denied in policy
    assert "fullscreen=(self)" in policy


def test_design_system_assets_carry_the_permissions_policy(client, db):
    response = client.get("/assets/images/favicon.ico")
    response.close()
    assert response.status_code == 200
    assert "camera=()" in response["Permissions-Policy"]


# --- Error pages --------------------------------------------------------------------------

@pytest.mark.urls("tests.test_security_headers")
def test_the_500_page_denies_framing_and_scripts_and_is_not_stored(
        failing_client, officer, settings):
    settings.DEBUG = False
    failing_client.force_login(officer)
    response = failing_client.get("/__test__/fails/")
    assert response.status_code == 500
    assert b"Sorry, there is a problem with Athena" in response.content
    assert_framing_and_scripts_denied(response)
    assert no_store(response)
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.urls("tests.test_security_headers")
def test_a_500_from_a_failing_middleware_is_protected_too(failing_client, settings):
    settings.DEBUG = False
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("django.middleware.security.SecurityMiddleware") + 1,
                      "tests.test_security_headers.FailsBeforeTheSecurityMiddleware")
    settings.MIDDLEWARE = middleware
    response = failing_client.get("/__test__/fails/")
    assert response.status_code == 500
    assert b"Sorry, there is a problem with Athena" in response.content
    assert_framing_and_scripts_denied(response)
    assert no_store(response)


def test_the_500_page_stands_alone_without_scripts(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with Athena" in response.content
    assert b"<script" not in response.content
    assert b"govuk-frontend.min.css" in response.content


@pytest.mark.urls("tests.test_security_headers")
def test_the_403_page_denies_framing_and_scripts(officer_client, settings):
    settings.DEBUG = False
    response = officer_client.get("/__test__/refuses/")
    assert response.status_code == 403
    assert_framing_and_scripts_denied(response)


def test_the_404_page_denies_framing_and_scripts(officer_client, settings):
    settings.DEBUG = False
    response = officer_client.get("/no-such-page/")
    assert response.status_code == 404
    assert_framing_and_scripts_denied(response)
