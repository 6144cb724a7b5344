"""The stated reason for looking (DPA 2018 s.62, athena/audit/enquiry.py), given the way a
user gives it: through the reason page and the "same enquiry?" page, never the session."""

from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

REASON = "42/12345/25 burglary at Mill Lane: checking what is known of a suspect"
CONFIRM_HEADING = "Is this part of the same enquiry?"


def reason_url_for(thing):
    """The reason page of the app a thing belongs to."""
    if thing.startswith("intelligence."):
        return reverse("intelligence:access_reason")
    return reverse("people:enquiry_reason")


def enquire(client, *things, reason=REASON, next_url="/"):
    """State ``reason`` for the first thing, then confirm it, one click each, for the
    others: a new enquiry covering ``things``."""
    first, *others = things
    response = client.post(reason_url_for(first),
                           {"reason": reason, "for": first, "next": next_url})
    assert response.status_code == 302, response.content.decode()[:2000]
    for thing in others:
        confirm(client, thing, next_url=next_url)


def confirm(client, thing, *, next_url="/"):
    """"Yes, continue with this reason" for ``thing``."""
    response = client.post(reason_url_for(thing),
                           {"action": "confirm", "for": thing, "next": next_url})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def is_asked(response):
    """Whether the page sent the user to give or confirm a reason."""
    if response.status_code != 302:
        return False
    path = urlsplit(response["Location"]).path
    return path in (reverse("people:enquiry_reason"), reverse("intelligence:access_reason"))


def open_for_reason(client, url, data=None, *, reason=REASON):
    """GET ``url``; when asked why, confirm the current reason or state ``reason``
    through the pages, as a user would, and return the page asked for."""
    response = client.get(url, data)
    if not is_asked(response):
        return response
    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    fields = {"next": query["next"][0]}
    if "for" in query:
        fields["for"] = query["for"][0]
    page = client.get(response["Location"])
    assert page.status_code == 200
    if CONFIRM_HEADING in page.content.decode():
        posted = client.post(location.path, {**fields, "action": "confirm"})
    else:
        posted = client.post(location.path, {**fields, "reason": reason})
    assert posted.status_code == 302, posted.content.decode()[:2000]
    return client.get(posted["Location"])
