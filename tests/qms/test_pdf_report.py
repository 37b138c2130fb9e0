"""qms.lib.pdf and qms.lib.dates: the shared PDF scaffold and the localized date helpers."""

import ast
import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import translation
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak

from qms.lib.dates import format_date, format_datetime, format_signed_at
from qms.lib.pdf.report import (
    COUNTRY,
    MOTTO,
    Metadata,
    PageSetup,
    admin_header,
    build_report,
    para,
    table,
    title_block,
)
from qms.lib.pdf.text import clean_text

ROOT = Path(__file__).resolve().parents[2]
FEATURE_APPS = ("documents", "training", "audits", "feedback")
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


# --- dates ----------------------------------------------------------------------------------


def test_dates_use_the_vietnamese_short_formats():
    with translation.override("vi"):
        assert format_date(dt.date(2026, 2, 3)) == "03/02/2026"
        moment = dt.datetime(2026, 2, 3, 7, 5, tzinfo=dt.UTC)  # 14:05 in Hà Nội
        assert format_datetime(moment) == "14:05 03/02/2026"
        assert (
            format_datetime(moment, with_offset=True) == "14:05 03/02/2026 (GMT+07:00)"
        )


def test_dates_follow_the_active_language_unless_one_is_given():
    day = dt.date(2026, 2, 3)
    with translation.override("en"):  # qms/formats/en keeps the Vietnamese dd/mm/yyyy
        assert format_date(day) == "03/02/2026"
    with translation.override("de"):  # a locale with other formats: they are Django's
        assert format_date(day) == "03.02.2026"
        assert format_date(day, language="vi") == "03/02/2026"


def test_missing_dates_print_a_dash_and_aware_datetimes_their_local_day():
    assert format_date(None) == "—"
    assert format_datetime(None) == "—"
    late_utc = dt.datetime(
        2026, 2, 3, 20, 0, tzinfo=dt.UTC
    )  # already 4 February in Hà Nội
    with translation.override("vi"):
        assert format_date(late_utc) == "04/02/2026"


def test_signing_time_is_vietnam_time_whatever_the_language():
    with translation.override("en"):
        assert (
            format_signed_at(dt.datetime(2026, 1, 14, 17, 30))
            == "00:30 15/01/2026 (GMT+7)"
        )


# --- a date never breaks across a line --------------------------------------------------------


def test_a_date_in_a_cell_narrower_than_it_stays_one_word():
    """The bug: "03/02/202 6" was printed across a line break in a narrow cell."""
    cell = para("Ngày 03/02/2026", "cell")
    cell.wrap(14 * mm, 100 * mm)
    words = [word for _width, line in cell.blPara.lines for word in line]

    assert "03/02/2026" in words


def test_a_narrow_table_cell_prints_the_date_whole():
    narrow = table(("Ngày",), [("03/02/2026",), ("Hạn 14:05 15/01/2026",)], [14 * mm])
    pdf = build_report([narrow], metadata=Metadata(title="Hẹp"))

    text = _pages(pdf)[0]

    assert "03/02/2026" in text
    assert "15/01/2026" in text


def test_text_without_dates_still_splits_long_words_to_fit():
    """Long words (a URL, a hash) keep reportlab's splitting: only dates are kept whole."""
    cell = para("https://dichvucong.gov.vn/p/home/dvc-chi-tiet", "cell")
    cell.wrap(20 * mm, 100 * mm)

    assert len(cell.blPara.lines) > 1


# --- the scaffold ----------------------------------------------------------------------------


def test_a_report_has_the_motto_title_and_page_numbers_on_every_page():
    story = [
        admin_header("UBND phường Phố Hiến", PageSetup().width),
        *title_block("Báo cáo thử", "Mã: BC-01"),
        PageBreak(),
        para("Trang hai"),
    ]
    pdf = build_report(story, metadata=Metadata(title="Báo cáo thử", author="UBND"))

    first, second = (clean_text(text) for text in _pages(pdf))

    assert COUNTRY in first and MOTTO in first
    assert "UBND PHƯỜNG PHỐ HIẾN" in first and "BÁO CÁO THỬ" in first
    assert "Trang 1/2" in first and "Trang 2/2" in second


def test_metadata_carries_standard_and_custom_keys():
    pdf = build_report(
        [para("x")],
        metadata=Metadata(
            title="Tiêu đề",
            author="Cơ quan",
            subject="Chủ đề",
            custom={"DocCode": "QT.01"},
        ),
    )

    info = PdfReader(io.BytesIO(pdf)).metadata

    assert info["/Title"] == "Tiêu đề"
    assert info["/Author"] == "Cơ quan"
    assert info["/Subject"] == "Chủ đề"
    assert info["/Creator"] == "Một Cửa QMS"
    assert info["/DocCode"] == "QT.01"


# --- where the kit lives -----------------------------------------------------------------------


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_shared_kit_imports_no_feature_app():
    offenders = {
        str(path.relative_to(ROOT)): name
        for path in (ROOT / "qms" / "lib").rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in FEATURE_APPS
    }

    assert offenders == {}


def test_the_pdf_kit_is_no_longer_inside_documents():
    assert not (ROOT / "documents" / "pdf").exists()
    users = {
        str(path.relative_to(ROOT))
        for app in ("training", "audits", "bench", "tests")
        for path in (ROOT / app).rglob("*.py")
        if any(name.split(".")[:2] == ["documents", "pdf"] for name in _imports(path))
    }

    assert users == set()
