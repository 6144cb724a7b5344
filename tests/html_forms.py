"""Submit a page's form as a browser would: what the page shows is what gets sent.

A test that builds its own POST data can send a value the page never offered, or leave
out one the page dropped (a box shown unticked is not sent by a browser). Reading the
form from the page closes that gap: a field the page forgets to fill is forgotten in
the POST too, and the test sees the consequence.
"""

from html.parser import HTMLParser

from django.utils.datastructures import MultiValueDict


class _FormReader(HTMLParser):
    def __init__(self, wanted):
        super().__init__(convert_charrefs=True)
        self.wanted = wanted  # the form's id, or its action, or None for the first form
        self.forms = []  # (values, {box name: [every value it offers]}, action)
        self._form = None
        self._boxes = None
        self._action = ""
        self._textarea = None
        self._select = None

    def _matches(self, attrs):
        return self.wanted is None or self.wanted in (attrs.get("id"), attrs.get("action"))

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            self._form = MultiValueDict() if self._matches(attrs) else None
            self._boxes = {}
            self._action = attrs.get("action", "")
        elif self._form is not None and "disabled" not in attrs:
            self._control(tag, attrs)

    def _control(self, tag, attrs):
        name = attrs.get("name")
        if tag == "input" and name:
            self._input(name, attrs)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = [name, None, None]  # name, first option, selected option
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in attrs:
                self._select[2] = value

    def _input(self, name, attrs):
        kind = attrs.get("type", "text").lower()
        if kind in ("checkbox", "radio"):
            self._boxes.setdefault(name, []).append(attrs.get("value", "on"))
            if "checked" in attrs:
                self._form.appendlist(name, attrs.get("value", "on"))
        elif kind not in ("submit", "button", "image", "reset", "file"):
            self._form.appendlist(name, attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # The HTML parser keeps the newline that follows <textarea>; browsers drop it.
            self._form.appendlist(name, text[1:] if text.startswith("\n") else text)
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, first, selected = self._select
            chosen = selected if selected is not None else first
            if chosen is not None:
                self._form.appendlist(name, chosen)
            self._select = None
        elif tag == "form":
            self.forms.append((self._form, self._boxes, self._action))
            self._form = None


def _read(html, form):
    if isinstance(html, bytes):
        html = html.decode()
    reader = _FormReader(form)
    reader.feed(html)
    if not reader.forms:
        raise AssertionError(f"No form {form!r} on the page")
    return reader.forms[0]


def form_values(html, form=None):
    """The values a browser would send for a form of ``html``: the one whose id or action
    is ``form``, else the first. A MultiValueDict, ready to change and post."""
    return _read(html, form)[0]


def post_form(client, url, form=None, *, changes=None, ticks=(), press=None):
    """Open ``url``, take its form as the page shows it, change the ``changes`` fields
    (name: value or list), tick the ``ticks`` boxes (a single box by its name) and press
    the ``press`` button (name, value), as a user would, then post it where the form
    goes. Returns the response to the POST."""
    page = client.get(url)
    assert page.status_code == 200, f"{url} answered {page.status_code}"
    values, boxes, action = _read(page.content, form)
    for name, value in (changes or {}).items():
        value = value if isinstance(value, list) else [value]
        if name in boxes:  # a user can only tick what the page offers
            assert set(value) <= set(boxes[name]), f"{url} offers {name}={boxes[name]}"
        values.setlist(name, value)
    for name in ticks:
        assert name in boxes, f"No box {name!r} to tick on {url}"
        values.setlist(name, boxes[name][:1])
    if press is not None:
        values.setlist(press[0], [press[1]])
    return client.post(action or url, {key: values.getlist(key) for key in values})
