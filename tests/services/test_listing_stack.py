"""The "Tài liệu" listing and the admin search on PostgreSQL (issue 13 part 3)."""

import pytest
from django.db import connection
from django.urls import reverse
from wagtail.models import Collection, Locale, Page, Site

from documents.services.drafting import document_draft, document_submit
from tests.documents.conftest import approve, birth_procedure, draft, tree  # noqa: F401


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


def _add(tree, code, title):  # noqa: F811
    return document_draft(
        parent=tree["index"],
        page=birth_procedure(title=title, slug=code.lower(), code=code),
        user=tree["officer"],
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["QT-02", "qt 02", "qt02", "quy trinh kiem soat ho so", "kiểm soát hồ sơ"]
)
def test_the_admin_search_finds_by_code_and_without_diacritics_on_postgresql(
    client,
    require_services,
    tree,  # noqa: F811
    query,
):
    assert connection.vendor == "postgresql"
    _add(tree, "QT-02", "Quy trình kiểm soát hồ sơ")
    _add(tree, "QT-03", "Quy trình đánh giá nội bộ")
    client.force_login(tree["officer"])
    html = client.get(reverse("wagtailadmin_pages:search"), {"q": query}).content
    assert "Quy trình kiểm soát hồ sơ" in html.decode()
    assert "Quy trình đánh giá nội bộ" not in html.decode()
    listing = client.get(reverse("documents_listing"), {"q": query}).content.decode()
    assert "QT-02" in listing and "QT-03" not in listing


@pytest.mark.django_db
def test_the_listing_names_states_on_postgresql(client, require_services, tree, draft):  # noqa: F811
    approve(draft, tree)
    document_submit(
        page=_add(tree, "QT-06", "Quy trình rủi ro và cơ hội"), user=tree["officer"]
    )
    client.force_login(tree["officer"])
    in_review = client.get(reverse("documents_listing"), {"state": "in_review"})
    html = in_review.content.decode()
    assert "QT-06" in html and "Chờ soát xét" in html and "QT-HT-01" not in html
    in_force = client.get(reverse("documents_listing"), {"state": "in_force"})
    assert "QT-HT-01" in in_force.content.decode()
