"""Read and check a statistics export of the one-stop information system (XLSX or CSV).

The file has a heading row with the Vietnamese column names the provincial system prints
(``COLUMNS``), then one row per procedure × month. Every cell is checked and every problem
is reported with the row number as the spreadsheet shows it and the column's heading, e.g.
"Dòng 14, cột «Quá hạn»: phải là số nguyên không âm". A file with any error is stored
nowhere: the caller keeps the errors and refuses the import.

Totals rule (decided here, documented for the secretary): dossiers resolved in a month
(early + on time + late) cannot exceed those received in the month plus those carried over
from the previous month (the optional column "Kỳ trước chuyển qua", 0 when absent): the
national reporting form counts carried-over dossiers apart from new ones, and only both
together can be resolved. Dossiers received online cannot exceed those received.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from qms.lib.filetypes import XLSX
from qms.lib.office import OfficeRejected, looks_like_zip, validate_office

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
# Errors kept on the batch for the preview; ``error_count`` still counts them all.
MAX_ERRORS_KEPT = 500

# Field → heading as the one-stop system prints it (Vietnamese in any language: it is the
# file's own text). Optional columns may be absent from the file.
COLUMNS: dict[str, str] = {
    "national_code": "Mã TTHC",
    "procedure_name": "Tên thủ tục",
    "period": "Kỳ",
    "carried_over": "Kỳ trước chuyển qua",
    "received": "Tiếp nhận",
    "resolved_early": "Trước hạn",
    "resolved_on_time": "Đúng hạn",
    "resolved_late": "Quá hạn",
    "pending": "Đang giải quyết",
    "returned": "Trả lại",
    "apology_letters": "Thư xin lỗi",
    "online": "Trực tuyến",
}
OPTIONAL = frozenset({"carried_over", "online"})
COUNTS = (
    "carried_over",
    "received",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending",
    "returned",
    "apology_letters",
    "online",
)
_PERIOD = re.compile(r"^(\d{1,2})\s*/\s*(\d{4})$")
# 1234, or 1.234 / 1,234 / 1 234 with thousands groups (as Excel may print them).
_INTEGER = re.compile(r"^\d+$|^\d{1,3}(?:[., ]\d{3})+$")


class ImportFileError(Exception):
    """The file as a whole cannot be read (type, size, encoding); ``message`` is for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(slots=True)
class ParsedRow:
    row: int
    national_code: str
    procedure_name: str
    period_start: dt.date
    carried_over: int
    received: int
    resolved_early: int
    resolved_on_time: int
    resolved_late: int
    pending: int
    returned: int
    apology_letters: int
    online: int | None


@dataclass
class ParseResult:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    total: int = 0
    # Read once per file: a month "that has not begun" is judged against the same day.
    today: dt.date = field(default_factory=timezone.localdate)

    def add_error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(
                {
                    "row": row,
                    "column": column,
                    "message": error_text(row, column, message),
                }
            )

    @property
    def periods(self) -> list[dt.date]:
        return sorted({row.period_start for row in self.rows})


def error_text(row: int, column: str, message: str) -> str:
    return _("Row %(row)s, column «%(column)s»: %(message)s") % {
        "row": row,
        "column": column,
        "message": message,
    }


def _normal(text: Any) -> str:
    value = unicodedata.normalize("NFC", str(text or ""))
    return " ".join(value.split()).casefold()


