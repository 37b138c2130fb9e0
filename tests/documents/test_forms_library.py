"""The forms library (issue 13 part 2): Office forms validated by type and accepted for forms
only, frozen with the release, downloadable from the public page, scoped per agency."""

import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import ProcedureForm, QmsDocument, ReleaseForm
from documents.services.drafting import document_draft
from documents.services.lifecycle import document_withdraw
from documents.services.pdf import _form_attachments, build_release_document
from qms import services as org
from qms.lib.office import (
    MAX_ENTRIES,
    OfficeRejectCode,
    OfficeRejected,
    validate_office,
)
from qms.models import Agency
from qms.roles import Role
from tests.documents import office_fixtures as office
from tests.documents import pdf_fixtures
from tests.documents.conftest import approve, birth_procedure
from tests.documents.test_wagtail_files import _document
from tests.factories import staff_user

CREATE = "qms_form_file_chooser:create"
PREFIX = "document-chooser-upload"


@pytest.fixture
def files(tree):
    """Both agencies with their collections, a quality officer each, a file in each."""
    other = Agency.objects.get(name="UBND phường Khác")
    own_collection = org.agency_collection_ensure(agency=tree["agency"])
    other_collection = org.agency_collection_ensure(agency=other)
    return {
        **tree,
        "rival": staff_user(Role.QUALITY_OFFICER, other, username="thuky-khac"),
        "own_collection": own_collection,
        "other_collection": other_collection,
        "own_doc": _document("Tờ khai của phường", own_collection),
        "other_doc": _document("Biểu mẫu CANARY-KHAC", other_collection),
    }


def _stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return set(root.rglob("*")) if root.exists() else set()


def _office_document(title, collection, data, name):
    checked = validate_office(data)
    document = QmsDocument(title=title, collection=collection, sha256=checked.sha256)
    document.file.save(
        f"{name}.{checked.kind.extension}", ContentFile(data), save=False
    )
    document.save()
    return document


def _upload(client, data, name, title="Biểu mẫu tải lên"):
    return client.post(
        reverse(CREATE),
        {
            f"{PREFIX}-title": title,
            f"{PREFIX}-file": SimpleUploadedFile(name, data),
        },
    )


# --- validation by type ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "extension", "text"),
    [
        (office.good_docx, "docx", "Tờ khai đăng ký kết hôn"),
        (office.good_xlsx, "xlsx", "Sổ theo dõi hồ sơ"),
    ],
    ids=["docx", "xlsx"],
)
def test_a_real_docx_or_xlsx_is_accepted_with_its_text(data, extension, text):
    checked = validate_office(data())
    assert checked.kind.extension == extension
    assert text in checked.text
    assert checked.sha256 == hashlib.sha256(data()).hexdigest()


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (office.macro_docx, OfficeRejectCode.MACROS),
        (office.macro_xlsx, OfficeRejectCode.MACROS),
        (office.vba_part_docx, OfficeRejectCode.MACROS),
        (office.ole_docx, OfficeRejectCode.ACTIVE_CONTENT),
        (office.activex_xlsx, OfficeRejectCode.ACTIVE_CONTENT),
        (office.remote_template_docx, OfficeRejectCode.ACTIVE_CONTENT),
        (office.entity_bomb_docx, OfficeRejectCode.ACTIVE_CONTENT),
        (office.renamed_exe, OfficeRejectCode.NOT_OFFICE),
        (office.plain_zip, OfficeRejectCode.NOT_OFFICE),
        (office.zip_bomb_docx, OfficeRejectCode.TOO_LARGE),
        (office.many_parts_xlsx, OfficeRejectCode.TOO_LARGE),
        (office.xml_bomb_docx, OfficeRejectCode.TOO_LARGE),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_hostile_or_fake_office_files_are_refused(make, code):
    with pytest.raises(OfficeRejected) as refused:
        validate_office(make())
    assert refused.value.code == code


