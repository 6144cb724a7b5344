"""The detention clock and what moves it: authorising detention, reviews (and their
postponement), a superintendent's extension, warrants of further detention, charge, and
leaving custody. The clock (clock.py) is pure; the rest apply it to the record."""
