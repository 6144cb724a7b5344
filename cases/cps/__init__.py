"""The file's journey to the CPS and back: sending an approved file (its Digital Case
File and PDF bundle), the CPS lawyer's read-only view and charging decision, and the
officer working through a further-evidence action plan."""
