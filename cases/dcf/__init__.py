"""The CPS Digital Case File (DCF) 1.2.2: export, import and validation.

Public functions (the rest of the project uses only these):

- ``dcf_export(case) -> dict``: the case file as a DCF document.
- ``dcf_problems(document) -> list[DcfProblem]``: every schema and business-rule fault,
  each mapped to our section and field where there is one.
"""
