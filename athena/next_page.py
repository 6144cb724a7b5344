"""Where a page's ``next`` value may send the user: back to a page of this site, and
nowhere else.

Every view that takes a ``next`` asks here. A value that is not a path of this site (a
full address of another site, ``//host``, a person's name with an apostrophe and an
emoji, a line break) is not followed: the user goes to the view's default page. The
redirect is built from the path itself, never through ``redirect()``, which would try
to read a bare word as the name of a view and fail with a 500.
"""

from urllib.parse import urlsplit

from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme

# Longer than any address of ours with its query; a longer one is not carried back.
MAX_NEXT_LENGTH = 2000


def local_path(request, candidate):
    """``candidate`` when it is a path to a page of this site (``/people/?q=Ali``), else
    None."""
    candidate = str(candidate or "")
    if (not candidate.startswith("/") or candidate.startswith(("//", "/\\"))
            or len(candidate) > MAX_NEXT_LENGTH
            or not all(ch.isprintable() for ch in candidate)):
        return None
    if not url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        return None
    try:
        resolve(urlsplit(candidate).path)
    except Resolver404:
        return None
    return candidate


def next_path(request, default):
    """The request's ``next`` (posted, else in the query) when it is a page of this site,
    else the address of the view named ``default``."""
    posted = request.POST.get("next") if request.method == "POST" else None
    return (local_path(request, posted or request.GET.get("next"))
            or reverse(default))


def redirect_to_next(request, default):
    return HttpResponseRedirect(next_path(request, default))
