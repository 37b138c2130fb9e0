"""Spreadsheet exports that open correctly in Excel and never run a formula (issue 10, part 5).

Every admin list export goes through Wagtail's ``SpreadsheetExportMixin``: our viewsets, our
reports and Wagtail's own reports (site history, page types…). Installing the behaviour on the
mixin once, at start-up, reaches all of them, including viewsets no shared base of ours
controls; a subclass would have to be remembered by every new viewset.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.http import StreamingHttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.coreutils import multigetattr

CSV = SpreadsheetExportMixin.FORMAT_CSV
XLSX = SpreadsheetExportMixin.FORMAT_XLSX
# Excel opens a CSV without a byte-order mark in the system code page: Vietnamese breaks.
BOM = "\ufeff"
# OWASP "CSV injection": a spreadsheet evaluates a cell starting with one of these.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


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


def _list_to_str(value: list[Any]) -> str:
    return ", ".join(str(v) for v in value)


# Order matters: a datetime is also a date, and a bool is also an int.
VALUE_PREPROCESS: dict[Any, dict[str, Callable[[Any], Any] | None]] = {
    dt.datetime: {CSV: _csv_datetime, XLSX: _xlsx_datetime},
    dt.date: {CSV: _csv_date, XLSX: None},
    dt.time: {XLSX: None},
    bool: {CSV: _yes_no, XLSX: _yes_no},
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


def install() -> None:
    """Make every admin spreadsheet export safe for Excel (called once from QmsConfig.ready)."""
    mixin: Any = SpreadsheetExportMixin
    mixin.custom_value_preprocess = VALUE_PREPROCESS
    mixin.to_row_dict = _to_row_dict
    mixin.preprocess_field_value = _preprocess_field_value
    mixin.stream_csv = _stream_csv
    mixin.write_csv_response = _write_csv_response
