"""Check an uploaded Word (.docx) or Excel (.xlsx) form before anything is stored.

Forms (biểu mẫu) are filled in by citizens and staff, so agencies publish them as Office
files as well as PDF. An Office Open XML file is a zip of XML parts; what it is comes from
the main part declared in ``[Content_Types].xml``, never from its name. Refused:

- anything that is not a real OOXML zip whose main part is a Word document or an Excel
  workbook (a renamed EXE, a plain zip, a template, a binary ``.xlsb``);
- macros: a ``vbaProject.bin`` part or a macro-enabled content type (``.docm``/``.xlsm``);
- active or external content: ActiveX controls, OLE objects and embedded packages, and any
  relationship that makes Word or Excel fetch something when the file is opened (a remote
  template, a linked picture or frame); plain hyperlinks stay;
- zip bombs: more than ``MAX_ENTRIES`` parts, more than ``MAX_UNCOMPRESSED`` bytes once
  decompressed or more than ``MAX_XML`` bytes of XML to parse, counted while decompressing
  (the sizes a zip declares may lie);
- XML with a DOCTYPE (entity expansion bombs, external entities).

Then python-docx or openpyxl opens the file, which proves it parses, and its text is kept for
search. Each refusal is a Vietnamese sentence that says what to do.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from xml.etree import ElementTree

from django.utils.translation import gettext_lazy as _

from qms.lib.filetypes import DOCX, XLSX, FileKind

MIB = 1024 * 1024
MAX_ENTRIES = 1000
MAX_UNCOMPRESSED = 64 * MIB
# XML is what python-docx and openpyxl build trees from (several times its size in memory);
# pictures, the bulk of a real form, are not parsed.
MAX_XML = 16 * MIB
MAX_TEXT = 100_000
CHUNK = 64 * 1024

MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
# Content types that carry code or controls (macro-enabled mains, VBA, ActiveX, OLE).
_ACTIVE_TYPE = re.compile(r"macroenabled|vbaproject|vbadata|activex|oleobject", re.I)
# Part names that hold code, controls or embedded programs and files.
_ACTIVE_PART = re.compile(
    r"(^|/)(vbaproject\.bin|vbadata\.xml)$|(^|/)activex/|(^|/)embeddings/|oleobject",
    re.I,
)
# Relationship types that load code, controls or other files when the document opens.
_ACTIVE_RELATIONSHIP = re.compile(
    r"/(vbaproject|activexcontrol|activexcontrolbinary|oleobject|package|attachedtemplate"
    r"|subdocument|frame|externallinkpath|control)$",
    re.I,
)
_HYPERLINK = re.compile(r"/hyperlink$", re.I)
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class OfficeRejectCode(StrEnum):
    NOT_OFFICE = "not_office"
    MACROS = "macros"
    ACTIVE_CONTENT = "office_active_content"
    TOO_LARGE = "office_too_large"
    DAMAGED = "office_damaged"


MESSAGES = {
    OfficeRejectCode.NOT_OFFICE: _(
        "The file is not a PDF, Word (.docx) or Excel (.xlsx) document (its content is "
        "none of these, whatever its name). Save the form as .docx, .xlsx or PDF and upload "
        "that file."
    ),
    OfficeRejectCode.MACROS: _(
        "The file contains macros (a macro-enabled .docm or .xlsm document), which are not "
        "allowed in forms. Save it as a plain Word document (.docx) or Excel workbook "
        "(.xlsx) and upload it again."
    ),
    OfficeRejectCode.ACTIVE_CONTENT: _(
        "The file contains active or linked content (ActiveX controls, embedded objects, "
        "or links that load a template, a picture or another file when opened), which is "
        "not allowed in forms. Remove it, save the document again and upload it."
    ),
    OfficeRejectCode.TOO_LARGE: _(
        "The file expands to an abnormally large size or has too many parts when opened, "
        "a sign of a damaged or malicious file, so it was refused. Save the form again "
        "from Word or Excel and upload it again."
    ),
    OfficeRejectCode.DAMAGED: _(
        "The Word or Excel file is damaged and cannot be opened. Open it in Word or "
        "Excel, save a new copy and upload it again."
    ),
}


@dataclass(frozen=True)
class ValidatedOffice:
    kind: FileKind
    sha256: str
    text: str


class OfficeRejected(Exception):
    """An upload refused by ``validate_office``; ``message`` is for the uploader."""

    def __init__(self, code: OfficeRejectCode, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}")
        self.code = str(code)
        self.message = MESSAGES[code]
        self.detail = detail  # for logs, never shown


def looks_like_zip(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04")


def validate_office(data: bytes) -> ValidatedOffice:
    """Return the kind, hash and text of a safe DOCX or XLSX, or raise ``OfficeRejected``."""
    if not looks_like_zip(data[:4]):
        raise OfficeRejected(OfficeRejectCode.NOT_OFFICE, "no zip signature")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise OfficeRejected(OfficeRejectCode.NOT_OFFICE, str(exc)) from None
    if len(infos) > MAX_ENTRIES:
        raise OfficeRejected(OfficeRejectCode.TOO_LARGE, f"{len(infos)} entries")
    with archive:
        parts = _read_parts(archive, infos)
    kind = _main_kind(parts)
    _check_relationships(parts)
    return ValidatedOffice(
        kind=kind, sha256=hashlib.sha256(data).hexdigest(), text=_parse(kind, data)
    )


def _read_parts(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]
) -> dict[str, bytes]:
    """Decompress every part under the total cap; keep the XML parts we inspect."""
    kept: dict[str, bytes] = {}
    total = xml_total = 0
    for info in infos:
        name = info.filename
        if info.flag_bits & 0x1:
            raise OfficeRejected(OfficeRejectCode.DAMAGED, f"encrypted entry {name}")
        if _ACTIVE_PART.search(name):
            code = (
                OfficeRejectCode.MACROS
                if "vba" in name.lower()
                else OfficeRejectCode.ACTIVE_CONTENT
            )
            raise OfficeRejected(code, name)
        keep = name == "[Content_Types].xml" or name.endswith(".rels")
        buffer = bytearray()
        try:
            with archive.open(info) as handle:
                while chunk := handle.read(CHUNK):
                    total += len(chunk)
                    if total > MAX_UNCOMPRESSED:
                        raise OfficeRejected(OfficeRejectCode.TOO_LARGE, "uncompressed")
                    if keep or name.endswith(".xml"):
                        buffer += chunk
                        xml_total += len(chunk)
                        if xml_total > MAX_XML:
                            raise OfficeRejected(OfficeRejectCode.TOO_LARGE, "xml")
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            raise OfficeRejected(OfficeRejectCode.DAMAGED, f"{name}: {exc}") from None
        # No DTD in any XML part: entity bombs and external entities need one.
        if b"<!DOCTYPE" in buffer or b"<!ENTITY" in buffer:
            raise OfficeRejected(OfficeRejectCode.ACTIVE_CONTENT, f"DTD in {name}")
        if keep:
            kept[name] = bytes(buffer)
    return kept


def _xml(data: bytes, name: str) -> Any:
    try:
        # Safe here: _read_parts refused any part with a DTD (no entities to expand).
        return ElementTree.fromstring(data)  # noqa: S314
    except ElementTree.ParseError as exc:
        raise OfficeRejected(OfficeRejectCode.DAMAGED, f"{name}: {exc}") from None


def _main_kind(parts: dict[str, bytes]) -> FileKind:
    """The kind declared by the main part's content type; no macros or controls declared."""
    if "[Content_Types].xml" not in parts:
        raise OfficeRejected(OfficeRejectCode.NOT_OFFICE, "no [Content_Types].xml")
    root = _xml(parts["[Content_Types].xml"], "[Content_Types].xml")
    types = [
        element.get("ContentType", "")
        for element in root
        if element.tag in (f"{_CT}Default", f"{_CT}Override")
    ]
    for content_type in types:
        if _ACTIVE_TYPE.search(content_type):
            code = (
                OfficeRejectCode.MACROS
                if re.search(r"macroenabled|vba", content_type, re.I)
                else OfficeRejectCode.ACTIVE_CONTENT
            )
            raise OfficeRejected(code, content_type)
    kinds = {MAIN_TYPES[t] for t in types if t in MAIN_TYPES}
    if len(kinds) != 1:
        raise OfficeRejected(OfficeRejectCode.NOT_OFFICE, f"main types {kinds}")
    return kinds.pop()


