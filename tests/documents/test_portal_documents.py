"""Public portal of documents: releases in force only, verification, search (AC-01/02/07, DP-04)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import DocumentRelease
from documents.services.drafting import (
    document_draft,
)
from documents.services.releases import release_withdraw
from qms.models import ReceivingUnit
from tests.documents.conftest import CANARY, DESK, approve, birth_procedure


def _new_release(page, tree, summary):
    revision = page.get_latest_revision_as_object()
    revision.amendment_summary = summary
    revision.save_revision(user=tree["officer"])
    return approve(page, tree)


@pytest.mark.django_db
def test_draft_is_never_public(client, tree, draft):
    """AC-02: an unpublished procedure, its preview and its compare view are not public."""
    assert (
        client.get(
            draft.url or "/trang-chu/pho-hien/tai-lieu-iso/qt-ht-01/"
        ).status_code
        == 404
    )
    for url in (
        reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk]),
        reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[draft.pk, "earliest", "latest"],
        ),
        reverse(
            "wagtailadmin_pages:revisions_view",
            args=[draft.pk, draft.latest_revision_id],
        ),
    ):
        response = client.get(url)
        assert response.status_code in (302, 404)
        assert CANARY not in response.content.decode()
    for url in ("/", "/pho-hien/", "/pho-hien/tai-lieu-iso/", "/search/?q=khai+sinh"):
        assert CANARY not in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_drafts_form_file_is_never_public(client, tree, draft):
    """Issue 13 part 2: a form attached to a draft has no public link and is not served."""
    from django.core.files.base import ContentFile

    from documents.models import ProcedureForm, QmsDocument, ReleaseForm
    from qms import services as org
    from tests.documents import pdf_fixtures

    collection = org.agency_collection_ensure(agency=tree["agency"])
    secret = QmsDocument(title=f"Biểu mẫu {CANARY}", collection=collection)
    secret.file.save(
        "bm-du-thao.pdf", ContentFile(pdf_fixtures.clean_pdf()), save=False
    )
    secret.save()
    ProcedureForm.objects.create(page=draft, code="BM-99", name=CANARY, file=secret)
    draft.save_revision(user=tree["officer"])
    assert not ReleaseForm.objects.exists()
    response = client.get(secret.url)
    assert response.status_code == 302  # to the login page, never the file
    assert reverse("wagtailadmin_login") in response["Location"]
    for url in ("/", "/pho-hien/", "/pho-hien/tai-lieu-iso/", "/search/?q=bieu+mau"):
        assert CANARY not in client.get(url).content.decode()


@pytest.mark.django_db
def test_public_page_shows_control_block_and_amendment_table(client, tree, draft):
    page = approve(draft, tree)
    page = _new_release(page, tree, "Rút ngắn thời gian tiếp nhận.")
    html = client.get(page.url).content.decode()
    assert "QT-HT-01" in html
    assert "UBND phường Phố Hiến" in html
    assert "Rút ngắn thời gian tiếp nhận." in html
    # Issue 14: the page links to its own verify page, not only to the PDF.
    current = DocumentRelease.objects.get(page=page, number=2)
    assert reverse("documents:verify", args=[current.verify_token]) in html
    assert (
        html.count('<tr><td data-label="Lần ban hành">0') >= 2
    )  # both releases listed
    listing = client.get("/pho-hien/tai-lieu-iso/").content.decode()
    assert "Đăng ký khai sinh" in listing


@pytest.mark.django_db
def test_verify_page_tells_in_force_superseded_withdrawn(client, tree, draft):
    page = approve(draft, tree)
    first = DocumentRelease.objects.get(page=page)
    html = client.get(
        reverse("documents:verify", args=[first.verify_token])
    ).content.decode()
    assert "Đang hiệu lực" in html
    page = _new_release(page, tree, "Sửa bước 2.")
    second = DocumentRelease.objects.get(page=page, number=2)
    html = client.get(
        reverse("documents:verify", args=[first.verify_token])
    ).content.decode()
    assert (
        f"Đã được thay thế bởi lần ban hành 02 ngày {second.effective_date:%d/%m/%Y}"
        in html
    )
    # Issue 14: the agency is named (two wards may publish the same code) and the old copy
    # leads to the release in force and to the document itself.
    assert "UBND phường Phố Hiến" in html
    assert reverse("documents:verify", args=[second.verify_token]) in html
    assert f'href="{page.url}"' in html
    current = client.get(
        reverse("documents:verify", args=[second.verify_token])
    ).content.decode()
    assert "Đang hiệu lực" in current
    assert "Lần ban hành đang hiệu lực" not in current
    release_withdraw(page=page, user=tree["head"], reason="Thủ tục bị bãi bỏ.")
    second.refresh_from_db()
    html = client.get(
        reverse("documents:verify", args=[second.verify_token])
    ).content.decode()
    assert f"Đã thu hồi ngày {timezone.localtime(second.withdrawn_at):%d/%m/%Y}" in html
    assert "Thủ tục bị bãi bỏ." in html
    assert "Hiện không có lần ban hành nào của tài liệu này còn hiệu lực" in html
    # The first copy no longer points at a release in force: there is none.
    first_html = client.get(
        reverse("documents:verify", args=[first.verify_token])
    ).content.decode()
    assert reverse("documents:verify", args=[second.verify_token]) not in first_html
    assert CANARY not in html


@pytest.mark.django_db
def test_unknown_token_gives_a_friendly_404(client, db):
    response = client.get(reverse("documents:verify", args=["khong-ton-tai"]))
    assert response.status_code == 404
    assert "không khớp với tài liệu nào" in response.content.decode()


@pytest.mark.django_db
def test_search_ignores_diacritics_and_drafts(client, tree, draft):
    """'dang ky khai sinh' finds 'Đăng ký khai sinh'; the draft of another document is never found."""
    approve(draft, tree)
    document_draft(
        parent=tree["index"],
        page=birth_procedure(
            title="Quy trình dự thảo đăng ký kết hôn", slug="qt-ht-02", code="QT-HT-02"
        ),
        user=tree["officer"],
    )
    html = client.get("/search/", {"q": "dang ky khai sinh"}).content.decode()
    assert "QT-HT-01" in html
    assert (
        "QT-HT-02"
        not in client.get("/search/", {"q": "dang ky ket hon"}).content.decode()
    )


@pytest.mark.django_db
def test_search_caps_query_length(client, tree):
    """DP-04: a 10,000-character query is cut, not sent to the backend whole."""
    response = client.get("/search/", {"q": "a" * 10_000})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="' + "a" * 200 + '"' in html
    assert 'value="' + "a" * 201 not in html


@pytest.mark.django_db
def test_steps_longer_than_the_legal_limit_are_refused_in_the_editor(
    admin_client, tree
):
    """Bad input: the steps add up to more than the legal limit, nothing is saved."""
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    data = nested_form_data(
        {
            "title": "Quy trình quá hạn",
            "slug": "qua-han",
            "code": "QT-X",
            "kind": "tthc",
            "purpose": rich_text("<p>Mục đích</p>"),
            "scope": rich_text("<p>Phạm vi</p>"),
            "legal_time_limit": "1",
            "legal_time_unit": "hours",
            "body": streamfield(
                [
                    (
                        "steps",
                        {
                            "heading": "",
                            "steps": streamfield(
                                [
                                    (
                                        "item",
                                        {
                                            "step": "1",
                                            "description": "Tiếp nhận",
                                            "responsible": "Công chức",
                                            "time_limit": "1",
                                            "time_unit": "days",
                                            "forms": "",
                                        },
                                    ),
                                ]
                            ),
                        },
                    )
                ]
            ),
            "records": streamfield([]),
            "form_attachments-TOTAL_FORMS": 0,
            "form_attachments-INITIAL_FORMS": 0,
            "form_attachments-MIN_NUM_FORMS": 0,
            "form_attachments-MAX_NUM_FORMS": 1000,
        }
    )
    url = reverse(
        "wagtailadmin_pages:add", args=["documents", "procedurepage", tree["index"].pk]
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "vượt quá thời hạn luật định" in response.content.decode()
    from documents.models import ProcedurePage

    assert not ProcedurePage.objects.filter(code="QT-X").exists()


@pytest.mark.django_db
def test_preview_never_shows_the_cached_live_rendering(
    admin_client, client, tree, draft
):
    """The public page is cached per release; a preview of a new draft must show the draft."""
    page = approve(draft, tree)
    assert (
        "Đăng ký khai sinh" in client.get(page.url).content.decode()
    )  # fills the cache
    revision = page.get_latest_revision_as_object()
    revision.title = "Tiêu đề dự thảo mới"
    latest = revision.save_revision(user=tree["officer"])
    response = admin_client.get(
        reverse("wagtailadmin_pages:revisions_view", args=[page.pk, latest.pk])
    )
    assert "Tiêu đề dự thảo mới" in response.content.decode()
    assert "Tiêu đề dự thảo mới" not in client.get(page.url).content.decode()


@pytest.mark.django_db
def test_agency_page_lists_documents_in_force_only(client, tree, draft):
    document_draft(
        parent=tree["index"],
        page=birth_procedure(
            title="Quy trình dự thảo", slug="qt-ht-09", code="QT-HT-09"
        ),
        user=tree["officer"],
    )
    approve(draft, tree)
    html = client.get("/pho-hien/").content.decode()
    assert "QT-HT-01" in html
    assert "QT-HT-09" not in html


@pytest.mark.django_db
def test_sitemap_lists_documents_in_force_never_drafts(client, tree, draft, settings):
    """Issue 14: search engines find the posted procedures; drafts stay unknown."""
    page = approve(draft, tree)
    document_draft(
        parent=tree["index"],
        page=birth_procedure(
            title="Quy trình dự thảo đăng ký kết hôn", slug="qt-ht-02", code="QT-HT-02"
        ),
        user=tree["officer"],
    )
    response = client.get("/sitemap.xml")
    body = response.content.decode()
    assert response.status_code == 200
    assert page.get_full_url() in body
    assert "qt-ht-02" not in body
    assert "/admin/" not in body
    assert CANARY not in body


def test_robots_txt_keeps_engines_out_of_the_admin_and_names_the_sitemap(
    client, db, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://iso.hungyen.gov.vn"
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in lines
    assert "Sitemap: https://iso.hungyen.gov.vn/sitemap.xml" in lines
    assert "Set-Cookie" not in response.headers


def _approved(tree, n, start=1):
    pages = []
    for i in range(start, start + n):
        page = document_draft(
            parent=tree["index"],
            page=birth_procedure(
                title=f"Quy trình số {i:02d}", slug=f"qt-{i:02d}", code=f"QT-{i:02d}"
            ),
            user=tree["officer"],
        )
        pages.append(approve(page, tree))
    return pages


def _portal_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the per-process caches (content types, site roots)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_portal_lists_are_paged_and_cost_the_same_queries_whatever_the_count(
    client, tree, monkeypatch
):
    """Issue 14 part 6: an agency page listed its ~300 documents at once, one query per type
    and level; now a page of rows, constant in the number of documents."""
    monkeypatch.setattr("documents.selectors.PUBLIC_PER_PAGE", 3)
    _approved(tree, 2)
    few = {
        url: _portal_queries(client, url)
        for url in ("/pho-hien/", "/pho-hien/tai-lieu-iso/")
    }
    _approved(tree, 5, start=3)
    many = {url: _portal_queries(client, url) for url in few}
    assert many == few

    first = client.get("/pho-hien/").content.decode()
    assert "QT-01" in first and "QT-03" in first and "QT-04" not in first
    assert "Tài liệu 1–3 trong tổng số 7" in first
    assert 'href="?trang=2"' in first
    third = client.get("/pho-hien/tai-lieu-iso/", {"trang": 3}).content.decode()
    assert "QT-07" in third and "QT-01" not in third
    # A page number past the end shows the last page, never an error.
    assert "QT-07" in client.get("/pho-hien/", {"trang": 99}).content.decode()


@pytest.mark.django_db
def test_portal_lists_group_by_type_and_hide_restricted_documents(client, tree, draft):
    from wagtail.models import PageViewRestriction

    from documents.models import InternalRulePage

    approve(draft, tree)
    rule = document_draft(
        parent=tree["index"],
        page=InternalRulePage(
            title="Quy chế hoạt động",
            slug="qc-01",
            code="QC-01",
            distribution_units=list(ReceivingUnit.objects.filter(name=DESK)[:1]),
        ),
        user=tree["officer"],
    )
    rule = approve(rule, tree)
    html = client.get("/pho-hien/").content.decode()
    assert html.index("Quy trình") < html.index("QT-HT-01") < html.index("QC-01")
    assert '<h3 class="document-group">Quy chế hoạt động' in html
    PageViewRestriction.objects.create(
        page=rule, restriction_type=PageViewRestriction.LOGIN
    )
    html = client.get("/pho-hien/").content.decode()
    assert "QC-01" not in html
    assert "QT-HT-01" in html


@pytest.mark.django_db
def test_procedure_sections_are_numbered_from_what_is_shown(
    client, tree, draft, django_capture_on_commit_callbacks
):
    """Issue 14 part 2: no empty heading, no jump from 5 to 7; legal bases with their
    status; the steps' total time against the legal limit."""
    import re

    from documents.models import LegalDocument

    basis = LegalDocument.objects.create(
        number="04/2020/TT-BTP",
        title="Thông tư hướng dẫn Luật Hộ tịch",
        issuer="Bộ Tư pháp",
        issue_date="2020-05-28",
        status=LegalDocument.Status.AMENDED,
    )
    draft.legal_bases.add(basis)
    draft.save_revision(user=tree["officer"])
    page = approve(draft, tree)
    html = client.get(page.url).content.decode()
    headings = re.findall(r"<h2[^>]*>(\d+)\. ([^<]+)</h2>", html)
    assert [int(n) for n, _title in headings] == list(range(1, len(headings) + 1))
    titles = [title for _n, title in headings]
    assert titles[:3] == [
        "Mục đích",
        "Phạm vi áp dụng",
        "Căn cứ pháp lý và tài liệu viện dẫn",
    ]
    assert "Định nghĩa và chữ viết tắt" not in titles  # empty: left out
    assert "<strong>04/2020/TT-BTP</strong>" in html
    assert 'class="legal-status legal-amended">Đã được sửa đổi</span>' in html

    # A basis replaced after the release names its replacement, newest basis first.
    newer = LegalDocument.objects.create(
        number="01/2022/TT-BTP",
        title="Thông tư quy định chi tiết Luật Hộ tịch",
        issuer="Bộ Tư pháp",
        issue_date="2022-01-04",
        status=LegalDocument.Status.IN_FORCE,
    )
    basis.status = LegalDocument.Status.REPEALED
    basis.replaced_by = newer
    with django_capture_on_commit_callbacks(execute=True):  # renews the portal version
        basis.save()
    html = client.get(page.url).content.decode()
    assert "được thay thế bởi 01/2022/TT-BTP" in html
    # Steps of 2 + 1 working hours against a legal limit of 1 working day.
    assert "Tổng thời gian các bước: 3 giờ làm việc" in html
    assert "Thời hạn giải quyết theo quy định: 1 ngày làm việc." in html
    assert "vượt thời hạn" not in html


@pytest.mark.django_db
def test_the_controlled_pdf_leaves_empty_sections_out_and_numbers_the_rest(tree, draft):
    """Issue 14 part 2: no empty heading in the PDF either, and no empty fact line."""
    from documents.services.pdf import build_release_document

    page = approve(draft, tree)
    sections = build_release_document(page.current_release()).sections
    headings = [section.heading for section in sections]
    assert headings == [
        "Thủ tục hành chính",
        "1. Mục đích",
        "2. Phạm vi áp dụng",
        "3. Nội dung quy trình",
    ]
    facts = sections[0].paragraphs
    assert not any(line.startswith("Mã TTHC quốc gia") for line in facts)  # none given
    assert any(line.startswith("Thời hạn giải quyết") for line in facts)
