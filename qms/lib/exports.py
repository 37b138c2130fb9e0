"""Spreadsheet exports that open correctly in Excel and never run a formula (issue 10, part 5).

Every admin list export goes through Wagtail's ``SpreadsheetExportMixin``: our viewsets, our
reports and Wagtail's own reports (site history, page types…). Installing the behaviour on the
mixin once, at start-up, reaches all of them, including viewsets no shared base of ours
controls; a subclass would have to be remembered by every new viewset.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import IO, Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.http import HttpResponseBase, StreamingHttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.admin.views.mixins import ExcelDateFormatter, SpreadsheetExportMixin
from wagtail.coreutils import multigetattr

CSV = SpreadsheetExportMixin.FORMAT_CSV
XLSX = SpreadsheetExportMixin.FORMAT_XLSX
# Excel opens a CSV without a byte-order mark in the system code page: Vietnamese breaks.
BOM = "\ufeff"
# OWASP "CSV injection": a spreadsheet evaluates a cell starting with one of these.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
# Rows fetched per query in a background export: memory stays flat whatever the length.
CHUNK_SIZE = 500
# An export's single page: larger than any list, so every row is on it.
EXPORT_PAGE_SIZE = 10**9


def escape_formula(value: str) -> str:
    """Prefix a cell a spreadsheet would read as a formula with an apostrophe."""
    return f"'{value}" if value.startswith(FORMULA_LEADS) else value


def _csv_datetime(value: dt.datetime) -> str:
    # Stored in UTC (AT-06); people read the agency's local time (Asia/Ho_Chi_Minh).
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return formats.date_format(local, "SHORT_DATETIME_FORMAT")


def _xlsx_datetime(value: dt.datetime) -> dt.datetime:
    # Excel has no time zones: write the local wall-clock time, not UTC as Wagtail does.
    return timezone.make_naive(value) if timezone.is_aware(value) else value


def _csv_date(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _yes_no(value: bool) -> str:  # noqa: FBT001 - a cell value, not a flag
    return _("Yes") if value else _("No")


def _person(user: AbstractBaseUser) -> str:
    # An account's name is its holder's whole Vietnamese name (qms.accounts.sync_user_name);
    # a username means nothing to the reader of a register.
    return str(user.get_full_name() or user.get_username())  # type: ignore[attr-defined]


def _list_to_str(value: list[Any]) -> str:
    return ", ".join(str(v) for v in value)


# Order matters: a datetime is also a date, and a bool is also an int.
VALUE_PREPROCESS: dict[Any, dict[str, Callable[[Any], Any] | None]] = {
    dt.datetime: {CSV: _csv_datetime, XLSX: _xlsx_datetime},
    dt.date: {CSV: _csv_date, XLSX: None},
    dt.time: {XLSX: None},
    bool: {CSV: _yes_no, XLSX: _yes_no},
    AbstractBaseUser: {CSV: _person, XLSX: _person},
    list: {CSV: _list_to_str, XLSX: _list_to_str},
}


def export_value(item: Any, accessor: str) -> Any:
    """Return the value to export: a choice field's label rather than its stored code."""
    owner_path, _dot, name = accessor.rpartition(".")
    owner = multigetattr(item, owner_path) if owner_path else item
    if owner is None:
        return None
    if isinstance(owner, Model):
        try:
            field = owner._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if getattr(field, "choices", None) and not getattr(field, "is_relation", False):
            return getattr(owner, f"get_{name}_display")()
    return multigetattr(owner, name)


_original_preprocess = SpreadsheetExportMixin.preprocess_field_value
_original_stream_csv = SpreadsheetExportMixin.stream_csv
_original_write_csv_response = SpreadsheetExportMixin.write_csv_response
_original_as_spreadsheet = SpreadsheetExportMixin.as_spreadsheet
_original_get_paginate_by = SpreadsheetExportMixin.get_paginate_by


def _to_row_dict(self: Any, item: Any) -> OrderedDict[str, Any]:
    return OrderedDict((field, export_value(item, field)) for field in self.list_export)


def _preprocess_field_value(
    self: Any, field: str, value: Any, export_format: str
) -> Any:
    value = _original_preprocess(self, field, value, export_format)
    # XLSX cells are typed (openpyxl writes them as text); CSV cells are not.
    if export_format == CSV and isinstance(value, str):
        return escape_formula(value)
    return value


def _stream_csv(self: Any, queryset: QuerySet[Any]) -> Iterator[str]:
    yield BOM
    yield from _original_stream_csv(self, queryset)


