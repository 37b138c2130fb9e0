"""What an uploaded file really is, from its first bytes, and the names it may carry.

A file's name is the uploader's claim; its signature is the fact. A PNG that is also HTML
(a polyglot) named ``x.html`` must never be stored or served as ``.html`` (reliability test
UP-05), so stored names take their extension from the detected type. Only the signatures of
the types we accept are checked: no libmagic, nothing to install.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

# The window the PDF header may sit in (Acrobat accepts it anywhere in the first 1024 bytes).
HEAD_BYTES = 1024


@dataclass(frozen=True)
class FileKind:
    """A type we accept: its canonical extension and media type."""

    extension: str
    mime_type: str


PDF = FileKind("pdf", "application/pdf")
PNG = FileKind("png", "image/png")
JPEG = FileKind("jpg", "image/jpeg")
GIF = FileKind("gif", "image/gif")
WEBP = FileKind("webp", "image/webp")
IMAGE_KINDS = frozenset({PNG, JPEG, GIF, WEBP})
# Office Open XML forms (biểu mẫu): told apart by their [Content_Types].xml, never by the
# name or the zip signature alone (qms.lib.office).
DOCX = FileKind(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
XLSX = FileKind(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)
OFFICE_KINDS = frozenset({DOCX, XLSX})
# What a form file attached to a procedure may be.
FORM_KINDS = frozenset({PDF, DOCX, XLSX})


def kind_of_stored_name(name: str) -> FileKind | None:
    """The accepted type of a stored file, from the extension our upload forms gave it.

    Stored names take their extension from the detected type (``stored_name``), so for a
    file stored by this project the extension is the type, not the uploader's claim.
    """
    extension = PurePath(name).suffix.lstrip(".").lower()
    return next((k for k in FORM_KINDS | IMAGE_KINDS if k.extension == extension), None)


def sniff(head: bytes) -> FileKind | None:
    """Return the accepted type whose signature ``head`` starts with, or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    # Only whitespace or binary junk may precede a PDF header, never markup (an HTML page
    # with "%PDF-" in a comment is not a PDF); the PDF validator applies the same rule.
    position = head.find(b"%PDF-", 0, HEAD_BYTES)
    if position >= 0 and b"<" not in head[:position]:
        return PDF
    return None


def sniff_upload(upload: Any) -> FileKind | None:
    """Sniff an uploaded file (any object with ``read`` and ``seek``), leaving it rewound."""
    upload.seek(0)
    try:
        return sniff(upload.read(HEAD_BYTES))
    finally:
        upload.seek(0)


def safe_stem(name: str, *, fallback: str = "tep") -> str:
    """An ASCII stem for a stored name: no path, quotes, control characters or dots."""
    stem = PurePath(name.replace("\\", "/")).name
    stem = stem.split(".", 1)[0] if "." in stem else stem
    # "Đ" has no decomposition; everything else loses its accents through NFKD.
    ascii_stem = (
        unicodedata.normalize("NFKD", stem.replace("đ", "d").replace("Đ", "D"))
        .encode("ascii", "ignore")
        .decode()
    )
    ascii_stem = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_stem).strip("-_")[:80]
    return ascii_stem or fallback


def stored_name(name: str, kind: FileKind) -> str:
    """The name a file is stored under: a safe stem and the detected type's extension."""
    return f"{safe_stem(name)}.{kind.extension}"


def content_disposition(filename: str, *, inline: bool) -> str:
    """An RFC 6266 Content-Disposition that no file name can break (UP-08).

    The quoted ``filename`` is plain ASCII without quotes, backslashes or control characters;
    the real name travels percent-encoded in ``filename*`` (RFC 5987), which cannot carry
    CR, LF or a quote either.
    """
    name = "".join(ch for ch in filename if unicodedata.category(ch)[0] != "C")
    fallback = (
        unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
        .encode("ascii", "ignore")
        .decode()
    )
    fallback = re.sub(r'["\\;]+', "_", fallback).strip() or "tep"
    value = f'{"inline" if inline else "attachment"}; filename="{fallback}"'
    if fallback != name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value
