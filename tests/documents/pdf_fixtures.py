"""Generators of clean and hostile PDFs, built in code so no binary fixture is committed.

Each function returns bytes and is cached: the bombs take a moment to compress.
References: reliability-tests.md UP-02 (Flate bomb), UP-03 (token bomb), UP-04 (active
content), UP-05 (HTML/SVG disguised as PDF).
"""

from __future__ import annotations

import functools
import io
import struct
import zlib
from collections.abc import Callable

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from qms.lib.pdf.fonts import register_fonts

CLEAN_TEXT = "Đăng ký khai sinh"
GIB = 1024**3
MIB = 1024**2


# --- clean ---------------------------------------------------------------------------


@functools.cache
def clean_pdf(pages: int = 2) -> bytes:
    """A plain reportlab PDF with Vietnamese text on every page."""
    regular, _bold = register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for number in range(1, pages + 1):
        canvas.setFont(regular, 14)
        canvas.drawString(72, 760, f"Quy trình {CLEAN_TEXT} – trang {number}")
        canvas.drawString(72, 730, "Tiếp nhận hồ sơ tại Bộ phận Một cửa.")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# --- raw PDF builder (for object streams and hand-made structures) ---------------------


def raw_pdf(
    objects: dict[int, bytes],
    *,
    root: int,
    in_objstm: frozenset[int] = frozenset(),
    unlisted: bytes = b"",
) -> bytes:
    """Assemble a PDF 1.7 with an xref stream; objects in ``in_objstm`` go in an /ObjStm.

    ``objects`` maps object numbers to their bodies (what sits between ``obj`` and
    ``endobj``). Objects inside the object stream must not be streams themselves.
    ``unlisted`` is written verbatim before the xref, which does not mention it.
    """
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for num, body in sorted(objects.items()):
        if num not in in_objstm:
            offsets[num] = len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (num, body)
    out += unlisted
    next_num = max(objects) + 1
    index: dict[int, int] = {}
    stm_num = 0
    if in_objstm:
        stm_num, next_num = next_num, next_num + 1
        header, payload = [], bytearray()
        for i, num in enumerate(sorted(in_objstm)):
            index[num] = i
            header.append(b"%d %d" % (num, len(payload)))
            payload += objects[num] + b"\n"
        head = b" ".join(header) + b"\n"
        data = zlib.compress(head + bytes(payload))
        offsets[stm_num] = len(out)
        out += (
            b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
            % (
                stm_num,
                len(index),
                len(head),
                len(data),
            )
        )
        out += data + b"\nendstream\nendobj\n"
    xref_num = next_num
    xref_offset = offsets[xref_num] = len(out)
    rows = []
    for num in range(xref_num + 1):
        if num in index:
            rows.append(struct.pack(">BIH", 2, stm_num, index[num]))
        elif num in offsets:
            rows.append(struct.pack(">BIH", 1, offsets[num], 0))
        else:
            rows.append(struct.pack(">BIH", 0, 0, 65535 if num == 0 else 0))
    table = b"".join(rows)
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Length %d >>\nstream\n"
        % (xref_num, xref_num + 1, root, len(table))
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)


def _one_page(
    content: bytes, *, filters: bytes = b"", extra_page: bytes = b""
) -> dict[int, bytes]:
    """Objects 1-3 of a one-page document whose content stream (4) is ``content``."""
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R %s >>"
        % extra_page,
        4: b"<< /Length %d %s >>\nstream\n%s\nendstream"
        % (len(content), filters, content),
    }


# --- UP-02 / UP-03: resource bombs ----------------------------------------------------


def repeated_zlib(chunk: bytes, times: int) -> bytes:
    """Return a zlib stream of ``chunk * times`` without compressing all of it.

    A full flush resets the compressor, so every chunk compresses to the same bytes:
    compress once, repeat, and close with an empty final block and the Adler-32 of the
    whole expansion.
    """
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = raw.compress(chunk) + raw.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(times):
        checksum = zlib.adler32(chunk, checksum)
    final_empty_block = b"\x03\x00"
    return b"\x78\xda" + block * times + final_empty_block + struct.pack(">I", checksum)


