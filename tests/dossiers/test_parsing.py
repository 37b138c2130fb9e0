"""Reading XLSX and CSV exports; every error names its row and its Vietnamese column."""

from __future__ import annotations

import datetime as dt

import pytest

from dossiers.parsing import ImportFileError, parse_file
from dossiers.sample_file import (
    HEADINGS,
    SAMPLE_CSV,
    SAMPLE_XLSX,
    csv_bytes,
    sample_rows,
    xlsx_bytes,
)
from tests.dossiers.conftest import GOOD

pytestmark = pytest.mark.django_db  # the XLSX check reads no table, dates do


def test_the_shipped_sample_parses_the_same_as_xlsx_and_csv():
    from_xlsx = parse_file(SAMPLE_XLSX.read_bytes())
    from_csv = parse_file(SAMPLE_CSV.read_bytes())
    assert from_xlsx.error_count == from_csv.error_count == 0
    assert from_xlsx.total == from_csv.total == 50
    assert [r.national_code for r in from_xlsx.rows] == [
        r.national_code for r in from_csv.rows
    ]
    assert from_xlsx.periods[0] == dt.date(2026, 1, 1)
    assert from_xlsx.periods[-1] == dt.date(2026, 10, 1)
    # The shipped files are what the generator writes (nobody edited one of them by hand).
    assert (
        from_csv.rows[0].received
        == parse_file(csv_bytes(sample_rows())).rows[0].received
    )


def test_xlsx_and_csv_rows_read_the_same_values():
    for data in (xlsx_bytes(GOOD), csv_bytes(GOOD)):
        result = parse_file(data)
        assert result.error_count == 0
        first = result.rows[0]
        assert (first.row, first.national_code, first.period_start) == (
            2,
            "1.001193",
            dt.date(2026, 1, 1),
        )
        assert (first.received, first.resolved_late, first.online) == (50, 1, 20)


def test_csv_without_bom_and_with_semicolons_is_read():
    text = ";".join(HEADINGS) + "\n" + ";".join(str(v) for v in [1, *GOOD[0]]) + "\n"
    result = parse_file(text.encode("utf-8"))
    assert result.error_count == 0
    assert result.rows[0].received == 50


def _errors(rows):
    return [e["message"] for e in parse_file(csv_bytes(rows)).errors]


@pytest.mark.parametrize(
    ("index", "value", "expected"),
    [
        (7, "-1", "Dòng 2, cột «Quá hạn»: phải là số nguyên không âm"),
        (4, "abc", "Dòng 2, cột «Tiếp nhận»: phải là số nguyên không âm"),
        (5, "2.5", "Dòng 2, cột «Trước hạn»: phải là số nguyên không âm"),
        (8, "", "Dòng 2, cột «Đang giải quyết»: bỏ trống; ghi 0 nếu không có"),
        (2, "13/2026", "Dòng 2, cột «Kỳ»: phải là tháng dạng MM/YYYY, ví dụ 03/2026"),
        (2, "12/2099", "Dòng 2, cột «Kỳ»: là tháng chưa bắt đầu"),
        (0, "", "Dòng 2, cột «Mã TTHC»: bỏ trống"),
        (1, "x" * 501, "Dòng 2, cột «Tên thủ tục»: quá dài (tối đa 500 ký tự)"),
        (10, "x", "Dòng 2, cột «Thư xin lỗi»: phải là số nguyên không âm"),
        (11, "51", "Dòng 2, cột «Trực tuyến»: nhiều hơn số hồ sơ tiếp nhận (50)"),
    ],
)
def test_each_cell_error_names_the_row_and_the_column(index, value, expected):
    row = list(GOOD[0])
    row[index] = value
    assert _errors([row]) == [expected]


def test_totals_must_not_exceed_received_plus_carried_over():
    row = list(GOOD[0])
    row[5] = 30  # early 30 + on time 28 + late 1 = 59 > 50 received + 0 carried
    assert _errors([row]) == [
        "Dòng 2, cột «Tiếp nhận»: số hồ sơ đã giải quyết (trước hạn + đúng hạn + quá hạn "
        "= 59) vượt số tiếp nhận cộng số kỳ trước chuyển qua (50)"
    ]
    row[3] = 9  # carried over from the previous month makes it possible
    assert _errors([row]) == []


def test_duplicate_procedure_and_period_names_the_first_row():
    assert _errors([GOOD[0], GOOD[1], GOOD[0]]) == [
        "Dòng 4, cột «Mã TTHC»: cùng thủ tục và kỳ đã có ở dòng 2"
    ]


def test_every_missing_heading_is_reported_on_row_1():
    rows = parse_file("Mã TTHC,Kỳ,Tiếp nhận\n1,01/2026,3\n".encode()).errors
    columns = [e["column"] for e in rows]
    assert {e["row"] for e in rows} == {1}
    assert columns == [
        "Tên thủ tục",
        "Trước hạn",
        "Đúng hạn",
        "Quá hạn",
        "Đang giải quyết",
        "Trả lại",
        "Thư xin lỗi",
    ]
    assert rows[0]["message"] == (
        "Dòng 1, cột «Tên thủ tục»: thiếu cột này trong dòng tiêu đề"
    )


def test_errors_in_many_rows_are_all_counted():
    bad = [list(GOOD[0]) for _ in range(3)]
    for number, row in enumerate(bad):
        row[2] = f"0{number + 1}/2026"
        row[7] = "?"
    result = parse_file(xlsx_bytes(bad))
    assert [e["row"] for e in result.errors] == [2, 3, 4]
    assert result.error_count == 3


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "trống"),
        ("Mã TTHC,Kỳ\n".encode("utf-16"), "UTF-8"),
        (b"PK\x03\x04not really a zip", "Excel"),
        (csv_bytes([]), "không có dòng số liệu"),
    ],
)
def test_unreadable_files_are_refused_as_a_whole(data, fragment):
    with pytest.raises(ImportFileError) as caught:
        parse_file(data)
    assert fragment in caught.value.message
