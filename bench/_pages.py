"""Fixtures for bench/public_page.py, run inside a configured Django process."""

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from documents.demo import _people
from documents.models import DocumentRelease, ProcedureForm, ProcedurePage
from documents.services.drafting import document_sign_current_step, document_submit
from qms.demo_data import DEMO_PASSWORD
from qms.models import HomePage


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def _grow(page: ProcedurePage, n: int) -> None:
    """Give the page ``n`` forms and ``n`` releases, each signed through the real workflow.

    Publishing needs the review and approval signatures (documents.publishing): every release
    is drafted by the quality officer, reviewed by the deputy and approved by the head.
    """
    for i in range(n):
        ProcedureForm.objects.create(
            page=page, code=f"BM-{i:02d}", name=f"Biểu mẫu {i}", sort_order=i
        )
    officer, reviewer, head = _people(page.agency)
    while DocumentRelease.objects.filter(page=page).count() < n:
        draft = page.get_latest_revision_as_object()
        draft.amendment_summary = (
            f"Sửa đổi lần {DocumentRelease.objects.filter(page=page).count()}"
        )
        draft.save_revision(user=officer)
        document_submit(page=page, user=officer)
        for signer in (reviewer, head):
            page.refresh_from_db()
            document_sign_current_step(page=page, user=signer, password=DEMO_PASSWORD)
        page.refresh_from_db()


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
