"""PDF kit: validate uploads, build reports, stamp copies. Pure Python over bytes.

Nothing here touches models or the database, nor knows a feature app; callers pass bytes,
text and dataclasses in and store what comes back. ``report`` is the scaffold every PDF of
the project is drawn on.
"""

from qms.lib.pdf.metadata import set_metadata
from qms.lib.pdf.stamp import merge_pdfs, stamp_controlled, stamp_obsolete
from qms.lib.pdf.text import extract_text, nfc
from qms.lib.pdf.validation import (
    PdfRejected,
    RejectCode,
    ValidatedPdf,
    pdf_file_validator,
    validate_pdf,
)

__all__ = [
    "PdfRejected",
    "RejectCode",
    "ValidatedPdf",
    "extract_text",
    "merge_pdfs",
    "nfc",
    "pdf_file_validator",
    "set_metadata",
    "stamp_controlled",
    "stamp_obsolete",
    "validate_pdf",
]
