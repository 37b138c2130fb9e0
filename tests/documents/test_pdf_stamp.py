"""Controlled and obsolete stamps, merging attachments, metadata and search text."""

import io
import unicodedata

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, NumberObject, RectangleObject

from qms.lib.pdf.stamp import (
    extract_text,
    merge_pdfs,
    set_metadata,
    stamp_controlled,
    stamp_obsolete,
)
from qms.lib.pdf.text import clean_text
from qms.lib.pdf.validation import validate_pdf
from tests.documents import pdf_fixtures as fx

VERIFY_URL = "https://motcua.example.gov.vn/xac-thuc/QT.HT.01/02?ban=17"
FOOTER = "Bản kiểm soát số 17 – tải về lúc 10:00 01/03/2026 bởi Nguyễn Văn An"


def texts(pdf: bytes) -> list[str]:
    return [
        clean_text(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def links(page) -> list[tuple[str, RectangleObject]]:
    found = []
    for annotation in page.get("/Annots", []):
        annotation = annotation.get_object()
        if annotation["/Subtype"] == "/Link":
            found.append(
                (annotation["/A"]["/URI"], RectangleObject(annotation["/Rect"]))
            )
    return found


@pytest.fixture(scope="module")
def stamped() -> bytes:
    return stamp_controlled(fx.clean_pdf(pages=3), verify_url=VERIFY_URL, footer=FOOTER)


def test_every_stamped_page_says_controlled_copy_and_keeps_its_text(stamped):
    """ISO 9001:2015 7.5.3.1(a): each page identifies itself as a controlled copy."""
    pages = texts(stamped)

    assert len(pages) == 3
    for text in pages:
        assert "BẢN KIỂM SOÁT" in text
        assert "Bản kiểm soát số 17" in text
        assert fx.CLEAN_TEXT in text
        # Printed as text, not only inside the QR image (issue 14): a photocopy can be checked.
        assert VERIFY_URL in text


def test_every_stamped_page_links_its_qr_code_to_the_verify_url(stamped):
    for page in PdfReader(io.BytesIO(stamped)).pages:
        [(uri, rect)] = links(page)
        assert uri == VERIFY_URL
        box = page.cropbox
        assert box.left <= rect.left < rect.right <= box.right
        assert box.bottom <= rect.bottom < rect.top <= box.top / 4  # bottom corner


def test_a_stamped_copy_passes_upload_validation(stamped):
    """Our own link annotation is a plain https URI, not active content."""
    assert validate_pdf(stamped).page_count == 3


def test_stamping_reuses_one_stamp_for_all_pages(stamped):
    reader = PdfReader(io.BytesIO(stamped))
    forms = {
        page["/Resources"]["/XObject"].raw_get("/QmsStamp").idnum
        for page in reader.pages
    }

    assert len(forms) == 1
    assert len(stamped) < len(fx.clean_pdf(pages=3)) + 40_000


def test_stamp_lands_inside_rotated_and_offset_pages():
    writer = PdfWriter(clone_from=io.BytesIO(fx.clean_pdf(pages=2)))
    writer.pages[0][NameObject("/Rotate")] = NumberObject(90)
    writer.pages[1].cropbox = RectangleObject((100, 200, 500, 800))
    buffer = io.BytesIO()
    writer.write(buffer)

    result = PdfReader(
        io.BytesIO(
            stamp_controlled(buffer.getvalue(), verify_url=VERIFY_URL, footer=FOOTER)
        )
    )

    for page in result.pages:
        [(_uri, rect)] = links(page)
        box = page.cropbox
        assert box.left <= rect.left and rect.right <= box.right
        assert box.bottom <= rect.bottom and rect.top <= box.top
        assert "BẢN KIỂM SOÁT" in clean_text(page.extract_text())


def test_stamp_handles_resources_inherited_from_the_page_tree():
    objects = fx._one_page(b"BT /F1 12 Tf 72 700 Td (Dang ky khai sinh) Tj ET")
    objects[2] = (
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
    )

    result = stamp_controlled(
        fx.raw_pdf(objects, root=1), verify_url=VERIFY_URL, footer=FOOTER
    )

    [text] = texts(result)
    assert "Dang ky khai sinh" in text
    assert "BẢN KIỂM SOÁT" in text


def test_obsolete_stamp_marks_every_page():
    """ISO 9001:2015 7.5.3.2(d): obsolete documents are identified as such."""
    note = "Đã được thay thế bởi lần ban hành 02 ngày 01/03/2026"

    pages = texts(stamp_obsolete(fx.clean_pdf(pages=2), text=note))

    for text in pages:
        assert "HẾT HIỆU LỰC" in text
        assert "lần ban hành 02 ngày 01/03/2026" in text


def test_merge_appends_attachments_with_outline_items():
    merged = merge_pdfs(
        fx.clean_pdf(pages=2),
        [
            ("BM.01 Tờ khai khai sinh", fx.clean_pdf(pages=1)),
            ("BM.02 Phiếu tiếp nhận", fx.clean_pdf(pages=3)),
        ],
        main_title="QT.HT.01 Quy trình đăng ký khai sinh",
    )

    reader = PdfReader(io.BytesIO(merged))
    assert len(reader.pages) == 6
    outline = {
        item.title: reader.get_destination_page_number(item) for item in reader.outline
    }
    assert outline == {
        "QT.HT.01 Quy trình đăng ký khai sinh": 0,
        "BM.01 Tờ khai khai sinh": 2,
        "BM.02 Phiếu tiếp nhận": 3,
    }


def test_metadata_round_trips_with_custom_keys():
    pdf = set_metadata(
        fx.clean_pdf(),
        {
            "/Title": "Sổ tay chất lượng",
            "Author": "Phòng QA",
            "/DocCode": "ST-01",
            "/Release": "03",
        },
    )

    metadata = PdfReader(io.BytesIO(pdf)).metadata
    assert metadata["/Title"] == "Sổ tay chất lượng"
    assert metadata["/Author"] == "Phòng QA"
    assert metadata["/DocCode"] == "ST-01"
    assert metadata["/Release"] == "03"


def test_extract_text_is_nfc_and_collapsed():
    text = extract_text(fx.clean_pdf(pages=2))

    assert fx.CLEAN_TEXT in text
    assert text == unicodedata.normalize("NFC", text)
    assert "  " not in text and "\n" not in text


def test_extract_text_respects_the_cap():
    assert len(extract_text(fx.clean_pdf(pages=2), max_chars=20)) == 20
