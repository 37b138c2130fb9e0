"""Wagtail files and images (issue 10 part 2): private per agency, served only in scope or
while a live public release uses them, named after their real type, bombs refused."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.permissions import permission_policy as document_policy
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission

from documents.models import ProcedureForm, QmsDocument
from documents.services.drafting import document_draft
from documents.services.lifecycle import document_withdraw
from qms import services as org
from qms.lib.filetypes import PNG, content_disposition, sniff, stored_name
from qms.lib.pdf import validate_pdf
from qms.models import Agency, AgencyGroup
from qms.roles import Role
from tests.documents import pdf_fixtures
from tests.documents.conftest import approve, birth_procedure
from tests.factories import staff_user

Image = get_image_model()
SECRET_DOC = "Hồ sơ mật CANARY-TEP-41"
SECRET_IMAGE = "Ảnh mật CANARY-ANH-41"


def _png(width=8, height=8):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "red").save(buffer, "PNG")
    return buffer.getvalue()


def _png_declaring(width, height):
    """A few hundred bytes whose header declares ``width`` × ``height`` pixels (a bomb)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


POLYGLOT = _png() + b"<html><script>alert(document.cookie)</script></html>"


def _stored_files():
    root = Path(settings.MEDIA_ROOT)
    return set(root.rglob("*")) if root.exists() else set()


def _document(title, collection, name="to-khai.pdf"):
    data = pdf_fixtures.clean_pdf()
    document = QmsDocument(
        title=title, collection=collection, sha256=validate_pdf(data).sha256
    )
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


def _image(title, collection):
    from django.core.files.images import ImageFile

    return Image.objects.create(
        title=title,
        collection=collection,
        file=ImageFile(io.BytesIO(_png()), name="anh.png"),
    )


@pytest.fixture
def files(tree):
    """Both agencies with their collections; a quality officer and a secret file in each."""
    other = Agency.objects.get(name="UBND phường Khác")
    rival = staff_user(Role.QUALITY_OFFICER, other, username="thuky-khac")
    own_collection = org.agency_collection_ensure(agency=tree["agency"])
    other_collection = org.agency_collection_ensure(agency=other)
    return {
        **tree,
        "other": other,
        "rival": rival,
        "own_collection": own_collection,
        "other_collection": other_collection,
        "other_doc": _document(SECRET_DOC, other_collection),
        "other_image": _image(SECRET_IMAGE, other_collection),
        "own_doc": _document("Tờ khai của phường", own_collection),
    }


# --- collections and their permissions --------------------------------------------------


@pytest.mark.django_db
def test_each_agency_collection_is_granted_to_its_own_groups_only(files):
    for agency, collection in [
        (files["agency"], files["own_collection"]),
        (files["other"], files["other_collection"]),
    ]:
        granted = GroupCollectionPermission.objects.filter(collection=collection)
        owners = set(
            AgencyGroup.objects.filter(group__in=granted.values("group")).values_list(
                "agency_id", flat=True
            )
        )
        assert owners == {agency.pk}
        codenames = set(granted.values_list("permission__codename", flat=True))
        assert codenames == {
            "add_document",
            "change_document",
            "choose_document",
            "add_image",
            "change_image",
            "choose_image",
        }
    root = Collection.get_first_root_node()
    role_groups = AgencyGroup.objects.values("group")
    assert not GroupCollectionPermission.objects.filter(
        collection=root, group__in=role_groups
    ).exists()


@pytest.mark.django_db
def test_a_new_agency_gets_its_collection_and_ensuring_twice_changes_nothing(files):
    agency = org.agency_save(
        agency=Agency(name="Sở Nội vụ Mới", kind="so", valid_from="2025-07-01")
    )
    assert agency.collection is not None
    assert agency.collection.get_parent() == Collection.get_first_root_node()
    count = GroupCollectionPermission.objects.count()
    assert org.agency_collections_ensure() == 0
    org.agency_collection_ensure(agency=agency)
    assert GroupCollectionPermission.objects.count() == count


@pytest.mark.django_db
def test_agencies_from_before_collections_get_theirs_after_migrate(tree):
    """GIVEN agencies created without a collection (before this change) WHEN migrate
    finishes THEN each has its own, and its officer is in the group that may use it."""
    from qms.signals import sync_roles_after_migrate

    agency = tree["agency"]
    assert agency.collection is None
    sync_roles_after_migrate(sender=None)
    agency.refresh_from_db()
    assert agency.collection is not None
    assert not Agency.objects.filter(collection__isnull=True).exists()
    collections = document_policy.collections_user_has_permission_for(
        tree["officer"], "add"
    )
    assert list(collections) == [agency.collection]


