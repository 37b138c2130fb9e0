"""Stamp controlled and obsolete copies; merge attachments; metadata; text for search.

Stamping does not use pypdf's ``merge_page``: that parses and rewrites every page's
content stream together with the stamp's, and took ~16 s on a 200-page release where
``qpdf --overlay`` takes 0.11 s. Like qpdf, we draw the stamp once as a form XObject and
add it to each page by reference: the page gets ``q … Q`` around its original content
and one ``Do`` after it, and no content stream is parsed. That takes ~0.2 s
(bench/stamp_vs_qpdf.py).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
)
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from qms.lib.pdf.fonts import register_fonts
from qms.lib.pdf.metadata import set_metadata
from qms.lib.pdf.text import extract_text, nfc

__all__ = [
    "extract_text",
    "merge_pdfs",
    "set_metadata",
    "stamp_controlled",
    "stamp_obsolete",
]

QR_SIZE = 17 * mm
EDGE = 4 * mm
STAMP_RED = colors.HexColor("#C00000")
Matrix = tuple[float, float, float, float, float, float]
Rect = tuple[float, float, float, float]
Draw = Callable[[Canvas, float, float], None]


def stamp_controlled(
    pdf: bytes, *, verify_url: str, label: str = "BẢN KIỂM SOÁT", footer: str
) -> bytes:
    """Mark every page as a controlled copy: QR code and link to ``verify_url``, label, footer.

    ISO 9001:2015 7.5.3.1(a): a reader can check that the copy in hand is the current one.
    """
    draw = functools.partial(
        _draw_controlled, verify_url=verify_url, label=nfc(label), footer=nfc(footer)
    )
    return _overlay(pdf, draw, link=verify_url)


def stamp_obsolete(pdf: bytes, *, text: str) -> bytes:
    """Mark every page "HẾT HIỆU LỰC" with ``text``. ISO 9001:2015 7.5.3.2(d)."""
    return _overlay(pdf, functools.partial(_draw_obsolete, text=nfc(text)), link=None)


def merge_pdfs(
    main: bytes, attachments: list[tuple[str, bytes]], *, main_title: str | None = None
) -> bytes:
    """Append each ``(name, pdf)`` after ``main``, with an outline item titled ``name``."""
    writer = PdfWriter(clone_from=io.BytesIO(main))
    if main_title is not None:
        writer.add_outline_item(title=nfc(main_title), page_number=0)
    for name, data in attachments:
        writer.append(io.BytesIO(data), outline_item=nfc(name))
    # Attachments made by the same tool embed the same fonts again: keep one copy.
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    return _write(writer)


# --- drawing the stamps -----------------------------------------------------------------


def _qr_rect(width: float, height: float) -> Rect:
    """Where the QR code sits on a page of the given (displayed) size: bottom-right corner."""
    x = width - EDGE - QR_SIZE
    return (x, EDGE, x + QR_SIZE, EDGE + QR_SIZE)


def _draw_controlled(
    canvas: Canvas,
    width: float,
    height: float,
    *,
    verify_url: str,
    label: str,
    footer: str,
) -> None:
    regular, bold = register_fonts()
    x0, y0, _x1, y1 = _qr_rect(width, height)
    # A white backing keeps the code scannable over whatever the page has there.
    canvas.setFillColor(colors.white)
    canvas.rect(x0, y0, QR_SIZE, QR_SIZE, stroke=0, fill=1)
    # Two modules of quiet zone inside the white square; the page margin adds the rest.
    widget = QrCodeWidget(verify_url, barLevel="M", barBorder=2)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        QR_SIZE,
        QR_SIZE,
        transform=[QR_SIZE / (right - left), 0, 0, QR_SIZE / (top - bottom), 0, 0],
    )
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x0, y0)
    canvas.setFillColor(STAMP_RED)
    canvas.setFont(bold, 10)
    canvas.drawRightString(x0 - 2 * mm, y1 - 10, label)
    canvas.setFillColor(colors.HexColor("#333333"))
    canvas.setFont(regular, 7)
    # The address is printed as text too, on the bottom line: a photocopy, or a reader with
    # no scanner, can still be checked by typing it (issue 14, part 3).
    width_left = x0 - 2 * mm - EDGE - 10 * mm
    lines = [*simpleSplit(footer, regular, 7, width_left)[:2], verify_url]
    for index, line in enumerate(reversed(lines)):
        canvas.drawRightString(x0 - 2 * mm, y0 + 1 + index * 8.5, line)


def _draw_obsolete(canvas: Canvas, width: float, height: float, *, text: str) -> None:
    regular, bold = register_fonts()
    canvas.saveState()
    canvas.setFillColor(STAMP_RED)
    canvas.setFillAlpha(0.22)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(45)
    size = min(width, height) / 7.5
    canvas.setFont(bold, size)
    canvas.drawCentredString(0, 0, "HẾT HIỆU LỰC")
    canvas.setFillAlpha(0.6)
    canvas.setFont(regular, size / 4.5)
    for index, line in enumerate(
        simpleSplit(text, regular, size / 4.5, width * 0.9)[:3]
    ):
        canvas.drawCentredString(0, -size * 0.8 - index * size / 3.6, line)
    canvas.restoreState()


# --- overlaying a form XObject on every page ------------------------------------------


@dataclass(frozen=True)
class _Placement:
    """Maps the page as displayed (after /Rotate, from the crop box corner) to user space."""

    width: float
    height: float
    matrix: Matrix

    def to_user(self, rect: Rect) -> Rect:
        a, b, c, d, e, f = self.matrix
        corners = [
            (a * x + c * y + e, b * x + d * y + f)
            for x in rect[0::2]
            for y in rect[1::2]
        ]
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        return (min(xs), min(ys), max(xs), max(ys))


def _placement(page: DictionaryObject) -> _Placement:
    box = page.cropbox  # type: ignore[attr-defined]
    x0, y0, w, h = (
        float(box.left),
        float(box.bottom),
        float(box.width),
        float(box.height),
    )
    rotation = int(page.get("/Rotate", 0) or 0) % 360
    # Viewers turn the page clockwise by /Rotate; draw the stamp upright for the reader.
    if rotation == 90:
        return _Placement(h, w, (0, 1, -1, 0, x0 + w, y0))
    if rotation == 180:
        return _Placement(w, h, (-1, 0, 0, -1, x0 + w, y0 + h))
    if rotation == 270:
        return _Placement(h, w, (0, -1, 1, 0, x0, y0 + h))
    return _Placement(w, h, (1, 0, 0, 1, x0, y0))


def _overlay(pdf: bytes, draw: Draw, *, link: str | None) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    forms: dict[tuple[float, float], IndirectObject] = {}
    closers: dict[tuple[str, Matrix], IndirectObject] = {}
    opener = writer._add_object(_stream(b"q\n"))
    for index, page in enumerate(writer.pages):
        place = _placement(page)
        size = (round(place.width, 2), round(place.height, 2))
        if size not in forms:
            forms[size] = _form_xobject(writer, draw, *size)
        name = _attach_xobject(page, forms[size])
        if (name, place.matrix) not in closers:
            closers[name, place.matrix] = writer._add_object(
                _stream(_closer(name, place.matrix))
            )
        _wrap_contents(writer, page, opener, closers[name, place.matrix])
        if link is not None:
            rect = place.to_user(_qr_rect(place.width, place.height))
            writer.add_annotation(index, Link(rect=rect, url=link))
    return _write(writer)


def _form_xobject(
    writer: PdfWriter, draw: Draw, width: float, height: float
) -> IndirectObject:
    """Draw the stamp once with reportlab and turn that page into a reusable form XObject."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height))
    draw(canvas, width, height)
    canvas.showPage()
    canvas.save()
    page = PdfReader(buffer).pages[0]
    form = DecodedStreamObject()
    form.set_data(page.get_contents().get_data())  # type: ignore[union-attr]
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [
                    FloatObject(0),
                    FloatObject(0),
                    FloatObject(width),
                    FloatObject(height),
                ]
            ),
            NameObject("/Resources"): page["/Resources"].clone(writer),
        }
    )
    return writer._add_object(form.flate_encode())


