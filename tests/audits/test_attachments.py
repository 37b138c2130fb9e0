"""Evidence files: photos through Pillow, PDFs through the document upload validator."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from audits.models import AuditAttachment
from audits.services.attachments import audit_item_attach
from tests.documents.pdf_fixtures import clean_pdf, openaction_js


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_photo_and_pdf_are_attached_with_their_hash(
    started, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    item = started.items.first()
    audit_item_attach(
        item=item, user=people["lead"], upload=SimpleUploadedFile("anh.png", _png())
    )
    audit_item_attach(
        item=item, user=people["lead"], upload=SimpleUploadedFile("bb.pdf", clean_pdf())
    )
    assert AuditAttachment.objects.filter(item=item).count() == 2
    assert all(len(a.sha256) == 64 for a in AuditAttachment.objects.all())


@pytest.mark.django_db
@pytest.mark.parametrize("name,content", [("x.txt", b"hello world"), ("js.pdf", None)])
def test_other_files_and_active_pdfs_are_refused(
    started, people, settings, tmp_path, name, content
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile(
        name, content if content is not None else openaction_js()
    )
    with pytest.raises(ValidationError):
        audit_item_attach(
            item=started.items.first(), user=people["lead"], upload=upload
        )
    assert not AuditAttachment.objects.exists()


@pytest.mark.django_db
def test_a_png_html_polyglot_is_stored_as_png(started, people, settings, tmp_path):
    """UP-05: the stored name takes the detected type's extension, never ``.html``."""
    settings.MEDIA_ROOT = tmp_path
    polyglot = _png() + b"<html><script>alert(1)</script></html>"
    attachment = audit_item_attach(
        item=started.items.first(),
        user=people["lead"],
        upload=SimpleUploadedFile("bang-chung.html", polyglot),
    )
    assert attachment.file.name.endswith(".png")
    assert not attachment.name.endswith(".html")
