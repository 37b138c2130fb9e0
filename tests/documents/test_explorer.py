"""The page explorer on an agency's documents (issue 12): no delete or move for agency users,
and a query count that does not grow with the number of documents listed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.services.drafting import document_draft
from tests.documents.conftest import birth_procedure


def _add_drafts(tree, start: int, count: int) -> None:
    for n in range(start, start + count):
        document_draft(
            parent=tree["index"],
            page=birth_procedure(
                title=f"Quy trình số {n}", slug=f"quy-trinh-{n}", code=f"QT-{n:02d}"
            ),
            user=tree["officer"],
        )


def _explore(client, tree) -> tuple[int, str]:
    url = reverse("wagtailadmin_explore", args=[tree["index"].pk])
    client.get(url)  # warm the per-process caches (content types, hooks)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.django_db
def test_explorer_queries_do_not_grow_with_the_documents_listed(client, tree):
    client.force_login(tree["officer"])
    _add_drafts(tree, 1, 2)
    few, _html = _explore(client, tree)
    _add_drafts(tree, 3, 8)
    many, html = _explore(client, tree)
    assert "Quy trình số 10" in html
    assert many == few


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["officer", "head"])
def test_agency_users_get_no_delete_or_move_on_documents(client, tree, draft, role):
    client.force_login(tree[role])
    _count, html = _explore(client, tree)
    assert reverse("wagtailadmin_pages:delete", args=[draft.pk]) not in html
    assert reverse("wagtailadmin_pages:move", args=[draft.pk]) not in html
    delete = client.post(reverse("wagtailadmin_pages:delete", args=[draft.pk]))
    assert delete.status_code in {302, 403}
    assert type(draft).objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_agency_users_see_no_page_counters_superusers_keep_them(
    client, tree, draft, django_user_model
):
    """ "1-1 trên 1 trang" and "1 trang" read as web pages beside the pager (issue 13 part 3)."""
    import re

    counter = re.compile(r"\d+-\d+ trên \d+")
    client.force_login(tree["officer"])
    _count, html = _explore(client, tree)
    assert draft.title in html
    assert not counter.search(html)
    assert not re.search(r'pagination__end">\s*\d', html)
    admin = django_user_model.objects.create_superuser("quan-tri", "a@x.vn", "x")
    client.force_login(admin)
    _count, html = _explore(client, tree)
    assert counter.search(html)
    assert re.search(r'pagination__end">\s*\d+ trang', html)
