"""The public search table: kept in step with what is live, filtered, ranked (issue 3 item 6)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from documents.models import DocumentSearchEntry, PolicyPage
from documents.services.drafting import document_draft
from documents.services.search import fold, rebuild, search_documents
from tests.documents.conftest import approve, birth_procedure


def _live(tree, **overrides):
    page = document_draft(
        parent=tree["index"], page=birth_procedure(**overrides), user=tree["officer"]
    )
    return approve(page, tree)


def _codes(query, **kwargs):
    return [page.code for page in search_documents(query, **kwargs)]


def test_fold_removes_diacritics_and_case():
    assert fold("Đăng ký KHAI SINH") == "dang ky khai sinh"


@pytest.mark.django_db
def test_publishing_indexes_the_live_content_and_unpublishing_removes_it(tree, draft):
    assert not DocumentSearchEntry.objects.exists()  # a draft is never indexed (AC-07)
    page = approve(draft, tree)
    entry = DocumentSearchEntry.objects.get(page_id=page.pk)
    assert (entry.code, entry.agency_id, entry.kind) == (
        "QT-HT-01",
        tree["agency"].pk,
        "procedurepage",
    )
    assert entry.heading == "qt-ht-01 quy trinh giai quyet tthc: dang ky khai sinh"
    assert "tiep nhan ho so" in entry.body
    assert _codes("dang ky khai sinh") == _codes("Đăng ký khai sinh") == ["QT-HT-01"]
    from documents.services.lifecycle import document_withdraw

    document_withdraw(
        page=page, user=tree["head"], reason="Thay thế.", password=tree["password"]
    )
    assert not DocumentSearchEntry.objects.exists()
    assert _codes("khai sinh") == []


@pytest.mark.django_db
def test_an_unreleased_revision_of_a_live_page_is_not_searchable(tree, draft):
    page = approve(draft, tree)
    revision = page.get_latest_revision_as_object()
    revision.title = "Quy trình sửa đổi ZEBRAFISH"
    revision.save_revision(user=tree["officer"])
    assert _codes("zebrafish") == []
    assert _codes("dang ky khai sinh") == ["QT-HT-01"]


@pytest.mark.django_db
def test_stale_or_private_entries_are_never_returned(tree, draft):
    """Even if an entry were left behind, only live public pages come out (AC-07)."""
    page = approve(draft, tree)
    PageViewRestriction.objects.create(page=tree["index"], restriction_type="login")
    assert _codes("khai sinh") == []
    PageViewRestriction.objects.all().delete()
    assert _codes("khai sinh") == ["QT-HT-01"]
    type(page).objects.filter(pk=page.pk).update(live=False)
    assert DocumentSearchEntry.objects.exists()
    assert _codes("khai sinh") == []


@pytest.mark.django_db
def test_filters_by_agency_and_kind(tree, draft):
    approve(draft, tree)
    assert _codes("khai sinh", agency_id=tree["agency"].pk) == ["QT-HT-01"]
    assert _codes("khai sinh", agency_id=tree["agency"].pk + 1000) == []
    assert _codes("khai sinh", kind="procedurepage") == ["QT-HT-01"]
    assert _codes("khai sinh", kind="policypage") == []
    assert _codes("khai sinh", kind="no-such-kind") == []


@pytest.mark.django_db
def test_code_and_title_matches_come_before_body_only_matches(tree):
    # QT-A-01 mentions "khai tu" only in its body and sorts first by code.
    _live(
        tree,
        title="Quy trình đăng ký kết hôn",
        slug="qt-a-01",
        code="QT-A-01",
        purpose="<p>Không áp dụng cho đăng ký khai tử.</p>",
    )
    _live(tree, title="Quy trình đăng ký khai tử", slug="qt-b-01", code="QT-B-01")
    assert _codes("khai tu") == ["QT-B-01", "QT-A-01"]
    assert _codes("qt-a-01")[0] == "QT-A-01"


@pytest.mark.django_db
def test_results_carry_what_the_list_shows_in_one_query(tree, draft):
    approve(draft, tree)
    with CaptureQueriesContext(connection) as queries:
        (result,) = search_documents("khai sinh")
        assert (result.code, result.agency.name) == ("QT-HT-01", tree["agency"].name)
        assert result.title.endswith("Đăng ký khai sinh")
        assert result.url_path.endswith("/qt-ht-01/")
    # The ranked ids, the view restrictions (for public()), the pages with their agency.
    assert len(queries) == 3


@pytest.mark.django_db
def test_rebuild_reproduces_the_entries_of_every_kind(tree, draft):
    page = approve(draft, tree)
    policy = document_draft(
        parent=tree["index"],
        page=PolicyPage(
            title="Chính sách chất lượng",
            slug="csc",
            code="CSCL",
            distribution_units=[tree["desk"]],
            statement="<p>Phục vụ người dân tận tâm.</p>",
        ),
        user=tree["officer"],
    )
    approve(policy, tree)
    before = sorted(DocumentSearchEntry.objects.values_list())
    DocumentSearchEntry.objects.filter(page_id=page.pk).delete()
    assert rebuild() == 2
    assert sorted(DocumentSearchEntry.objects.values_list()) == before
    DocumentSearchEntry.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_search", stdout=out)
    assert out.getvalue().startswith("2 ")
    assert sorted(DocumentSearchEntry.objects.values_list()) == before
    assert _codes("tan tam", kind="policypage") == ["CSCL"]


@pytest.mark.django_db
def test_search_page_lists_code_title_and_agency(client, tree, draft):
    approve(draft, tree)
    html = client.get(
        "/search/", {"q": "dang ky khai sinh", "agency": tree["agency"].pk}
    ).content.decode()
    assert "QT-HT-01 — Quy trình giải quyết TTHC: Đăng ký khai sinh" in html
    assert tree["agency"].name in html
    assert 'href="/pho-hien/tai-lieu-iso/qt-ht-01/"' in html


@pytest.mark.django_db
def test_results_carry_a_marked_snippet_with_diacritics_and_their_type(client, tree):
    """Issue 14 part 1: the citizen sees where the words were found, as written."""
    _live(tree)
    html = client.get("/search/", {"q": "ho so khai sinh"}).content.decode()
    assert "<mark>hồ</mark> <mark>sơ</mark> <mark>khai</mark> <mark>sinh</mark>" in html
    assert "Quy trình" in html  # the document type
    assert "UBND phường Phố Hiến" in html


def test_a_snippet_escapes_the_text_and_marks_only_whole_words():
    from documents.services.search import snippet

    marked = str(
        snippet("Tiếp nhận <script>x</script> hồ sơ; hồsơ không", ["ho", "so"])
    )
    assert "<script>" not in marked and "&lt;script&gt;" in marked
    assert marked.count("<mark>") == 2
    assert "<mark>hồ</mark> <mark>sơ</mark>" in marked


@pytest.mark.django_db
def test_all_words_must_match_and_the_fallback_says_so(client, tree):
    _live(tree)
    _live(tree, title="Quy trình đăng ký kết hôn", slug="qt-ht-02", code="QT-HT-02")
    assert _codes("dang ky ket hon") == ["QT-HT-02"]
    # No document has "xuatcanh": the ones with the other words are shown, and it is said.
    html = client.get("/search/", {"q": "ket hon xuatcanh"}).content.decode()
    assert "Không có tài liệu nào chứa đủ mọi từ" in html
    assert "QT-HT-02" in html and "QT-HT-01" not in html
    html = client.get("/search/", {"q": "dang ky ket hon"}).content.decode()
    assert "Không có tài liệu nào chứa đủ mọi từ" not in html
    assert "Tìm thấy 1 tài liệu đã ban hành." in html


@pytest.mark.django_db
def test_the_national_procedure_code_finds_its_procedure(tree):
    _live(tree, national_code="1.001193.000.00.00.H26")
    assert _codes("1.001193.000.00.00.H26") == ["QT-HT-01"]
    assert _codes("1.001193") == ["QT-HT-01"]
