"""Document information dictionary: standard and custom keys (/DocCode, /Release)."""

from __future__ import annotations

import io
from collections.abc import Mapping

from pypdf import PdfWriter


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
