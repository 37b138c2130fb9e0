"""Files: PDF text is searchable; private files and superseded PDFs never reach the public."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction

from documents.models import DocumentRelease, ProcedureForm, QmsDocument
from documents.services.drafting import (
    document_draft,
)
from documents.services.jobs import release_render_pdf
from qms import services as org
from qms.lib.pdf import validate_pdf
from tests.documents import pdf_fixtures
from tests.documents.conftest import approve, birth_procedure


def _pdf_with_text(text):
    import io

    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, text)
    canvas.save()
    return buffer.getvalue()


def _pdf_document(title, collection=None, text=None):
    data = _pdf_with_text(text) if text else pdf_fixtures.clean_pdf()
    checked = validate_pdf(data)
    document = QmsDocument(
        title=title,
        collection=collection or Collection.get_first_root_node(),
        sha256=checked.sha256,
        page_count=checked.page_count,
        extracted_text=checked.text,
    )
    document.file.save("to-khai.pdf", ContentFile(data), save=False)
    document.save()
    return document


@pytest.mark.django_db
def test_text_of_attached_form_pdfs_is_searchable(client, tree):
    page = birth_procedure()
    page = document_draft(parent=tree["index"], page=page, user=tree["officer"])
    form_file = _pdf_document("Tờ khai", text="Phieu kiem tra ma ZEBRAFISH")
    ProcedureForm.objects.create(
        page=page, code="BM-01", name="Tờ khai", file=form_file
    )
    page.save_revision(user=tree["officer"])
    approve(page, tree)
    # "zebrafish" is written only inside the attached PDF.
    html = client.get("/search/", {"q": "zebrafish"}).content.decode()
    assert "QT-HT-01" in html


@pytest.mark.django_db
def test_private_collection_file_is_not_public(client, tree):
    """AC-01: a file in an agency's private collection answers anonymous requests with a
    redirect, its agency's staff with the file, and another agency's staff with a 404."""
    private = org.agency_collection_ensure(agency=tree["agency"])
    document = _pdf_document("Bản gốc có chữ ký", collection=private)
    response = client.get(document.url)
    assert response.status_code == 302
    client.force_login(tree["officer"])
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"  # AC-06
    assert "default-src 'none'" in response["Content-Security-Policy"]
    client.force_login(tree["outsider"])
    assert client.get(document.url).status_code == 404


@pytest.mark.django_db
def test_a_file_outside_every_agency_collection_is_for_superusers_only(
    client, tree, admin_user
):
    """A login restriction alone no longer opens a file to every agency (issue 10)."""
    private = Collection.get_first_root_node().add_child(name="Hồ sơ nội bộ")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type="login"
    )
    document = _pdf_document("Bản gốc có chữ ký", collection=private)
    assert client.get(document.url).status_code == 302
    client.force_login(tree["officer"])
    assert client.get(document.url).status_code == 404
    client.force_login(admin_user)
    assert client.get(document.url).status_code == 200


@pytest.mark.django_db
def test_release_pdf_is_public_while_in_force_then_staff_only_and_stamped(
    client, tree, draft
):
    """AC-01/AC-07: a superseded controlled copy is never served anonymously."""
    page = approve(draft, tree)
    first = DocumentRelease.objects.get(page=page)
    release_render_pdf(release_id=first.pk)
    url = reverse("documents:release_pdf", args=[first.verify_token])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    revision = page.get_latest_revision_as_object()
    revision.amendment_summary = "Sửa bước 1."
    revision.save_revision(user=tree["officer"])
    approve(page, tree)
    assert client.get(url).status_code == 404
    client.force_login(tree["officer"])
    response = client.get(url)
    assert response.status_code == 200
    from qms.lib.pdf import extract_text

    assert "HẾT HIỆU LỰC" in extract_text(response.content)
    client.force_login(tree["outsider"])
    assert client.get(url).status_code == 404
