"""PDF toolkit: validate uploads, render releases, stamp copies. Pure Python over bytes.

Nothing here touches models or the database; callers pass bytes and dataclasses in and
store what comes back.
"""

from documents.pdf.metadata import set_metadata
from documents.pdf.render import (
    Amendment,
    Approval,
    RecordRow,
    ReleaseDocument,
    Section,
    StepRow,
    render_release_pdf,
)
from documents.pdf.stamp import merge_pdfs, stamp_controlled, stamp_obsolete
from documents.pdf.text import extract_text
from documents.pdf.validation import (
    PdfRejected,
    RejectCode,
    ValidatedPdf,
    pdf_file_validator,
    validate_pdf,
)

__all__ = [
    "Amendment",
    "Approval",
    "PdfRejected",
    "RecordRow",
    "RejectCode",
    "ReleaseDocument",
    "Section",
    "StepRow",
    "ValidatedPdf",
    "extract_text",
    "merge_pdfs",
    "pdf_file_validator",
    "render_release_pdf",
    "set_metadata",
    "stamp_controlled",
    "stamp_obsolete",
    "validate_pdf",
]
