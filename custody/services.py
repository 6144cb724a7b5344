"""Custody's public actions: the module other apps (and the benchmarks) act on custody
through. Each is defined where its concern lives; see custody/<concern>/services.py."""

from custody.authorisations.services import custody_authorise_detention
from custody.booking.services import custody_book_in

__all__ = ["custody_authorise_detention", "custody_book_in"]