def _attach_xobject(page: DictionaryObject, form: IndirectObject) -> str:
    """Name ``form`` in the page's own resources; shared resource dicts stay untouched."""
    resources = _dict_copy(_inherited(page, "/Resources"))
    xobjects = _dict_copy(dict.get(resources, "/XObject"))
    name, suffix = "/QmsStamp", 0
    while name in xobjects and xobjects[name] != form:
        suffix += 1
        name = f"/QmsStamp{suffix}"
    xobjects[NameObject(name)] = form
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    return name


def _wrap_contents(
    writer: PdfWriter,
    page: DictionaryObject,
    opener: IndirectObject,
    closer: IndirectObject,
) -> None:
    # The page's own streams are kept by reference, never decoded or re-encoded.
    contents = _resolved(dict.get(page, "/Contents"))
    if contents is None:
        parts: list[PdfObject] = []
    elif isinstance(contents, ArrayObject):
        parts = list(list.__iter__(contents))
    elif isinstance(contents, StreamObject) and contents.indirect_reference is None:
        parts = [writer._add_object(contents)]
    else:
        parts = [dict.__getitem__(page, "/Contents")]
    page[NameObject("/Contents")] = ArrayObject([opener, *parts, closer])


def _closer(name: str, matrix: Matrix) -> bytes:
    numbers = " ".join(f"{v:.4f}".rstrip("0").rstrip(".") for v in matrix)
    return f"\nQ q {numbers} cm {name} Do Q\n".encode("ascii")


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _inherited(page: DictionaryObject, key: str) -> PdfObject | None:
    node: PdfObject | None = page
    for _ in range(64):  # a /Parent loop in a hostile file must not hang us
        if not isinstance(node, DictionaryObject):
            return None
        if key in node:
            return dict.__getitem__(node, key)
        node = _resolved(dict.get(node, "/Parent"))
    return None


def _dict_copy(value: PdfObject | None) -> DictionaryObject:
    """A shallow, direct copy of a (possibly indirect) dictionary; empty if it is not one."""
    resolved = _resolved(value)
    return (
        DictionaryObject(resolved)
        if isinstance(resolved, DictionaryObject)
        else DictionaryObject()
    )


def _resolved(value: PdfObject | None) -> PdfObject | None:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _write(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