@pytest.mark.django_db
def test_agencies_sharing_a_name_get_separate_collections_and_groups(files):
    twin = org.agency_save(
        agency=Agency(
            name=files["agency"].name, kind="ubnd_phuong", valid_from="2025-07-01"
        )
    )
    assert twin.collection != files["own_collection"]
    assert set(
        AgencyGroup.objects.filter(agency=twin).values_list("group", flat=True)
    ).isdisjoint(
        AgencyGroup.objects.filter(agency=files["agency"]).values_list(
            "group", flat=True
        )
    )


@pytest.mark.django_db
def test_an_upload_lands_in_the_uploaders_agency_collection(client, files):
    """Even when the officer posts another agency's collection id, it is ignored."""
    client.force_login(files["officer"])
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Biểu mẫu mới",
            "file": SimpleUploadedFile("bieu-mau.pdf", pdf_fixtures.clean_pdf()),
            "collection": files["other_collection"].pk,
        },
    )
    assert response.status_code == 302
    document = QmsDocument.objects.get(title="Biểu mẫu mới")
    assert document.collection == files["own_collection"]


# --- no door shows another agency's files ---------------------------------------------------


def _admin_urls(files):
    doc, image = files["other_doc"], files["other_image"]
    return {
        "listings": [
            reverse("wagtaildocs:index"),
            reverse("wagtaildocs_chooser:choose"),
            reverse("wagtaildocs_chooser:choose_results") + "?q=mật",
            reverse("wagtailadmin_api:documents:listing"),
            reverse("wagtailadmin_api:documents:listing") + "?search=mật",
            reverse("wagtailimages:index"),
            reverse("wagtailimages_chooser:choose"),
            reverse("wagtailimages_chooser:choose_results") + "?q=mật",
            reverse("wagtailadmin_api:images:listing"),
            # Answered with an empty choice, not a refusal.
            reverse("wagtailimages_chooser:chosen_multiple") + f"?id={image.pk}",
            reverse("wagtaildocs_chooser:chosen_multiple") + f"?id={doc.pk}",
        ],
        "details": [
            # A bulk action given another agency's ids answers 404 (qms.middleware).
            *[
                reverse("wagtail_bulk_action", args=[*model, action]) + f"?id={pk}"
                for model, pk in [
                    (("documents", "qmsdocument"), doc.pk),
                    (("wagtailimages", "image"), image.pk),
                ]
                for action in ["delete", "add_to_collection", "add_tags"]
            ],
            reverse("wagtaildocs:edit", args=[doc.pk]),
            reverse("wagtaildocs:document_usage", args=[doc.pk]),
            reverse("wagtaildocs:delete", args=[doc.pk]),
            reverse("wagtailadmin_api:documents:detail", args=[doc.pk]),
            reverse("wagtailimages:edit", args=[image.pk]),
            reverse("wagtailimages:image_usage", args=[image.pk]),
            reverse("wagtailimages:url_generator", args=[image.pk]),
            reverse("wagtailimages:preview", args=[image.pk, "original"]),
            reverse("wagtaildocs_chooser:chosen", args=[doc.pk]),
            reverse("wagtailimages_chooser:chosen", args=[image.pk]),
            reverse("wagtailimages_chooser:select_format", args=[image.pk]),
            reverse("wagtailadmin_api:images:detail", args=[image.pk]),
        ],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["officer", "head"])
def test_another_agencys_files_are_not_listed_chosen_edited_or_served(
    client, files, who
):
    """AC-03: listings, choosers and their search, edit, usage and the admin API."""
    client.force_login(files[who])
    urls = _admin_urls(files)
    for url in urls["listings"]:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "CANARY" not in text, url
    for url in urls["details"]:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert "CANARY" not in response.content.decode(), url
    assert client.get(files["other_doc"].url).status_code == 404


@pytest.mark.django_db
def test_own_agencys_files_are_listed_and_served(client, files):
    client.force_login(files["officer"])
    listing = client.get(reverse("wagtailadmin_api:documents:listing")).json()
    assert [item["id"] for item in listing["items"]] == [files["own_doc"].pk]
    html = client.get(reverse("wagtaildocs_chooser:choose")).json()["html"]
    assert "Tờ khai của phường" in html
    assert client.get(files["own_doc"].url).status_code == 200
    bulk = reverse("wagtail_bulk_action", args=["documents", "qmsdocument", "add_tags"])
    response = client.get(f"{bulk}?id={files['own_doc'].pk}")
    assert "Tờ khai của phường" in response.content.decode()


