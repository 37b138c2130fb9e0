"""Documents on PostgreSQL + Redis + a worker: diacritic-free search, PDF rendered by the worker."""

import time

import pytest
from wagtail.models import Collection, Locale, Page, Site

from documents.models import DocumentRelease
from tests.documents.conftest import approve, draft, tree  # noqa: F401 - shared fixtures


@pytest.fixture(autouse=True)
def wagtail_root(db):
    """Transactional tests flush Wagtail's migration rows (stack notes §6): put them back."""
    locale = Locale.objects.first() or Locale.objects.create(language_code="vi")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    if not Site.objects.exists():
        Site.objects.create(hostname="localhost", root_page=root, is_default_site=True)


@pytest.mark.django_db
def test_search_without_diacritics_on_postgresql(client, require_services, tree, draft):  # noqa: F811
    from django.db import connection

    assert connection.vendor == "postgresql"
    approve(draft, tree)
    assert (
        "QT-HT-01"
        in client.get("/search/", {"q": "dang ky khai sinh"}).content.decode()
    )
    assert (
        "QT-HT-01"
        in client.get("/search/", {"q": "Đăng ký khai sinh"}).content.decode()
    )
    # One common word ("tu" as in "trình tự") is not enough, even for the fallback.
    assert (
        "QT-HT-01"
        not in client.get("/search/", {"q": "ly lich tu phap"}).content.decode()
    )


@pytest.mark.django_db
def test_words_fallback_snippets_and_national_code_on_postgresql(
    client,
    require_services,
    tree,  # noqa: F811
):
    """Issue 14 part 1 on PostgreSQL: every word must match, else some with a notice; the
    snippet keeps diacritics; the national TTHC code finds its procedure."""
    from documents.services.drafting import document_draft
    from documents.services.search import search_documents
    from tests.documents.conftest import birth_procedure

    page = document_draft(
        parent=tree["index"],
        page=birth_procedure(national_code="1.001193.000.00.00.H26"),
        user=tree["officer"],
    )
    approve(page, tree)
    assert [p.code for p in search_documents("1.001193.000.00.00.H26")] == ["QT-HT-01"]
    assert [p.code for p in search_documents("1.001193")] == ["QT-HT-01"]
    assert search_documents("khai sinh xuatcanh") == []
    assert [p.code for p in search_documents("khai sinh xuatcanh", any_word=True)] == [
        "QT-HT-01"
    ]
    html = client.get("/search/", {"q": "ho so khai sinh xuatcanh"}).content.decode()
    assert "Không có tài liệu nào chứa đủ mọi từ" in html
    assert "<mark>hồ</mark> <mark>sơ</mark> <mark>khai</mark> <mark>sinh</mark>" in html


def test_release_pdf_is_rendered_by_the_worker(celery_worker, tree, draft):  # noqa: F811
    """Approval commits; the render task goes through Redis to the worker, which stores the PDF."""
    approve(draft, tree)
    release = DocumentRelease.objects.get(page=draft)
    deadline = time.monotonic() + 60
    while release.pdf_status != "ready" and time.monotonic() < deadline:
        time.sleep(0.2)
        release.refresh_from_db()
    assert release.pdf_status == "ready", release.pdf_error
    assert len(release.pdf_sha256) == 64


@pytest.mark.django_db
def test_portal_lists_on_postgresql(client, require_services, tree, draft):  # noqa: F811
    """Issue 14 part 6 on PostgreSQL, where the listing is one statement written as SQL over
    the list entries: the release in force of each document, never a superseded release, a
    draft, or a page under a view restriction."""
    from wagtail.models import PageViewRestriction

    from documents.models import DocumentIndexPage
    from documents.services.drafting import document_draft
    from documents.services.workflow import workflow_assign
    from tests.documents.conftest import birth_procedure

    approve(draft, tree)
    revision = draft.get_latest_revision_as_object()
    revision.amendment_summary = "Rút ngắn thời hạn"
    revision.save_revision(user=tree["officer"])
    approve(draft, tree)
    hidden = approve(
        document_draft(
            parent=tree["index"],
            page=birth_procedure(title="Quy trình kín", slug="qt-kin", code="QT-KIN"),
            user=tree["officer"],
        ),
        tree,
    )
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.LOGIN
    )
    document_draft(
        parent=tree["index"],
        page=birth_procedure(title="Dự thảo", slug="qt-du-thao", code="QT-DU-THAO"),
        user=tree["officer"],
    )
    private_index = (
        tree["index"]
        .get_parent()
        .add_child(instance=DocumentIndexPage(title="Nội bộ", slug="noi-bo"))
    )
    private_index.save_revision().publish()
    workflow_assign(page=private_index)
    approve(
        document_draft(
            parent=private_index,
            page=birth_procedure(title="Quy trình nội bộ", slug="qt-nb", code="QT-NB"),
            user=tree["officer"],
        ),
        tree,
    )
    assert "QT-NB" in client.get("/pho-hien/").content.decode()
    PageViewRestriction.objects.create(
        page=private_index, restriction_type=PageViewRestriction.LOGIN
    )
    for url in ("/pho-hien/", "/pho-hien/tai-lieu-iso/"):
        html = client.get(url).content.decode()
        assert 'data-label="Lần ban hành">02</td>' in html, url
        assert 'data-label="Lần ban hành">01</td>' not in html, url
        assert "QT-HT-01" in html and "QT-KIN" not in html, url
        assert "QT-DU-THAO" not in html and "QT-NB" not in html, url


@pytest.mark.django_db
def test_api_documents_on_postgresql(client, require_services, tree, draft):  # noqa: F811
    """Issue 17 on PostgreSQL: the public API lists the release in force, never a draft."""
    from documents.services.drafting import document_draft
    from tests.documents.conftest import birth_procedure

    approve(draft, tree)
    document_draft(
        parent=tree["index"],
        page=birth_procedure(title="Dự thảo", slug="qt-du-thao", code="QT-DU-THAO"),
        user=tree["officer"],
    )
    body = client.get("/api/v1/documents/", {"agency": tree["agency"].pk}).json()
    assert [row["code"] for row in body["results"]] == ["QT-HT-01"]
    assert body["results"][0]["release"] == 1
