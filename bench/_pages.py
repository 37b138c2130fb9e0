"""Fixtures for bench/public_page.py, run inside a configured Django process."""

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from documents.models import DocumentRelease, ProcedureForm, ProcedurePage
from qms.models import HomePage


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def _grow(page: ProcedurePage, n: int) -> None:
    for i in range(n):
        ProcedureForm.objects.create(
            page=page, code=f"BM-{i:02d}", name=f"Biểu mẫu {i}", sort_order=i
        )
    current = DocumentRelease.objects.get(page=page, superseded_at__isnull=True)
    while DocumentRelease.objects.filter(page=page).count() < n:
        revision = page.save_revision()
        current.superseded_at = revision.created_at
        current.save(update_fields=["superseded_at"])
        newer = DocumentRelease.objects.create(
            page=page,
            number=current.number + 1,
            amendment_summary=f"Sửa đổi {current.number}",
            effective_date=current.effective_date,
            revision=revision,
            content_hash="0" * 64,
            code=current.code,
            title=current.title,
            pdf_status="ready",
        )
        current.superseded_by = newer
        current.save(update_fields=["superseded_by"])
        current = newer
    revision.publish()


def prepare() -> str:
    call_command("seed_demo", verbosity=0)
    home = HomePage.objects.get()
    bare = home.get_children().filter(slug="trang-tron").first()
    if bare is None:
        # A bare Wagtail page: the base Page type, rendered by Wagtail's default serve.
        bare = home.add_child(instance=Page(title="Trang trơn", slug="trang-tron"))
        bare.save_revision().publish()
    client = Client(HTTP_HOST="127.0.0.1")
    page = ProcedurePage.objects.get(code="QT-02")
    queries_1 = _queries(client, page.url)
    _grow(page, 25)
    page.refresh_from_db()
    queries_25 = _queries(client, page.url)
    return f"{bare.url} {page.url} {queries_1} {queries_25}"