@functools.cache
def flate_bomb(expanded: int = GIB) -> bytes:
    """UP-02: a content stream Flate-compressed twice; ~10 KB on disk, ``expanded`` bytes open."""
    inner = repeated_zlib(b" " * MIB, expanded // MIB)
    stream = zlib.compress(inner, 9)
    return raw_pdf(
        _one_page(stream, filters=b"/Filter [/FlateDecode /FlateDecode]"), root=1
    )


@functools.cache
def token_bomb(size: int = 50 * MIB) -> bytes:
    """UP-03: ≤ 200 KB on disk, a ``size``-byte content stream of text operators."""
    # A short period keeps deflate's back-references cheap, so 50 MiB fits in ~150 KB;
    # every token still costs the parser work.
    line = b"BT /F1 9 Tf 72 700 Td (Dang ky khai sinh) Tj ET\n"
    chunk = (line * (MIB // len(line) + 1))[:MIB]
    stream = repeated_zlib(chunk, size // MIB)
    font = b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    return raw_pdf(
        _one_page(stream, filters=b"/Filter /FlateDecode", extra_page=font), root=1
    )


# --- UP-04: active content -------------------------------------------------------------

_JS = b"<< /Type /Action /S /JavaScript /JS (app.alert\\('owned'\\);) >>"


def _writer_pdf(mutate: Callable[[PdfWriter], object]) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    mutate(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _js_action(code: str = "app.alert('owned');") -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject(code),
        }
    )


def _add_link(writer: PdfWriter, action: DictionaryObject) -> None:
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject(
                [FloatObject(v) for v in (50, 50, 200, 80)]
            ),
            NameObject("/A"): action,
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject(
        [writer._add_object(annotation)]
    )


def openaction_js() -> bytes:
    def mutate(writer: PdfWriter) -> None:
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(
            _js_action()
        )

    return _writer_pdf(mutate)


def openaction_uri() -> bytes:
    """/OpenAction with a non-JS action: refused too, an upload has no reason to act on open."""

    def mutate(writer: PdfWriter) -> None:
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/URI"),
                NameObject("/URI"): TextStringObject("https://example.invalid/track"),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = action

    return _writer_pdf(mutate)


def names_javascript() -> bytes:
    def mutate(writer: PdfWriter) -> None:
        tree = DictionaryObject(
            {
                NameObject("/Names"): ArrayObject(
                    [TextStringObject("init"), writer._add_object(_js_action())]
                )
            }
        )
        names = DictionaryObject({NameObject("/JavaScript"): writer._add_object(tree)})
        writer._root_object[NameObject("/Names")] = writer._add_object(names)

    return _writer_pdf(mutate)


def page_aa() -> bytes:
    def mutate(writer: PdfWriter) -> None:
        writer.pages[0][NameObject("/AA")] = DictionaryObject(
            {NameObject("/O"): _js_action()}
        )

    return _writer_pdf(mutate)


def annotation_js() -> bytes:
    return _writer_pdf(lambda writer: _add_link(writer, _js_action()))


def launch_action() -> bytes:
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("C:\\Windows\\System32\\calc.exe"),
        }
    )
    return _writer_pdf(lambda writer: _add_link(writer, action))


def uri_javascript() -> bytes:
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/URI"),
            NameObject("/URI"): TextStringObject("  JavaScript:alert(1)"),
        }
    )
    return _writer_pdf(lambda writer: _add_link(writer, action))


def uri_hidden_scheme() -> bytes:
    """``java<TAB>script:`` as a hex byte string: browsers drop the tab and run it."""
    objects = _one_page(b"BT ET", extra_page=b"/Annots [5 0 R]")
    hex_uri = b"java\tscript:alert(1)".hex().encode()
    objects[5] = (
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI <%s> >> >>"
        % hex_uri
    )
    return raw_pdf(objects, root=1)


