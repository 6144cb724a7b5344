"""Who and what a case file is about: the suspects (from the people index), the offences
each is to be charged with, and the victims and witnesses.

A change to any of them changes the file's facts, so it takes the officer's lock on the
file and puts every approved section back for review (``cases.services``)."""