@pytest.mark.django_db
def test_a_supervisor_downloads_any_agencys_file_and_staff_their_own(client, files):
    supervisor = staff_user(Role.SUPERVISOR, files["agency"], username="giamsat-test")
    client.force_login(supervisor)
    assert client.get(files["other_doc"].url).status_code == 200
    response = client.get(reverse("wagtaildocs:edit", args=[files["other_doc"].pk]))
    assert response.status_code in (302, 403)
    # Plain staff read their own agency's files, not another's.
    clerk = staff_user(Role.STAFF, files["agency"], username="congchuc-test")
    client.force_login(clerk)
    assert client.get(files["own_doc"].url).status_code == 200
    assert client.get(files["other_doc"].url).status_code == 404


# --- serving: anonymous only while a live public release uses the file ------------------


@pytest.mark.django_db
def test_anonymous_download_only_while_a_live_public_release_uses_the_file(
    client, files
):
    """GIVEN a form file of the agency WHEN it is only in a draft THEN anonymous is sent to
    log in; once the procedure's release is in force and live it is public; after the page
    is withdrawn it is private again (AC-01, ISO 9001:2015 7.5.3.1(a))."""
    document = files["own_doc"]
    assert client.get(document.url).status_code == 302
    page = document_draft(
        parent=files["index"], page=birth_procedure(), user=files["officer"]
    )
    ProcedureForm.objects.create(page=page, code="BM-01", name="Tờ khai", file=document)
    page.save_revision(user=files["officer"])
    assert client.get(document.url).status_code == 302
    page = approve(page, files)
    assert page.live
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    document_withdraw(
        page=page, user=files["head"], reason="Bãi bỏ TTHC", password=files["password"]
    )
    assert client.get(document.url).status_code == 302
    # The other agency's secret file was never public.
    assert client.get(files["other_doc"].url).status_code == 302


@pytest.mark.django_db
def test_served_files_carry_safe_headers(client, files):
    """AC-06 and UP-08: CSP, nosniff, and a Content-Disposition no name can break."""
    document = _document(
        "Tên lạ", files["own_collection"], name='Tờ khai "mẫu"\r\nX-Evil: 1.pdf'
    )
    client.force_login(files["officer"])
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.isascii()
    assert "\r" not in disposition and "\n" not in disposition
    assert disposition.count('"') == 2
    assert "filename*=UTF-8''T%E1%BB%9D" in disposition
    assert "X-Evil" not in response


@pytest.mark.parametrize(
    "name",
    ['a"b.pdf', "a\r\nSet-Cookie: x=1.pdf", "Quyết định số 1.pdf", 'x\\"; y=.pdf'],
)
def test_content_disposition_cannot_be_injected(name):
    value = content_disposition(name, inline=False)
    assert value.startswith('attachment; filename="')
    assert "\r" not in value and "\n" not in value
    assert value.isascii()
    quoted = value.split('filename="', 1)[1].split('"', 1)
    assert '"' not in quoted[0] and "\\" not in quoted[0]
    assert quoted[1] == "" or quoted[1].startswith("; filename*=UTF-8''")


@pytest.mark.django_db
def test_original_images_are_not_reachable_through_any_django_view(client, files):
    image = files["other_image"]
    assert image.file.url.startswith(settings.MEDIA_URL)
    assert client.get(image.file.url).status_code == 404


# --- stored names come from the content --------------------------------------------------


def test_sniffing_knows_the_accepted_signatures_only():
    assert sniff(POLYGLOT) == PNG
    assert stored_name("x.html", PNG) == "x.png"
    assert stored_name("../../Biên bản.PHP.html", PNG) == "Bien-ban.png"
    assert sniff(b"<html>%PDF-1.7</html>") is None
    assert sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None


@pytest.mark.django_db
def test_a_png_html_polyglot_is_stored_as_png(client, files):
    client.force_login(files["officer"])
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Ảnh đa dạng", "file": SimpleUploadedFile("x.html", POLYGLOT)},
    )
    assert response.status_code == 302
    image = Image.objects.get(title="Ảnh đa dạng")
    assert image.file.name.endswith(".png")
    assert image.collection == files["own_collection"]


