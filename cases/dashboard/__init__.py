"""The file-quality dashboard of a force, for its file supervisors: files submitted,
returned and approved each week, why sections are returned, the time from arrest to
submission and to decision, and the files near their deadline."""
