"""The header's sections: which one the page is in."""

from django import template

register = template.Library()


@register.filter
def within(path, section_url):
    """Whether the page at ``path`` is in the section whose page is ``section_url``:
    /cases/12/ is in Cases; /account/ is not in Users (/account/users/)."""
    return section_url != "/" and str(path).startswith(str(section_url))
