"""Document information dictionary: standard and custom keys (/DocCode, /Release)."""

from __future__ import annotations

import io
from collections.abc import Mapping

from pypdf import PdfWriter


def set_metadata(pdf: bytes, metadata: Mapping[str, str]) -> bytes:
    """Return ``pdf`` with ``metadata`` merged into its info dictionary.

    Keys may be given with or without the leading slash. The change is written as an
    incremental update: the original bytes stay untouched (an existing signature still
    verifies) and nothing is re-serialised, which keeps a 200-page file fast.
    """
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    writer.add_metadata({key if key.startswith("/") else f"/{key}": value for key, value in metadata.items()})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