def test_the_bounds_are_the_ones_tested():
    assert len(office.many_parts_xlsx().split(b"PK\x01\x02")) - 1 > MAX_ENTRIES
    # The bomb is small on disk and big inflated: its declared sizes are not trusted.
    assert len(office.zip_bomb_docx()) < 1024 * 1024


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "name", "extension"),
    [
        (office.good_docx, "to-khai.DOC", "docx"),
        (office.good_xlsx, "so-theo-doi.pdf", "xlsx"),
        (pdf_fixtures.clean_pdf, "to-khai.docx", "pdf"),
    ],
    ids=["docx-misnamed", "xlsx-named-pdf", "pdf-named-docx"],
)
def test_the_form_chooser_stores_a_form_under_its_real_type_in_her_collection(
    client, files, data, name, extension
):
    client.force_login(files["officer"])
    response = _upload(client, data(), name)
    assert response.status_code == 200
    assert response.json()["step"] == "chosen", response.json()
    document = QmsDocument.objects.get(title="Biểu mẫu tải lên")
    assert document.file.name.endswith(f".{extension}")
    assert document.kind.extension == extension
    assert document.collection == files["own_collection"]
    assert document.sha256 == hashlib.sha256(data()).hexdigest()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (office.macro_docx, "có chứa macro"),
        (office.macro_xlsx, "có chứa macro"),
        (office.renamed_exe, "không phải là tài liệu PDF, Word (.docx) hay Excel"),
        (office.plain_zip, "không phải là tài liệu PDF, Word (.docx) hay Excel"),
        (office.zip_bomb_docx, "dung lượng lớn bất thường"),
        (office.ole_docx, "nội dung tự thực thi hoặc liên kết"),
    ],
    ids=["docm", "xlsm", "exe", "zip", "zip-bomb", "ole"],
)
def test_a_refused_form_gets_a_vietnamese_error_and_nothing_is_stored(
    client, files, make, message
):
    client.force_login(files["officer"])
    before = _stored_files()
    response = _upload(client, make(), "bieu-mau.docx")
    payload = response.json()
    assert payload["step"] != "chosen"
    assert message in str(payload)
    assert not QmsDocument.objects.filter(title="Biểu mẫu tải lên").exists()
    assert _stored_files() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["wagtaildocs:add", "wagtaildocs_chooser:create"], ids=["add", "chooser"]
)
@pytest.mark.parametrize(
    "make", [office.good_docx, office.good_xlsx], ids=["docx", "xlsx"]
)
def test_generic_file_uploads_still_refuse_office_files(client, files, url, make):
    """Office files are for forms only: every other upload stays PDF-only."""
    client.force_login(files["officer"])
    before = _stored_files()
    prefix = "" if url == "wagtaildocs:add" else f"{PREFIX}-"
    response = client.post(
        reverse(url),
        {
            f"{prefix}title": "Tài liệu Word",
            f"{prefix}file": SimpleUploadedFile("tai-lieu.docx", make()),
        },
    )
    text = (
        str(response.json())
        if response["Content-Type"].startswith("application/json")
        else response.content.decode()
    )
    assert "không phải là tài liệu PDF" in text
    assert not QmsDocument.objects.filter(title="Tài liệu Word").exists()
    assert _stored_files() == before


# --- scoping ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_form_chooser_lists_and_chooses_only_her_agencys_files(client, files):
    client.force_login(files["rival"])
    html = client.get(reverse("qms_form_file_chooser:choose")).json()["html"]
    results = client.get(reverse("qms_form_file_chooser:choose_results") + "?q=phường")
    for text in (html, results.content.decode()):
        assert "Tờ khai của phường" not in text
    chosen = client.get(
        reverse("qms_form_file_chooser:chosen", args=[files["own_doc"].pk])
    )
    assert chosen.status_code in (302, 403, 404)
    assert "Tờ khai của phường" not in chosen.content.decode()
    client.force_login(files["officer"])
    html = client.get(reverse("qms_form_file_chooser:choose")).json()["html"]
    assert "Tờ khai của phường" in html
    assert "CANARY" not in html


@pytest.mark.django_db
def test_an_upload_through_the_form_chooser_ignores_another_agencys_collection(
    client, files
):
    client.force_login(files["officer"])
    response = client.post(
        reverse(CREATE),
        {
            f"{PREFIX}-title": "Biểu mẫu lạc",
            f"{PREFIX}-file": SimpleUploadedFile("x.docx", office.good_docx()),
            f"{PREFIX}-collection": files["other_collection"].pk,
        },
    )
    assert response.json()["step"] == "chosen"
    document = QmsDocument.objects.get(title="Biểu mẫu lạc")
    assert document.collection == files["own_collection"]


# --- frozen with the release ------------------------------------------------------------------


@pytest.fixture
def released(files):
    """A procedure released with a PDF form and a DOCX form."""
    collection = files["own_collection"]
    pdf = files["own_doc"]
    word = _office_document("Sổ theo dõi", collection, office.good_docx(), "so")
    page = document_draft(
        parent=files["index"], page=birth_procedure(), user=files["officer"]
    )
    ProcedureForm.objects.create(page=page, code="BM-01", name="Tờ khai", file=pdf)
    ProcedureForm.objects.create(page=page, code="BM-02", name="Sổ theo dõi", file=word)
    page.save_revision(user=files["officer"])
    page = approve(page, files)
    return {**files, "page": page, "pdf": pdf, "word": word}


def _frozen(release):
    return [
        (f.code, f.name, f.document_id, f.file.name, f.kind, f.sha256)
        for f in release.frozen_forms.all()
    ]