def _write_csv_response(self: Any, queryset: QuerySet[Any]) -> StreamingHttpResponse:
    response = _original_write_csv_response(self, queryset)
    response["Content-Type"] = "text/csv; charset=utf-8"
    return response


class ChunkedRows:
    """A queryset read and decorated a chunk at a time (a report's extra columns).

    A report view decorates its rows after paging; an export has no pages, so decorating
    the whole list would load every row at once. This stands in for the list: counting it is
    one query and iterating it fetches ``chunk_size`` rows per query.
    """

    def __init__(
        self,
        queryset: QuerySet[Any],
        decorate: Callable[[list[Any]], Iterable[Any]],
        chunk_size: int = CHUNK_SIZE,
    ) -> None:
        self.queryset = queryset
        self.model = queryset.model
        self.decorate = decorate
        self.chunk_size = chunk_size

    def count(self) -> int:
        return self.queryset.count()

    def __iter__(self) -> Iterator[Any]:
        rows = self.queryset.iterator(chunk_size=self.chunk_size)
        while chunk := list(islice(rows, self.chunk_size)):
            yield from self.decorate(chunk)


def row_count(rows: Any) -> int:
    """How many rows an export will have: one COUNT query for a queryset."""
    if isinstance(rows, QuerySet | ChunkedRows):
        return rows.count()
    return len(rows)


def _iter_rows(rows: Any) -> Iterator[Any]:
    if isinstance(rows, QuerySet):
        return rows.iterator(chunk_size=CHUNK_SIZE)
    return iter(rows)


def write_rows(view: Any, rows: Any, export_format: str, out: IO[bytes]) -> int:
    """Write a view's export to ``out`` row by row, as its inline export would; count rows.

    XLSX goes through openpyxl's write-only mode, so the workbook is never held in memory.
    """
    headings = [view.get_heading(rows, field) for field in view.list_export]
    written = 0
    if export_format == XLSX:
        from openpyxl import Workbook  # type: ignore[import-untyped]

        book = Workbook(write_only=True, iso_dates=True)
        sheet = book.create_sheet(title="Sheet1")
        sheet.append(headings)
        date_format = ExcelDateFormatter().get()
        for item in _iter_rows(rows):
            row = view.to_row_dict(item)
            sheet.append(view.generate_xlsx_row(sheet, row, date_format=date_format))
            written += 1
        book.save(out)
        return written
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    text.write(BOM)
    writer = csv.DictWriter(text, fieldnames=view.list_export)
    writer.writerow(dict(zip(view.list_export, headings, strict=True)))
    for item in _iter_rows(rows):
        view.write_csv_row(writer, view.to_row_dict(item))
        written += 1
    text.flush()
    text.detach()  # leave ``out`` open for the caller
    return written


def _as_spreadsheet(
    self: Any, queryset: Any, spreadsheet_format: str
) -> HttpResponseBase:
    from qms.lib.export_jobs import export_or_defer

    title = getattr(self, "page_title", "") or self.get_filename()
    return export_or_defer(
        self.request,
        title=str(title),
        filename=self.get_filename(),
        fmt=spreadsheet_format,
        count=lambda: row_count(queryset),
        write=lambda out: write_rows(self, queryset, spreadsheet_format, out),
        inline=lambda: _original_as_spreadsheet(self, queryset, spreadsheet_format),
    )


def _get_paginate_by(self: Any, queryset: Any) -> int | None:
    if self.is_export:
        # One page that holds every row. Unpaged, Wagtail's listing counts the rows with
        # len(), loading the whole list (5,000 specific pages: a second) into the request
        # that only has to count them and queue a task; paged, it asks COUNT (issue 12).
        return EXPORT_PAGE_SIZE
    return _original_get_paginate_by(self, queryset)


def install() -> None:
    """Make every admin spreadsheet export safe for Excel (called once from QmsConfig.ready)."""
    mixin: Any = SpreadsheetExportMixin
    mixin.custom_value_preprocess = VALUE_PREPROCESS
    mixin.to_row_dict = _to_row_dict
    mixin.preprocess_field_value = _preprocess_field_value
    mixin.stream_csv = _stream_csv
    mixin.write_csv_response = _write_csv_response
    # Long lists are exported by a Celery task (qms.lib.export_jobs, issue 12).
    mixin.as_spreadsheet = _as_spreadsheet
    mixin.get_paginate_by = _get_paginate_by
