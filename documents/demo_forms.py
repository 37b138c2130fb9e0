"""Demo forms (biểu mẫu) of Phố Hiến's marriage registration procedure (issue 13 part 2).

Made at seed time, so no binary file is committed: a PDF declaration drawn with reportlab
and a DOCX receipt slip written with python-docx. Both pass the same validation as an
upload and are stored in the agency's own file collection.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.base import ContentFile
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from documents.models import ProcedureForm, QmsDocument
from qms.lib.filetypes import stored_name
from qms.lib.office import validate_office
from qms.lib.pdf import validate_pdf
from qms.lib.pdf.fonts import register_fonts

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
DECLARATION_FIELDS = (
    "Họ, chữ đệm, tên:",
    "Ngày, tháng, năm sinh:",
    "Dân tộc:                          Quốc tịch:",
    "Nơi cư trú:",
    "Giấy tờ tùy thân:",
    "Kết hôn lần thứ mấy:",
)
RECEIPT_ROWS = (
    ("Tên thủ tục", "Đăng ký kết hôn"),
    ("Người nộp hồ sơ", ""),
    ("Số điện thoại", ""),
    ("Thành phần hồ sơ", "Tờ khai đăng ký kết hôn; giấy tờ tùy thân của hai bên"),
    ("Ngày hẹn trả kết quả", ""),
)


def declaration_pdf() -> bytes:
    """Tờ khai đăng ký kết hôn (the declaration) as a one-page PDF."""
    regular, bold = register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    width, height = A4
    canvas.setFont(bold, 12)
    canvas.drawCentredString(width / 2, height - 60, MOTTO[0])
    canvas.drawCentredString(width / 2, height - 76, MOTTO[1])
    canvas.setFont(bold, 15)
    canvas.drawCentredString(width / 2, height - 120, "TỜ KHAI ĐĂNG KÝ KẾT HÔN")
    canvas.setFont(regular, 12)
    canvas.drawString(72, height - 150, "Kính gửi: UBND phường Phố Hiến")
    y = height - 190
    for side in ("Bên nữ", "Bên nam"):
        canvas.setFont(bold, 12)
        canvas.drawString(72, y, side)
        canvas.setFont(regular, 12)
        for label in DECLARATION_FIELDS:
            y -= 22
            canvas.drawString(
                90, y, f"{label} ........................................"
            )
        y -= 30
    canvas.drawString(
        72, y, "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật."
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def receipt_docx() -> bytes:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01, TT 01/2018/TT-VPCP) as DOCX."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    for line in MOTTO:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_heading("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", level=1)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in RECEIPT_ROWS:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.add_paragraph("Người tiếp nhận (ký, ghi rõ họ tên)")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _stored(title: str, name: str, data: bytes, *, collection: Any, user: Any) -> Any:
    existing = QmsDocument.objects.filter(title=title, collection=collection).first()
    if existing is not None:
        return existing
    if data.startswith(b"%PDF"):
        validated = validate_pdf(data)
        fields = {
            "sha256": validated.sha256,
            "page_count": validated.page_count,
            "extracted_text": validated.text,
        }
        filename = name
    else:
        office = validate_office(data)
        fields = {"sha256": office.sha256, "extracted_text": office.text}
        filename = stored_name(name, office.kind)
    document = QmsDocument(
        title=title, collection=collection, uploaded_by_user=user, **fields
    )
    document.file.save(filename, ContentFile(data), save=False)
    document.save()
    return document


def attach_marriage_forms(page: Any, *, user: Any) -> None:
    """Attach a PDF and a DOCX form to the draft (the next revision carries them)."""
    from qms.services import agency_collection_ensure

    collection = agency_collection_ensure(agency=page.agency)
    declaration = _stored(
        "Tờ khai đăng ký kết hôn",
        "to-khai-dang-ky-ket-hon.pdf",
        declaration_pdf(),
        collection=collection,
        user=user,
    )
    receipt = _stored(
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "giay-tiep-nhan-hen-tra.docx",
        receipt_docx(),
        collection=collection,
        user=user,
    )
    page.form_attachments = [
        ProcedureForm(
            code="BM-HT-02-01", name="Tờ khai đăng ký kết hôn", file=declaration
        ),
        ProcedureForm(
            code="BM-HT-02-02",
            name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            file=receipt,
        ),
    ]