def embedded_file() -> bytes:
    return _writer_pdf(
        lambda writer: writer.add_attachment("payload.exe", b"MZ\x90\x00")
    )


def xfa_form() -> bytes:
    def mutate(writer: PdfWriter) -> None:
        xfa = DecodedStreamObject()
        xfa.set_data(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")
        form = DictionaryObject(
            {
                NameObject("/Fields"): ArrayObject(),
                NameObject("/XFA"): writer._add_object(xfa),
            }
        )
        writer._root_object[NameObject("/AcroForm")] = form

    return _writer_pdf(mutate)


def rich_media() -> bytes:
    def mutate(writer: PdfWriter) -> None:
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/RichMedia"),
                NameObject("/Rect"): ArrayObject(
                    [NumberObject(v) for v in (0, 0, 100, 100)]
                ),
            }
        )
        writer.pages[0][NameObject("/Annots")] = ArrayObject(
            [writer._add_object(annotation)]
        )

    return _writer_pdf(mutate)


def objstm_js() -> bytes:
    """JS hidden in a compressed object stream, reached from a page's link annotation."""
    objects = _one_page(b"BT ET", extra_page=b"/Annots [5 0 R]")
    objects[5] = b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A 6 0 R >>"
    objects[6] = _JS
    return raw_pdf(objects, root=1, in_objstm=frozenset({1, 2, 5, 6}))


def objstm_openaction() -> bytes:
    """The catalog itself lives in an object stream and carries /OpenAction → JS."""
    objects = _one_page(b"BT ET")
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>"
    objects[5] = _JS
    return raw_pdf(objects, root=1, in_objstm=frozenset({1, 5}))


def escaped_name_js() -> bytes:
    """``/J#53`` is ``/JS`` once the name is decoded; a byte grep would miss it."""
    objects = _one_page(b"BT ET", extra_page=b"/AA << /O 5 0 R >>")
    objects[3] = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Annots [5 0 R] >>"
    )
    objects[5] = (
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> >>"
    )
    return raw_pdf(objects, root=1, in_objstm=frozenset({5}))


def orphan_objstm_js() -> bytes:
    """An object stream holding JS that the xref does not list (a parser-differential trick)."""
    data = zlib.compress(b"9 0 " + _JS + b"\n")
    hidden = (
        b"8 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(data)
        + data
        + b"\nendstream\nendobj\n"
    )
    return raw_pdf(_one_page(b"BT ET"), root=1, unlisted=hidden)


ACTIVE_CONTENT: dict[str, Callable[[], bytes]] = {
    "openaction_js": openaction_js,
    "openaction_uri": openaction_uri,
    "names_javascript": names_javascript,
    "page_aa": page_aa,
    "annotation_js": annotation_js,
    "launch_action": launch_action,
    "uri_javascript": uri_javascript,
    "uri_hidden_scheme": uri_hidden_scheme,
    "embedded_file": embedded_file,
    "xfa_form": xfa_form,
    "rich_media": rich_media,
    "objstm_js": objstm_js,
    "objstm_openaction": objstm_openaction,
    "escaped_name_js": escaped_name_js,
    "orphan_objstm_js": orphan_objstm_js,
}


# --- UP-05 and other refusals ----------------------------------------------------------

HTML_AS_PDF = (
    b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
)
SVG_AS_PDF = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<text>%PDF-1.7</text></svg>"
)
# A polyglot: starts as HTML and has a PDF header within the first 1024 bytes.
HTML_POLYGLOT = b"<html><script>alert(1)</script>\n" + b"%PDF-1.7\n"


def encrypted_pdf() -> bytes:
    reader_bytes = clean_pdf()
    writer = PdfWriter(clone_from=io.BytesIO(reader_bytes))
    writer.encrypt(
        user_password="mat-khau", owner_password="chu-so-huu", algorithm="AES-256"
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def damaged_pdf() -> bytes:
    return b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"