@pytest.mark.django_db
def test_a_pdf_named_html_is_stored_as_pdf_and_html_is_refused(client, files):
    client.force_login(files["officer"])
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "PDF đặt tên lạ",
            "file": SimpleUploadedFile("trang.html", pdf_fixtures.clean_pdf()),
        },
    )
    assert response.status_code == 302
    assert QmsDocument.objects.get(title="PDF đặt tên lạ").file.name.endswith(".pdf")
    before = _stored_files()
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "Ảnh làm tài liệu", "file": SimpleUploadedFile("x.pdf", POLYGLOT)},
    )
    assert response.status_code == 200
    assert "không phải là tài liệu PDF" in response.content.decode()
    assert not QmsDocument.objects.filter(title="Ảnh làm tài liệu").exists()
    assert _stored_files() == before


# --- bombs, oversized files, many parts --------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("width", "height"), [(20_000, 20_000), (8_000, 8_000)], ids=["bomb", "over-limit"]
)
def test_an_image_bomb_gets_a_form_error_and_nothing_is_stored(
    client, files, width, height
):
    """UP-06: beyond Pillow's own limit or ours, the same clear message, never a 500."""
    client.force_login(files["officer"])
    before = _stored_files()
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Bom ảnh",
            "file": SimpleUploadedFile("bom.png", _png_declaring(width, height)),
        },
    )
    assert response.status_code == 200
    assert "quá lớn về số điểm ảnh" in response.content.decode()
    assert not Image.objects.filter(title="Bom ảnh").exists()
    assert _stored_files() == before


@pytest.mark.django_db
def test_an_unknown_file_as_image_gets_a_clear_error(client, files):
    client.force_login(files["officer"])
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "SVG", "file": SimpleUploadedFile("x.png", b"<svg onload=1/>")},
    )
    assert response.status_code == 200
    assert "không phải là ảnh JPEG, PNG, GIF hoặc WebP" in response.content.decode()
    assert not Image.objects.filter(title="SVG").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["images", "documents"])
def test_an_oversized_upload_gets_a_form_error_and_nothing_is_stored(
    client, files, settings, kind
):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 100
    client.force_login(files["officer"])
    data = _png(64, 64) if kind == "images" else pdf_fixtures.clean_pdf()
    before = _stored_files()
    url = reverse("wagtailimages:add" if kind == "images" else "wagtaildocs:add")
    response = client.post(
        url, {"title": "Quá lớn", "file": SimpleUploadedFile("lon.png", data)}
    )
    assert response.status_code == 200
    assert "Tệp này quá lớn" in response.content.decode()
    assert _stored_files() == before


@pytest.mark.django_db
def test_a_request_with_too_many_file_parts_is_refused(client, files):
    """UP-06: DATA_UPLOAD_MAX_NUMBER_FILES caps the parts before any form runs."""
    client.force_login(files["officer"])
    parts = [
        SimpleUploadedFile(f"f{i}.pdf", b"%PDF-1.4")
        for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    ]
    response = client.post(reverse("wagtaildocs:add_multiple"), {"files[]": parts})
    assert response.status_code == 400
    assert not QmsDocument.objects.filter(title__startswith="f").exists()


@pytest.mark.django_db
def test_in_a_multiple_upload_every_file_is_checked(client, files):
    """UP-06: the uploader sends one request per file; the bad one alone is refused."""
    client.force_login(files["officer"])
    before = _stored_files()
    url = reverse("wagtaildocs:add_multiple")
    bad = client.post(url, {"files[]": SimpleUploadedFile("a.pdf", POLYGLOT)}).json()
    good = client.post(
        url, {"files[]": SimpleUploadedFile("b.pdf", pdf_fixtures.clean_pdf())}
    ).json()
    assert bad["success"] is False
    assert "không phải là tài liệu PDF" in bad["error_message"]
    assert good["success"] is True
    stored = QmsDocument.objects.get(pk=good["doc_id"])
    assert stored.collection == files["own_collection"]
    assert _stored_files() - before == {Path(stored.file.path)}
    # Two files in one request: only one is taken, and it is checked like any other.
    response = client.post(
        url,
        {
            "files[]": [
                SimpleUploadedFile("c.pdf", pdf_fixtures.clean_pdf()),
                SimpleUploadedFile("d.pdf", POLYGLOT),
            ]
        },
    ).json()
    assert response["success"] is False
