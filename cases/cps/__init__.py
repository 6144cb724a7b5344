"""The file's journey to the CPS and back: sending an approved file (its Digital Case
File and PDF bundle), the CPS lawyer's read-only view and decision (the charging decision,
or the initial review of a file the police charged), and the officer working through an
action plan."""
