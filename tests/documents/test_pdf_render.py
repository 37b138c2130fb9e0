"""The controlled copy of a release: header on every page, approval block, tables, NFC."""

import io
import unicodedata
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from documents.pdf_render import (
    Amendment,
    Approval,
    RecordRow,
    ReleaseDocument,
    Section,
    StepRow,
    format_signed_at,
    render_release_pdf,
)
from qms.lib.pdf.text import clean_text

PURPOSE = "Quy định trình tự tiếp nhận, giải quyết hồ sơ Đăng ký khai sinh tại Bộ phận Một cửa."


def release(**overrides) -> ReleaseDocument:
    steps = [
        StepRow(
            step=str(n),
            description=f"Công chức kiểm tra tính đầy đủ, hợp lệ của hồ sơ; hướng dẫn bổ sung một lần (lượt {n}).",
            responsible="Công chức Tư pháp – Hộ tịch",
            time_limit="0,5 ngày làm việc",
            forms="BM.01.02 Phiếu tiếp nhận",
        )
        for n in range(1, 31)
    ]
    doc = ReleaseDocument(
        agency="UBND phường Phố Hiến",
        title="Quy trình đăng ký khai sinh",
        code="QT.HT.01",
        release="02",
        effective_date=date(2026, 1, 15),
        kind="Quy trình",
        approvals=[
            Approval(
                "review",
                "Trần Thị Bình",
                "Phó Chủ tịch UBND phường",
                datetime(2026, 1, 14, 7, 5, tzinfo=UTC),
            ),
            Approval(
                "approve",
                "Lê Văn Cường",
                "Chủ tịch UBND phường",
                datetime(2026, 1, 14, 17, 30, tzinfo=UTC),
            ),
        ],
        sections=[
            Section("1. MỤC ĐÍCH", [PURPOSE]),
            Section(
                "2. PHẠM VI ÁP DỤNG",
                [
                    "Áp dụng tại UBND phường & Trung tâm Phục vụ hành chính công <cấp xã>."
                ],
            ),
            Section("5. NỘI DUNG QUY TRÌNH", ["Diễn giải các bước:"], steps),
        ],
        amendments=[
            Amendment(
                "02", date(2026, 1, 15), "Rút ngắn thời hạn thẩm định", "Mục 5, bước 3"
            )
        ],
        records=[
            RecordRow(
                "Sổ đăng ký khai sinh", "Công chức Tư pháp – Hộ tịch", "Vĩnh viễn"
            )
        ],
        prepared_by=Approval("prepare", "Nguyễn Văn An", "Thư ký ISO", None),
    )
    return replace(doc, **overrides)


@pytest.fixture(scope="module")
def pages() -> list[str]:
    """Text of each page, whitespace collapsed: table cells wrap mid-phrase."""
    reader = PdfReader(io.BytesIO(render_release_pdf(release())))
    return [clean_text(page.extract_text()) for page in reader.pages]


def test_the_sample_spans_three_pages(pages):
    assert len(pages) == 3


def test_every_page_carries_the_control_header(pages):
    """ISO 9001:2015 7.5.2(a): identification on every page (domain-vn §2.2)."""
    for number, text in enumerate(pages, start=1):
        assert "UBND phường Phố Hiến" in text
        assert "QUY TRÌNH" in text
        assert "Quy trình đăng ký khai sinh" in text
        assert "Mã hiệu: QT.HT.01" in text
        assert "Lần ban hành: 02" in text
        assert "Ngày hiệu lực: 15/01/2026" in text
        assert f"Trang {number}/3" in text


def test_first_page_has_approval_block_and_amendment_table(pages):
    first = pages[0]
    for label in (
        "SOẠN THẢO",
        "SOÁT XÉT",
        "PHÊ DUYỆT",
        "Nguyễn Văn An",
        "Thư ký ISO",
        "THEO DÕI SỬA ĐỔI TÀI LIỆU",
    ):
        assert label in first
    assert "Rút ngắn thời hạn thẩm định" in first


def test_signed_times_show_in_vietnam_time(pages):
    """21 CFR 11.50 / ES-02: signature manifestation with time zone; 17:30 UTC is 00:30 next day."""
    assert "14:05 14/01/2026 (GMT+7)" in pages[0]
    assert "00:30 15/01/2026 (GMT+7)" in pages[0]


def test_naive_signing_time_is_taken_as_utc():
    assert format_signed_at(datetime(2026, 1, 14, 7, 5)) == "14:05 14/01/2026 (GMT+7)"


def test_step_table_and_records_render_with_markup_characters_literal(pages):
    text = " ".join(pages)
    assert "Biểu mẫu/Kết quả" in text
    assert "lượt 30" in text
    assert "& Trung tâm Phục vụ hành chính công <cấp xã>" in text
    assert "Hồ sơ lưu".upper() in text
    assert "Sổ đăng ký khai sinh" in text


def test_decomposed_input_renders_as_composed_text():
    """macOS-style NFD input must not produce misplaced combining marks."""
    nfd = unicodedata.normalize("NFD", "Đăng ký khai sinh")
    doc = release(
        title=nfd,
        sections=[Section(unicodedata.normalize("NFD", "1. MỤC ĐÍCH"), [nfd])],
    )

    text = PdfReader(io.BytesIO(render_release_pdf(doc))).pages[0].extract_text()

    assert text.count("Đăng ký khai sinh") >= 2
    assert (
        "\u0301" not in text and "\u0306" not in text
    )  # no stray combining acute/breve


def test_metadata_names_the_document():
    reader = PdfReader(io.BytesIO(render_release_pdf(release(sections=[]))))

    assert reader.metadata["/Title"] == "Quy trình đăng ký khai sinh"
    assert reader.metadata["/Author"] == "UBND phường Phố Hiến"
    assert (
        "QT.HT.01" in reader.metadata["/Subject"]
        and "02" in reader.metadata["/Subject"]
    )
    assert reader.metadata["/DocCode"] == "QT.HT.01"
    assert reader.metadata["/Release"] == "02"


def test_a_document_without_amendments_or_records_still_renders():
    doc = release(amendments=[], records=[], approvals=[], prepared_by=None)

    text = PdfReader(io.BytesIO(render_release_pdf(doc))).pages[0].extract_text()

    assert "THEO DÕI SỬA ĐỔI TÀI LIỆU" in text
    assert "Trang 1/" in text


def test_a_step_longer_than_a_page_splits_instead_of_failing():
    long_step = StepRow("1", "Kiểm tra hồ sơ. " * 1500, "Công chức", "1 ngày", "BM.01")
    doc = release(sections=[Section("5. NỘI DUNG QUY TRÌNH", [], [long_step])])

    reader = PdfReader(io.BytesIO(render_release_pdf(doc)))

    assert len(reader.pages) >= 2
    assert "Trang 1/" in reader.pages[0].extract_text()


def test_every_page_numbered_and_the_first_carries_the_national_motto(pages):
    """The shared administrative header (Nghị định 30/2020) above the approval block."""
    first = pages[0]

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert "Quy trình đăng ký khai sinh" in first
    assert "Trang 1/3" in first
