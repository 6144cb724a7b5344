"""The read-only REST API of case files and their CPS Digital Case File export.

The same sign-in (the session) and the same permission rules as the pages; files are
created and changed only in the pages. The routes are in ``urls.py``, the OpenAPI schema
and its documentation page in ``athena/api_urls.py``.
"""