def parse_file(data: bytes) -> ParseResult:
    """Check the whole file; return its rows and every error (import only when none)."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _(
                "The file is larger than %(size)s MB. Split it by period and import each part."
            )
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    lines = _xlsx_rows(data) if looks_like_zip(data[:4]) else _csv_rows(data)
    result = ParseResult()
    header = _header(next(lines, None), result)
    if header is None:
        return result
    seen: dict[tuple[str, dt.date], int] = {}
    for number, values in lines:
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        result.total += 1
        if result.total > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(rows)s rows. Split it by period.")
                % {"rows": MAX_ROWS}
            )
        _keep(_row(number, values, header, result), number, seen, result)
    if result.total == 0 and not result.error_count:
        raise ImportFileError(_("The file has a heading row but no statistics rows."))
    return result


# One push of the API is a request body, not an export of a year: kept small.
MAX_PUSHED_ROWS = 5000
_FIELDS = tuple(COLUMNS)


def parse_records(records: Any) -> ParseResult:
    """Check rows pushed as JSON objects keyed by field name (``COLUMNS``' keys), by the
    same rules as a file. Row numbers count the records from 1; a rejected record is left
    out of ``rows`` and reported, the others stand (the caller decides what to store)."""
    if not isinstance(records, list) or not records:
        raise ImportFileError(_("Send the rows as a non-empty list."))
    if len(records) > MAX_PUSHED_ROWS:
        raise ImportFileError(
            _("Send at most %(rows)s rows at a time.") % {"rows": MAX_PUSHED_ROWS}
        )
    header = {name: index for index, name in enumerate(_FIELDS)}
    result = ParseResult()
    seen: dict[tuple[str, dt.date], int] = {}
    for number, record in enumerate(records, start=1):
        result.total += 1
        if not isinstance(record, dict):
            result.add_error(number, COLUMNS["national_code"], _("is not an object"))
            continue
        values = tuple(record.get(name) for name in _FIELDS)
        _keep(_row(number, values, header, result), number, seen, result)
    return result


def field_for_heading(heading: str) -> str:
    """The field name of a column heading (the API reports errors by field)."""
    return next((name for name, text in COLUMNS.items() if text == heading), "")


def _keep(
    parsed: ParsedRow | None,
    number: int,
    seen: dict[tuple[str, dt.date], int],
    result: ParseResult,
) -> None:
    """Keep a checked row unless its procedure and month came on an earlier row."""
    if parsed is None:
        return
    key = (parsed.national_code, parsed.period_start)
    if key in seen:
        result.add_error(
            number,
            COLUMNS["national_code"],
            _("the same procedure and period are already on row %(row)s")
            % {"row": seen[key]},
        )
        return
    seen[key] = number
    result.rows.append(parsed)


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, tuple[Any, ...]]]:
    try:
        checked = validate_office(data)
    except OfficeRejected as exc:
        raise ImportFileError(str(exc.message)) from None
    if checked.kind != XLSX:
        raise ImportFileError(_not_a_table())
    import openpyxl  # type: ignore[import-untyped]

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, tuple(values)
    finally:
        workbook.close()


def _not_a_table() -> str:
    return _(
        "The file is neither an Excel workbook (.xlsx) nor a CSV file in UTF-8. Export the "
        "statistics from the one-stop system again as .xlsx or .csv."
    )


def _csv_rows(data: bytes) -> Iterator[tuple[int, tuple[Any, ...]]]:
    if b"\x00" in data[:4096]:
        raise ImportFileError(_not_a_table())
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "The CSV file is not in UTF-8. Save it again choosing “CSV UTF-8” and "
                "upload that file."
            )
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for number, values in enumerate(reader, start=1):
        yield number, tuple(values)


def _header(
    line: tuple[int, tuple[Any, ...]] | None, result: ParseResult
) -> dict[str, int] | None:
    """Map each field to its column index; report every missing required heading."""
    if line is None:
        raise ImportFileError(_("The file is empty."))
    number, values = line
    positions = {_normal(value): index for index, value in enumerate(values)}
    header: dict[str, int] = {}
    for name, heading in COLUMNS.items():
        index = positions.get(_normal(heading))
        if index is not None:
            header[name] = index
        elif name not in OPTIONAL:
            result.add_error(
                number, heading, _("the column is missing from the heading row")
            )
    return None if result.error_count else header


def _cell(values: tuple[Any, ...], index: int | None) -> Any:
    if index is None or index >= len(values):
        return None
    return values[index]


def _row(
    number: int, values: tuple[Any, ...], header: dict[str, int], result: ParseResult
) -> ParsedRow | None:
    before = result.error_count
    code = _text(number, values, header, "national_code", 40, result)
    name = _text(number, values, header, "procedure_name", 500, result)
    period = _period(number, _cell(values, header["period"]), result)
    counts: dict[str, int | None] = {}
    width = len(values)
    for name_ in COUNTS:
        index = header.get(name_)
        raw = values[index] if index is not None and index < width else None
        # The common case inline (a plain number), for files of 100,000 rows.
        if type(raw) is str and raw.isascii() and raw.isdigit():
            counts[name_] = int(raw)
        else:
            counts[name_] = _count(number, values, header, name_, result)
    if result.error_count != before or period is None or code is None or name is None:
        return None
    row = ParsedRow(
        row=number,
        national_code=code,
        procedure_name=name,
        period_start=period,
        carried_over=counts["carried_over"] or 0,
        received=counts["received"] or 0,
        resolved_early=counts["resolved_early"] or 0,
        resolved_on_time=counts["resolved_on_time"] or 0,
        resolved_late=counts["resolved_late"] or 0,
        pending=counts["pending"] or 0,
        returned=counts["returned"] or 0,
        apology_letters=counts["apology_letters"] or 0,
        online=counts["online"],
    )
    return row if _totals_ok(row, result) else None


def _totals_ok(row: ParsedRow, result: ParseResult) -> bool:
    resolved = row.resolved_early + row.resolved_on_time + row.resolved_late
    available = row.received + row.carried_over
    ok = True
    if resolved > available:
        result.add_error(
            row.row,
            COLUMNS["received"],
            _(
                "the resolved dossiers (early + on time + late = %(resolved)s) exceed "
                "those received plus those carried over (%(available)s)"
            )
            % {"resolved": resolved, "available": available},
        )
        ok = False
    if row.online is not None and row.online > row.received:
        result.add_error(
            row.row,
            COLUMNS["online"],
            _("is more than the dossiers received (%(received)s)")
            % {"received": row.received},
        )
        ok = False
    return ok


def _text(
    number: int,
    values: tuple[Any, ...],
    header: dict[str, int],
    name: str,
    max_length: int,
    result: ParseResult,
) -> str | None:
    raw = _cell(values, header[name])
    text = " ".join(unicodedata.normalize("NFC", str(raw or "")).split())
    if not text:
        result.add_error(number, COLUMNS[name], _("is empty"))
        return None
    if len(text) > max_length:
        result.add_error(
            number,
            COLUMNS[name],
            _("is too long (at most %(max)s characters)") % {"max": max_length},
        )
        return None
    return text


def _period(number: int, raw: Any, result: ParseResult) -> dt.date | None:
    heading = COLUMNS["period"]
    if isinstance(raw, dt.datetime | dt.date):
        start: dt.date | None = dt.date(raw.year, raw.month, 1)
    else:
        start = _month(str(raw or "").strip())
    if start is None:
        result.add_error(
            number, heading, _("must be a month written MM/YYYY, e.g. 03/2026")
        )
        return None
    if start > result.today:
        result.add_error(number, heading, _("is a month that has not begun yet"))
        return None
    return start


@functools.lru_cache(maxsize=512)
def _month(text: str) -> dt.date | None:
    """ "03/2026" → 1 March 2026 (a file repeats a few months on thousands of rows)."""
    match = _PERIOD.match(text)
    if match and 1 <= int(match[1]) <= 12 and 2000 <= int(match[2]) <= 2100:
        return dt.date(int(match[2]), int(match[1]), 1)
    return None


def _count(
    number: int,
    values: tuple[Any, ...],
    header: dict[str, int],
    name: str,
    result: ParseResult,
) -> int | None:
    if name not in header:
        return None  # an optional column the file does not have
    raw = _cell(values, header[name])
    # The common case first (a plain number), for files of 100,000 rows.
    if type(raw) is int and raw >= 0:
        return raw
    if type(raw) is str and raw.isascii() and raw.isdigit():
        return int(raw)
    heading = COLUMNS[name]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if name in OPTIONAL:
            return None if name == "online" else 0
        result.add_error(number, heading, _("is empty; write 0 if there were none"))
        return None
    value = _integer(raw)
    if value is None:
        result.add_error(number, heading, _("must be a non-negative whole number"))
    return value


def _integer(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if raw >= 0 else None
    if isinstance(raw, float):
        return int(raw) if raw >= 0 and raw.is_integer() else None
    text = str(raw).strip()
    if not _INTEGER.match(text):
        return None
    return int(re.sub(r"[., ]", "", text))
