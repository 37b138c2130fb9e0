"""Find active content (JavaScript, actions, embedded files) anywhere in a PDF.

pypdf has no API for this (pypdf issue #3933), so we look at every object the file
holds: what the xref lists, every object packed in an object stream (listed or not),
and every ``N G obj`` found by scanning the raw bytes, so a parser that repairs the
file differently from pypdf cannot surface an object we never saw. Reliability test
UP-04 requires zero false negatives.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from pypdf import PdfReader
from pypdf.errors import LimitReachedError
from pypdf.filters import decode_stream_data
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    PdfObject,
    StreamObject,
    read_object,
)

# Keys whose mere presence means the file can act on its own or carries a payload.
ACTIVE_KEYS = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/AA",  # additional actions: run on page open/close, field focus, ...
        "/Launch",
        "/EmbeddedFiles",
        "/EF",  # a file specification with an embedded file stream
        "/RichMediaContent",
        "/RichMediaSettings",
        "/XFA",
    }
)
# Action types (/S) that run code, start programs, fetch or send data, or open other
# files (a UNC path in /GoToR leaks Windows credentials).
ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/ImportData",
        "/SubmitForm",
        "/Rendition",
        "/GoToE",
        "/GoToR",
        "/RichMediaExecute",
    }
)
ACTIVE_SUBTYPES = frozenset(
    {"/RichMedia", "/FileAttachment", "/Movie", "/Sound", "/Screen", "/3D"}
)
ACTIVE_URI_SCHEMES = ("javascript:", "vbscript:", "file:", "data:")
# Filters that only re-pack bytes; image codecs (DCT, JPX, JBIG2, CCITT) are left to
# the viewer and are not worth decoding here.
_PLAIN_FILTERS = frozenset(
    {
        "/FlateDecode",
        "/Fl",
        "/LZWDecode",
        "/LZW",
        "/RunLengthDecode",
        "/RL",
        "/ASCIIHexDecode",
        "/AHx",
        "/ASCII85Decode",
        "/A85",
    }
)
_WHITESPACE = b" \t\r\n\f\x00"
_OBJ_HEADER = re.compile(
    rb"(?<![0-9])(\d{1,10})[ \t\r\n\f\x00]+(\d{1,5})[ \t\r\n\f\x00]+obj\b"
)
# Browsers drop these anywhere in a URL, so "java\tscript:" is still JavaScript.
_URI_IGNORED = re.compile(r"[\x00-\x20]")
MAX_OBJSTM_OBJECTS = 100_000
_FATAL = (LimitReachedError, MemoryError, RecursionError)


def find_active_content(reader: PdfReader, data: bytes) -> str | None:
    """Return what makes the file active (e.g. ``"/JS"``), or None if nothing does.

    Also decodes every Flate/LZW stream once, so a compression bomb anywhere in the file
    raises ``LimitReachedError`` here rather than later in a viewer or the stamper.
    """
    if (reason := _find_in(reader.trailer)) is not None:
        return reason
    for obj in _all_objects(reader, data):
        if (reason := _find_in(obj)) is not None:
            return reason
    return None


def _all_objects(reader: PdfReader, data: bytes) -> Iterator[PdfObject]:
    # An object stream met in both passes is parsed twice: cheap, and no bookkeeping
    # that a crafted file could trick into skipping one.
    for obj in _xref_objects(reader):
        yield obj
        yield from _object_stream_members(reader, obj)
    for obj in _scanned_objects(reader, data):
        yield obj
        yield from _object_stream_members(reader, obj)


def _xref_objects(reader: PdfReader) -> Iterator[PdfObject]:
    """Everything pypdf itself resolves: classic xref entries and object-stream entries."""
    refs = [(num, gen) for gen, entries in reader.xref.items() for num in entries]
    refs += [(num, 0) for num in reader.xref_objStm]
    for num, gen in refs:
        obj = _resolve(reader, IndirectObject(num, gen, reader))
        if obj is not None:
            yield obj


def _scanned_objects(reader: PdfReader, data: bytes) -> Iterator[PdfObject]:
    """Every ``N G obj`` in the raw bytes, including ones the xref does not list."""
    stream = io.BytesIO(data)
    for match in _OBJ_HEADER.finditer(data):
        # Digits followed by "obj" also occur inside binary stream data: skip what fails.
        if (obj := _read_at(stream, match.end(), reader)) is not None:
            yield obj


def _object_stream_members(reader: PdfReader, obj: PdfObject) -> Iterator[PdfObject]:
    """Parse an /ObjStm ourselves so members missing from the xref are checked too."""
    if not isinstance(obj, StreamObject) or obj.get("/Type") != "/ObjStm":
        return
    try:
        first, count = obj["/First"], obj["/N"]
        if not isinstance(first, int) or not isinstance(count, int):
            return
        payload = obj.get_data()
        offsets = [
            int(n)
            for n in payload[:first].split()[1 : 2 * min(count, MAX_OBJSTM_OBJECTS) : 2]
        ]
    except _FATAL:
        raise
    except Exception:  # noqa: BLE001  # a broken object stream hides nothing readable
        return
    stream = io.BytesIO(payload)
    for offset in offsets:
        if (member := _read_at(stream, first + offset, reader)) is not None:
            yield member


def _read_at(stream: io.BytesIO, position: int, reader: PdfReader) -> PdfObject | None:
    try:
        stream.seek(position)
        _skip_whitespace(stream)
        return read_object(stream, reader)
    except _FATAL:
        raise
    except Exception:  # noqa: BLE001
        return None


def _skip_whitespace(stream: io.BytesIO) -> None:
    while (char := stream.read(1)) and char in _WHITESPACE:
        pass
    if char:
        stream.seek(-1, io.SEEK_CUR)


def _resolve(reader: PdfReader, ref: IndirectObject) -> PdfObject | None:
    try:
        return reader.get_object(ref)
    except _FATAL:
        raise
    except Exception:  # noqa: BLE001  # an unreadable object cannot run either
        return None


def _deref(value: PdfObject | None) -> PdfObject | None:
    if not isinstance(value, IndirectObject):
        return value
    try:
        return value.get_object()
    except _FATAL:
        raise
    except Exception:  # noqa: BLE001
        return None


def _find_in(root: PdfObject) -> str | None:
    """Walk the direct objects inside ``root``; indirect ones are visited on their own."""
    pending: list[PdfObject] = [root]
    while pending:
        obj = pending.pop()
        if isinstance(obj, DictionaryObject):
            if (reason := _check_dict(obj)) is not None:
                return reason
            pending.extend(dict.values(obj))
        elif isinstance(obj, ArrayObject):
            pending.extend(list.__iter__(obj))
    return None


def _check_dict(obj: DictionaryObject) -> str | None:
    for key, value in dict.items(obj):
        if key in ACTIVE_KEYS:
            return str(key)
        if key == "/S" and _name(value) in ACTIVE_ACTIONS:
            return f"/S {_name(value)}"
        if key == "/Subtype" and _name(value) in ACTIVE_SUBTYPES:
            return f"/Subtype {_name(value)}"
        if key == "/URI" and _uri(value).startswith(ACTIVE_URI_SCHEMES):
            return "/URI scheme"
        # A destination array only moves the view; an action dictionary does something.
        if key == "/OpenAction" and isinstance(_deref(value), DictionaryObject):
            return "/OpenAction"
    if isinstance(obj, StreamObject):
        _decode_plain(obj)
    return None


def _name(value: PdfObject) -> str:
    resolved = _deref(value)
    return resolved if isinstance(resolved, str) else ""


def _uri(value: PdfObject) -> str:
    """The URI as a browser would read its scheme: no controls or spaces, lower case."""
    resolved = _deref(value)
    if isinstance(resolved, bytes):
        resolved = resolved.decode("latin-1")
    return _URI_IGNORED.sub("", resolved).lower() if isinstance(resolved, str) else ""


def _decode_plain(stream: StreamObject) -> None:
    """Decode once and drop the result: pypdf's output caps turn a bomb into an error."""
    filters = _deref(dict.get(stream, "/Filter"))
    names = filters if isinstance(filters, ArrayObject) else [filters]
    if filters is None or not all(name in _PLAIN_FILTERS for name in names):
        return
    try:
        decode_stream_data(stream)
    except _FATAL:
        raise
    except Exception:  # noqa: BLE001, S110  # corrupt data is the viewer's problem, not a bomb
        pass
