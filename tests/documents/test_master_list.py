"""The master list of documents: scoped, filtered, exported (Danh mục tài liệu nội bộ)."""

import re

import pytest
from django.urls import reverse

from documents.services.drafting import (
    document_draft,
)
from tests.documents.conftest import approve, birth_procedure


@pytest.mark.django_db
def test_master_list_shows_release_and_exports_csv(client, tree, draft):
    approve(draft, tree)
    document_draft(
        parent=tree["index"],
        page=birth_procedure(
            title="Quy trình đăng ký kết hôn", slug="qt-ht-02", code="QT-HT-02"
        ),
        user=tree["officer"],
    )
    client.force_login(tree["officer"])
    html = client.get(reverse("documents_master_list")).content.decode()
    assert "QT-HT-01" in html and "QT-HT-02" in html
    assert "Đang hiệu lực" in html and "Dự thảo" in html
    live_only = client.get(
        reverse("documents_master_list"), {"status": "live"}
    ).content.decode()
    assert "QT-HT-02" not in live_only
    response = client.get(reverse("documents_master_list"), {"export": "csv"})
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "QT-HT-01" in body
    assert "UBND phường Phố Hiến" in body


@pytest.mark.django_db
def test_master_list_is_scoped_to_the_agency(client, tree, draft):
    client.force_login(tree["outsider"])
    html = client.get(reverse("documents_master_list")).content.decode()
    assert "QT-HT-01" not in html


@pytest.mark.django_db
def test_release_register_links_view_compare_and_pdf(client, tree, draft):
    """Staff view any earlier release and compare it with the next one (Wagtail compare)."""
    approve(draft, tree)
    revision = draft.get_latest_revision_as_object()
    revision.amendment_summary = "Sửa bước 2."
    revision.save_revision(user=tree["officer"])
    approve(draft, tree)
    client.force_login(tree["officer"])
    html = client.get(reverse("documentrelease:index")).content.decode()
    assert "/revisions/compare/" in html
    compare = re.search(r'href="([^"]*/revisions/compare/[^"]*)"', html).group(1)
    assert client.get(compare.replace("&amp;", "&")).status_code == 200
    client.force_login(tree["outsider"])
    assert (
        "QT-HT-01" not in client.get(reverse("documentrelease:index")).content.decode()
    )


@pytest.mark.django_db
def test_release_register_shows_why_a_release_was_issued_and_withdrawn(
    client, tree, draft
):
    """ISO 7.5.3.2(c): the amendment summary and the withdrawal reason are in the register."""
    from documents.services.releases import release_withdraw

    approve(draft, tree)
    revision = draft.get_latest_revision_as_object()
    revision.amendment_summary = "Sửa bước 2 theo quy định mới."
    revision.save_revision(user=tree["officer"])
    approve(draft, tree)
    release_withdraw(page=draft, user=tree["head"], reason="Bãi bỏ thủ tục.")
    client.force_login(tree["officer"])
    html = client.get(reverse("documentrelease:index")).content.decode()
    assert "Sửa bước 2 theo quy định mới." in html
    assert "Bãi bỏ thủ tục." in html


@pytest.mark.django_db
def test_master_list_dates_are_absolute_not_relative(client, tree, draft):
    """Issue 13 part 7: "6 tháng trước" / "Vừa xong" are not dates on a register."""
    approve(draft, tree)
    client.force_login(tree["officer"])
    html = client.get(reverse("documents_master_list")).content.decode()
    start = html.index('<table class="listing')
    body = html[start : html.index("</table>", start)]
    assert re.search(r">\s*\d{2}/\d{2}/\d{4}\s*<", body)
    for relative in ("trước", "Vừa xong", "ago", "<time"):
        assert relative not in body