@pytest.mark.django_db
def test_a_release_freezes_its_forms_with_their_files_and_hashes(released):
    release = released["page"].current_release()
    assert _frozen(release) == [
        (
            "BM-01",
            "Tờ khai",
            released["pdf"].pk,
            released["pdf"].file.name,
            "pdf",
            hashlib.sha256(pdf_fixtures.clean_pdf()).hexdigest(),
        ),
        (
            "BM-02",
            "Sổ theo dõi",
            released["word"].pk,
            released["word"].file.name,
            "docx",
            hashlib.sha256(office.good_docx()).hexdigest(),
        ),
    ]


@pytest.mark.django_db
def test_changing_a_form_or_its_file_after_the_release_never_changes_it(
    client, released
):
    page, officer = released["page"], released["officer"]
    first = page.current_release()
    before = _frozen(first)
    # A new file uploaded into the same file object, and the form row renamed.
    word = released["word"]
    word.file.save("so-moi.docx", ContentFile(office.good_docx("Mẫu mới")))
    draft = page.get_latest_revision_as_object()
    draft.form_attachments = [
        ProcedureForm(code="BM-02", name="Sổ theo dõi (sửa đổi)", file=word)
    ]
    draft.amendment_summary = "Sửa đổi biểu mẫu BM-02, bỏ BM-01."
    draft.save_revision(user=officer)
    page = approve(page, released)
    first.refresh_from_db()
    assert _frozen(first) == before
    second = page.current_release()
    assert _frozen(second) == [
        (
            "BM-02",
            "Sổ theo dõi (sửa đổi)",
            word.pk,
            word.file.name,
            "docx",
            hashlib.sha256(office.good_docx("Mẫu mới")).hexdigest(),
        )
    ]
    # The old release's DOCX is still served as it was released (superseded = published).
    old_docx = first.frozen_forms.get(code="BM-02")
    response = client.get(reverse("documents:form_download", args=[old_docx.pk]))
    assert b"".join(response.streaming_content) == office.good_docx()


@pytest.mark.django_db
def test_the_controlled_pdf_appends_pdf_forms_and_lists_office_ones(released):
    release = released["page"].current_release()
    attachments = _form_attachments(release)
    assert [label for label, _data in attachments] == ["BM-01 Tờ khai"]
    assert attachments[0][1] == pdf_fixtures.clean_pdf()
    sections = build_release_document(release).sections
    forms = next(s for s in sections if s.heading.endswith(". Biểu mẫu"))
    assert forms.paragraphs == ["BM-01 Tờ khai", "BM-02 Sổ theo dõi (DOCX)"]


# --- public download ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_anyone_downloads_the_forms_of_the_release_in_force(client, released):
    html = client.get(released["page"].url).content.decode()
    # Sections are numbered from what the page shows (issue 14 part 2).
    assert re.search(r"<h2[^>]*>\d\. Biểu mẫu</h2>", html)
    for form, mime, data in [
        ("BM-01", "application/pdf", pdf_fixtures.clean_pdf()),
        (
            "BM-02",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            office.good_docx(),
        ),
    ]:
        frozen = ReleaseForm.objects.get(code=form)
        url = reverse("documents:form_download", args=[frozen.pk])
        assert f'href="{url}"' in html
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == mime
        assert response["X-Content-Type-Options"] == "nosniff"
        disposition = response["Content-Disposition"]
        assert disposition.startswith(f'attachment; filename="{form}-')
        assert f'.{frozen.kind}"' in disposition
        assert b"".join(response.streaming_content) == data


@pytest.mark.django_db
def test_a_withdrawn_release_s_forms_are_no_longer_served(client, released):
    frozen = list(ReleaseForm.objects.all())
    document_withdraw(
        page=released["page"],
        user=released["head"],
        reason="Bãi bỏ TTHC",
        password=released["password"],
    )
    for form in frozen:
        url = reverse("documents:form_download", args=[form.pk])
        assert client.get(url).status_code == 404
    assert client.get(released["word"].url).status_code == 302


@pytest.mark.django_db
def test_a_draft_s_forms_stay_private(client, files):
    """No release, no public form: the download URL and Wagtail's file URL refuse it."""
    secret = _office_document(
        "Biểu mẫu dự thảo CANARY-BM", files["own_collection"], office.good_docx(), "bm"
    )
    page = document_draft(
        parent=files["index"], page=birth_procedure(), user=files["officer"]
    )
    ProcedureForm.objects.create(page=page, code="BM-09", name="CANARY-BM", file=secret)
    page.save_revision(user=files["officer"])
    assert not ReleaseForm.objects.exists()
    assert client.get(secret.url).status_code == 302
    assert client.get(reverse("documents:form_download", args=[1])).status_code == 404
    for url in ("/", "/pho-hien/", "/pho-hien/tai-lieu-iso/", "/search/?q=bieu+mau"):
        assert "CANARY-BM" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_procedure_without_forms_shows_no_forms_heading(client, files):
    page = document_draft(
        parent=files["index"], page=birth_procedure(), user=files["officer"]
    )
    page = approve(page, files)
    assert ". Biểu mẫu</h2>" not in client.get(page.url).content.decode()
