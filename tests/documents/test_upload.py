"""Uploading files through Wagtail's document screens: validated first, nothing half-stored."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import QmsDocument
from tests.documents import pdf_fixtures


def _stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "documents"
    return set(root.rglob("*")) if root.exists() else set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "trang-web.pdf",
            b"<html><script>alert(1)</script></html>",
            "không phải là tài liệu PDF",
        ),
        ("bieu-mau-js.pdf", None, "nội dung tự thực thi"),
    ],
    ids=["UP-05-html-as-pdf", "UP-04-javascript"],
)
def test_bad_pdf_upload_is_refused_and_nothing_is_stored(
    admin_client, name, data, message
):
    if data is None:
        data = pdf_fixtures.openaction_js()
    before = _stored_files()
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Biểu mẫu",
            "file": SimpleUploadedFile(name, data, content_type="application/pdf"),
            "collection": 1,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not QmsDocument.objects.exists()
    assert _stored_files() == before


@pytest.mark.django_db
def test_clean_pdf_is_stored_with_hash_pages_and_text(admin_client):
    data = pdf_fixtures.clean_pdf()
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Tờ khai",
            "file": SimpleUploadedFile(
                "to-khai.pdf", data, content_type="application/pdf"
            ),
            "collection": 1,
        },
    )
    assert response.status_code == 302
    document = QmsDocument.objects.get()
    assert document.page_count >= 1
    assert len(document.sha256) == 64
    assert "Đăng ký khai sinh" in document.extracted_text
