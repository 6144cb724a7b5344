"""Custody: one Django app, one set of models and migrations, arranged by concern.

- records/     the custody record itself: the one permission rule for its pages, its
               timeline, locking it, the rule-broken error, shared form fields
- booking/     booking in: opening the record, rights, risk assessment, property, needs
- detention/   the detention clock (clock.py, pure) and what moves it
- healthcare/  HCP directions, checks with the rousing check, the observation level
- medication/  the medication rules (rules.py, pure), plans and doses
- offline/     entries sent again after an outage
- suite/       across every concern: the board, the record page, the printed packs

Each holds the layers it needs: services.py (writes), selectors.py (reads), forms.py,
views.py. Imports go down that list's dependencies and never back: records depends on no
concern, the concerns on records (booking also on healthcare, healthcare and medication
on offline), suite on them all. Other apps use custody only through selectors.py and
services.py at the top; tasks.py holds the job handlers, urls.py every page.
"""
