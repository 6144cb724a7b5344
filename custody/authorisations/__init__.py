"""Authorisations a custody record holds besides the detention clock's own grants: who
authorised what, under which provision, on what grounds, until when (PACE 1984 and
Code C). The rules are in rules.py (pure); services.py records them on the timeline."""
