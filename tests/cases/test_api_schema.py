"""The API's OpenAPI schema and its documentation page, served by the app under its own
Content Security Policy."""

import json
import re
from html.parser import HTMLParser

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command

API_PATHS = {"/api/cases/", "/api/cases/{id}/", "/api/cases/{id}/dcf/"}


def test_the_schema_is_openapi_3_listing_the_api(officer_client):
    response = officer_client.get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert API_PATHS <= set(schema["paths"])
    assert set(schema["paths"]["/api/cases/"]) == {"get"}  # read-only


def test_the_schema_is_served_as_yaml_too(officer_client):
    response = officer_client.get("/api/schema/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert API_PATHS <= set(yaml.safe_load(response.content)["paths"])


def test_the_schema_validates_without_a_single_warning(db, tmp_path):
    schema_file = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema_file))

    assert API_PATHS <= set(yaml.safe_load(schema_file.read_text())["paths"])


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = []  # (attributes, inline text)
        self.styles = 0
        self.style_attributes = 0
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.style_attributes += 1
        if tag == "script":
            self._in_script = (attrs, [])
        if tag == "style":
            self.styles += 1

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            attrs, text = self._in_script
            self.scripts.append((attrs, "".join(text).strip()))
            self._in_script = None


def test_the_docs_page_needs_no_inline_script_or_style(officer_client):
    response = officer_client.get("/api/docs/")

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "script-src 'self'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy)
    tags = _Tags()
    tags.feed(response.content.decode())
    assert len(tags.scripts) == 3
    for attrs, text in tags.scripts:
        if text:  # an inline script would need the page's nonce
            assert nonce and attrs.get("nonce") == nonce.group(1), text[:80]
        else:  # from our own origin: the sidecar's files or the start-up script
            assert attrs["src"].startswith("/"), attrs
    assert tags.styles == 0
    assert tags.style_attributes == 0


def test_the_docs_page_loads_swagger_ui_from_the_app_not_a_cdn(officer_client):
    content = officer_client.get("/api/docs/").content.decode()

    for asset in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"):
        url = f"/static/drf_spectacular_sidecar/swagger-ui-dist/{asset}"
        assert url in content
        assert finders.find(url.removeprefix("/static/")), asset
    assert "//cdn" not in content
    assert "https://" not in content


def test_the_docs_start_up_script_is_a_file_pointing_at_the_schema(officer_client):
    response = officer_client.get("/api/docs/?script=")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert '"/api/schema/"' in response.content.decode()


@pytest.mark.parametrize("url", ["/api/docs/", "/api/docs/?script="])
def test_the_docs_ask_an_anonymous_visitor_to_sign_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/")
