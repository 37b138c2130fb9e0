"""Document information dictionary: standard and custom keys (/DocCode, /Release)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from pypdf import PdfWriter
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFString


def set_metadata(pdf: bytes, metadata: Mapping[str, str]) -> bytes:
    """Return ``pdf`` with ``metadata`` merged into its info dictionary.

    Keys may be given with or without the leading slash. The file is rewritten rather
    than updated incrementally: pypdf's incremental xref stream omits itself, which
    ``qpdf --check`` reports as a damaged file.
    """
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.add_metadata(
        {
            key if key.startswith("/") else f"/{key}": value
            for key, value in metadata.items()
        }
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class InfoWithCustomKeys(PDFInfo):
    """reportlab's info dictionary plus custom keys (/DocCode, /Release), which it has no API for.

    Writing them while rendering avoids re-parsing and re-writing the finished file with
    pypdf (0.17 s on 200 pages), and pypdf's incremental writer emits an xref that qpdf flags.
    """

    def __init__(self, custom: Mapping[str, str]) -> None:
        super().__init__()
        self.custom = dict(custom)

    def format(self, document: Any) -> bytes:
        standard: bytes = super().format(document)
        if not self.custom:
            return standard
        extra: bytes = PDFDictionary(
            {k: PDFString(v) for k, v in self.custom.items()}
        ).format(document)
        # Splice the two dictionaries: "<< standard" + " extra >>".
        return (
            standard[: standard.rindex(b">>")] + b"\n" + extra[extra.index(b"<<") + 2 :]
        )
