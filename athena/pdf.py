"""PDFs rendered from HTML templates, for every app (case-file bundles, custody
contingency sheets and the detainee's copy), and the content hash that tells whether a
stored PDF (or an approved section) still matches what it was made from.

WeasyPrint is imported when a PDF is made, not when this module is: it loads Pango, and
a machine without it should still serve every page; only the PDF work needs it. It
fetches nothing but data: URLs, so nothing typed into a form can make the renderer read
a file or call out.
"""

import hashlib
import json


def pdf_document(html):
    """The laid-out WeasyPrint document of ``html``: its pages (and their anchors) are
    there to read before ``write_pdf()``."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"])).render()


def render_pdf(html):
    """``html`` as PDF bytes."""
    return pdf_document(html).write_pdf()


def merge_pdfs(documents):
    """One PDF of ``documents`` (PDF bytes each), one after another."""
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for document in documents:
        writer.append(PdfReader(BytesIO(document)))
    merged = BytesIO()
    writer.write(merged)
    return merged.getvalue()


def content_hash(value):
    """The sha256 of a JSON-ready value, the same for equal values whatever the order of
    their keys. Stored hashes depend on this exact encoding: change it and every stored
    one reads as changed."""
    encoded = json.dumps(value, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()
