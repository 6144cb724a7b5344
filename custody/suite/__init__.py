"""What the custody suite works from, reading every part of the record: the custody
sergeant's board, a detainee's record page with its timeline and clock, and the printed
packs (the contingency pack for an outage, and the detainee's copy of the record)."""
