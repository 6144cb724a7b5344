"""The fields a browser would send for a page's form: its inputs with their values, the
checked radios and boxes, the selected options and the textareas' text. Standard library
only, so the load generator spends little of the machine's two cores on it."""

import html
from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # [{"action": str, "method": str, "fields": [(name, value)],
        #                    "radios": {name: first value}}]
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "",
                               "method": (attrs.get("method") or "get").lower(),
                               "fields": [], "radios": {}})
        elif self.forms and tag == "input" and attrs.get("name"):
            self._input(self.forms[-1], attrs)
        elif self.forms and tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], []]
        elif self.forms and tag == "select" and attrs.get("name"):
            self._select = [attrs["name"], None, None]  # name, first option, selected
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in attrs:
                self._select[2] = value

    @staticmethod
    def _input(form, attrs):
        name = attrs["name"]
        kind = (attrs.get("type") or "text").lower()
        if kind in ("submit", "button", "file", "image", "reset"):
            return
        if kind in ("radio", "checkbox"):
            form["radios"].setdefault(name, attrs.get("value", "on"))
            if "checked" in attrs:
                form["fields"].append((name, attrs.get("value", "on")))
            return
        form["fields"].append((name, attrs.get("value") or ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None and self.forms:
            name, parts = self._textarea
            text = "".join(parts)
            self.forms[-1]["fields"].append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None and self.forms:
            name, first, selected = self._select
            self.forms[-1]["fields"].append((name, selected if selected is not None
                                             else first or ""))
            self._select = None


def page_forms(text):
    parser = _Forms()
    parser.feed(text)
    return parser.forms


def form_with(text, field):
    """The first form of the page holding ``field``, as {"action", "method", "data",
    "radios"}; ``data`` is a dict of the values a browser would send (radios and boxes
    left unchecked are in ``radios`` with their first value). None when there is none."""
    for form in page_forms(text):
        names = [name for name, _ in form["fields"]] + list(form["radios"])
        if field in names:
            data = {}
            for name, value in form["fields"]:
                data.setdefault(name, value)
            return {"action": html.unescape(form["action"]), "method": form["method"],
                    "data": data, "radios": form["radios"]}
    return None
