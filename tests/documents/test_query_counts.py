"""PF-01: the public procedure page costs the same number of queries for 1 or 25 forms/releases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import DocumentRelease, ReleaseForm
from tests.documents.conftest import approve


def _grow(page, tree, n):
    """Give the live page n releases (older ones superseded), the last with n forms."""
    current = DocumentRelease.objects.get(page=page)
    for i in range(n - 1):
        revision = page.save_revision(user=tree["officer"])
        current.superseded_at = revision.created_at
        current.save(update_fields=["superseded_at"])
        newer = DocumentRelease.objects.create(
            page=page,
            number=current.number + 1,
            amendment_summary=f"Sửa đổi {i}",
            effective_date=current.effective_date,
            revision=revision,
            content_hash="0" * 64,
            code=current.code,
            title=current.title,
        )
        current.superseded_by = newer
        current.save(update_fields=["superseded_by"])
        current = newer
    # The public page lists the forms frozen with the release in force (issue 13 part 2).
    for i in range(n):
        ReleaseForm.objects.create(
            release=current,
            position=i,
            code=f"BM-{i:02d}",
            name=f"Biểu mẫu {i}",
            file=f"documents/bm-{i:02d}.pdf",
            kind="pdf",
        )


def _count(client, url):
    client.get(url)  # warm per-site caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.django_db
def test_public_procedure_page_query_count_is_constant(client, tree, draft):
    page = approve(draft, tree)
    one, _html = _count(client, page.url)
    _grow(page, tree, 25)
    many, html = _count(client, page.url)
    assert html.count("BM-") >= 25
    assert html.count("Sửa đổi") >= 24
    assert one == many
    assert many <= 15
