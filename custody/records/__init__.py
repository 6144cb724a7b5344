"""The custody record itself, as every part of custody uses it: finding it for a user
(the one permission rule), locking it while open, writing its timeline, and queueing
its printable contingency pack to be rebuilt. The parts of the record (booking,
detention, healthcare, medication, offline) build on this; nothing here reads them."""
