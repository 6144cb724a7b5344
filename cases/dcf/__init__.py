"""The CPS Digital Case File (DCF) 1.2.2: export, import and validation, the DCF's
business rules (``rules.py``), and its pages (``views.py``, ``forms.py``, ``urls.py``).

Public functions (the rest of the project uses only these):

- ``export.dcf_export(case) -> dict``: the case file as a DCF document, with what an
  imported file carried (``CaseFile.dcf_carried``) put back where it came from.
- ``validate.dcf_problems(document) -> list[DcfProblem]``: every schema and business-rule
  fault, in words, each mapped to our section and field (or page) where there is one.
- ``validate.dcf_parse(source) -> (document | None, list[DcfProblem])``: a file's bytes
  read safely (size, encoding, JSON, depth, DCF version).
- ``importer.dcf_import(*, acting_user, document, source_key="") -> CaseFile``: a new
  case file from a valid document, in one transaction; raises ``DcfImportRefused``.
- ``importer.dcf_import_file(*, acting_user, source, source_key="", progress=None)
  -> (CaseFile | None, list[DcfProblem])``: parse, check and import a file.
- ``uploads.upload_receive(*, acting_user, upload) -> token``: keep an uploaded file and
  queue its import (job kind ``cases.dcf.import``: ``tasks.py`` calls
  ``uploads.upload_import``).
- ``problems.problem_groups(problems, case=None)``: problems grouped by where on our pages
  the officer puts each right, as every page that lists them shows them.
"""