def _check_relationships(parts: dict[str, bytes]) -> None:
    """Refuse relationships to code, controls, embedded objects or fetched external files."""
    for name, data in parts.items():
        if not name.endswith(".rels"):
            continue
        for relation in _xml(data, name).iter(f"{_REL}Relationship"):
            kind = relation.get("Type", "")
            if _ACTIVE_RELATIONSHIP.search(kind):
                code = (
                    OfficeRejectCode.MACROS
                    if "vba" in kind.lower()
                    else OfficeRejectCode.ACTIVE_CONTENT
                )
                raise OfficeRejected(code, f"{name}: {kind}")
            external = relation.get("TargetMode", "").lower() == "external"
            if external and not _HYPERLINK.search(kind):
                raise OfficeRejected(
                    OfficeRejectCode.ACTIVE_CONTENT, f"{name}: external {kind}"
                )


def _parse(kind: FileKind, data: bytes) -> str:
    """Open the file with the library that reads its kind; return its text (capped)."""
    try:
        return (_docx_text if kind == DOCX else _xlsx_text)(data)[:MAX_TEXT]
    except OfficeRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser error means "cannot be opened"
        raise OfficeRejected(OfficeRejectCode.DAMAGED, repr(exc)) from None


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(line for line in lines if line.strip())


def _xlsx_text(data: bytes) -> str:
    import openpyxl  # type: ignore[import-untyped]

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        values: list[str] = []
        size = 0
        for sheet in workbook.worksheets:
            values.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                for value in row:
                    if isinstance(value, str) and value.strip():
                        values.append(value)
                        size += len(value)
                if size > MAX_TEXT:
                    return "\n".join(values)
        return "\n".join(values)
    finally:
        workbook.close()
