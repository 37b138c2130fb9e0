"""The "Tài liệu" listing: scoped, filtered, searched, exported, constant in queries (issue 13)."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import DocumentIndexPage, ProcedurePage
from documents.services.drafting import document_draft, document_submit
from documents.services.lifecycle import document_withdraw
from documents.services.workflow import workflow_assign
from qms.models import AgencyPage, ReceivingUnit
from qms.roles import Role
from tests.documents.conftest import approve, birth_procedure
from tests.factories import AgencyFactory, staff_user

LISTING = "documents_listing"


def _rows(client, url_name=LISTING, **params):
    """The listing's rows as {code: row text}, read from its table."""
    html = client.get(reverse(url_name), params).content.decode()
    start = html.find('<table class="listing')
    if start < 0:
        return {}
    body = html[start : html.index("</table>", start)]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)[1:]:
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        rows[text.split(" ")[0]] = text
    return rows


def _add(tree, code, title, **fields):
    return document_draft(
        parent=tree["index"],
        page=birth_procedure(title=title, slug=code.lower(), code=code, **fields),
        user=tree["officer"],
    )


@pytest.fixture
def states(tree, draft):
    """One document in each state the demo shows, as QT-HT-01…05 and QT-07."""
    approve(draft, tree)  # QT-HT-01 in force
    withdrawn = approve(_add(tree, "QT-HT-03", "Đăng ký khai tử"), tree)
    document_withdraw(
        page=withdrawn, user=tree["head"], reason="Bãi bỏ.", password=tree["password"]
    )
    scheduled = _add(tree, "QT-HT-04", "Xác nhận tình trạng hôn nhân")
    scheduled.go_live_at = timezone.now() + dt.timedelta(days=20)
    scheduled.save_revision(user=tree["officer"])
    approve(scheduled, tree)
    document_submit(page=_add(tree, "QT-06", "Rủi ro và cơ hội"), user=tree["officer"])
    _add(tree, "QT-07", "Đo lường sự hài lòng")
    return tree


@pytest.mark.django_db
def test_each_document_shows_its_state_in_its_own_words(client, states):
    client.force_login(states["officer"])
    rows = _rows(client)
    assert "Đang hiệu lực" in rows["QT-HT-01"]
    assert "Đã thu hồi" in rows["QT-HT-03"]
    assert "Chờ hiệu lực" in rows["QT-HT-04"]
    assert "Chờ soát xét" in rows["QT-06"]
    assert "Dự thảo" in rows["QT-07"]
    # Ordered by code; the release in force with its date, dd/mm/yyyy.
    assert list(rows) == ["QT-06", "QT-07", "QT-HT-01", "QT-HT-03", "QT-HT-04"]
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f"01 — {today}" in rows["QT-HT-01"]


@pytest.mark.django_db
def test_filters_by_state_type_and_search(client, states):
    client.force_login(states["officer"])
    assert set(_rows(client, state="withdrawn")) == {"QT-HT-03"}
    assert set(_rows(client, state="scheduled")) == {"QT-HT-04"}
    assert set(_rows(client, state="in_review")) == {"QT-06"}
    assert set(_rows(client, document_type="procedurepage:system")) == set()
    assert set(_rows(client, document_type="policypage")) == set()
    assert len(_rows(client, document_type="procedurepage:tthc")) == 5
    assert set(_rows(client, q="QT-HT-03")) == {"QT-HT-03"}
    assert set(_rows(client, q="qt ht 04")) == {"QT-HT-04"}
    assert set(_rows(client, q="dang ky khai tu")) == {"QT-HT-03"}


@pytest.mark.django_db
def test_review_due_within_lists_documents_in_force_only(client, states):
    client.force_login(states["officer"])
    ProcedurePage.objects.filter(code__in=["QT-HT-01", "QT-HT-03"]).update(
        next_review_date=timezone.localdate() - dt.timedelta(days=1)
    )
    rows = _rows(client, review_within=30)
    assert set(rows) == {"QT-HT-01"}  # the withdrawn QT-HT-03 has no review to do
    assert "quá hạn" in rows["QT-HT-01"]
    # The dashboard's and reminders' old link still works.
    assert set(_rows(client, status="review_due")) == {"QT-HT-01"}


@pytest.mark.django_db
def test_filters_by_owner_unit(client, tree, draft):
    unit = ReceivingUnit.objects.create(agency=tree["agency"], name="Bộ phận Một cửa")
    _add(tree, "QT-HT-02", "Đăng ký kết hôn", owner_unit=unit)
    client.force_login(tree["officer"])
    rows = _rows(client, owner_unit=unit.pk)
    assert set(rows) == {"QT-HT-02"}
    assert "Bộ phận Một cửa" in rows["QT-HT-02"]


def _other_agency_draft(tree):
    other_page = AgencyPage.objects.get(agency__name="UBND phường Khác")
    index = DocumentIndexPage(title="Tài liệu", slug="tai-lieu-khac")
    other_page.add_child(instance=index)
    index.save_revision().publish()
    workflow_assign(page=index)
    return document_draft(
        parent=index,
        page=birth_procedure(code="QT-KHAC-01", slug="qt-khac-01"),
        user=tree["outsider"],
    )


@pytest.mark.django_db
def test_another_agencys_documents_are_never_listed(client, tree, draft):
    _other_agency_draft(tree)
    client.force_login(tree["officer"])
    assert set(_rows(client)) == {"QT-HT-01"}
    assert set(_rows(client, q="QT-KHAC-01")) == set()
    client.force_login(tree["outsider"])
    assert set(_rows(client)) == {"QT-KHAC-01"}


@pytest.mark.django_db
def test_a_supervisor_sees_every_agencys_issued_documents_with_the_agency(
    client, tree, draft
):
    approve(draft, tree)
    _other_agency_draft(tree)
    client.force_login(staff_user(Role.SUPERVISOR, AgencyFactory(name="Sở Nội vụ")))
    html = client.get(reverse(LISTING)).content.decode()
    rows = _rows(client)
    # Issued documents of every agency, never another agency's drafts.
    assert set(rows) == {"QT-HT-01"}
    assert "UBND phường Phố Hiến" in rows["QT-HT-01"]
    assert 'name="agency"' in html


@pytest.mark.django_db
def test_exports_csv_with_state_and_owner(client, states):
    client.force_login(states["officer"])
    response = client.get(reverse(LISTING), {"export": "csv"})
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:5] == [
        "Mã hiệu",
        "Tên tài liệu",
        "Cơ quan",
        "Loại",
        "Bộ phận chủ trì",
    ]
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["QT-HT-03"][7] == "Đã thu hồi"
    assert by_code["QT-HT-04"][7] == "Chờ hiệu lực"


@pytest.mark.django_db
def test_exports_xlsx(client, states):
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    client.force_login(states["officer"])
    response = client.get(reverse(LISTING), {"export": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert {r[0] for r in values[1:]} == {
        "QT-HT-01",
        "QT-HT-03",
        "QT-HT-04",
        "QT-06",
        "QT-07",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 20])
def test_the_listing_costs_the_same_queries_for_2_or_20_rows(
    client, tree, count, django_assert_num_queries
):
    unit = ReceivingUnit.objects.create(agency=tree["agency"], name="Một cửa")
    for number in range(count):
        page = _add(tree, f"QT-SO-{number:02d}", f"Quy trình số {number}")
        if number % 2:
            document_submit(page=page, user=tree["officer"])
        else:
            ProcedurePage.objects.filter(pk=page.pk).update(owner_unit=unit)
    client.force_login(tree["officer"])
    client.get(reverse(LISTING))  # session, content types and menus warmed once
    with django_assert_num_queries(QUERIES):
        response = client.get(reverse(LISTING))
    assert response.content.decode().count("QT-SO-") == count


# Session, user and permissions, the agency scope, the COUNT and the page of rows, the
# agencies and units of the rows, Wagtail's menu and sidebar, the filter's unit choices:
# none grows with the rows.
QUERIES = 24


@pytest.mark.django_db
def test_the_master_list_keeps_its_url_and_gains_an_owner_column(client, states):
    client.force_login(states["officer"])
    html = client.get(reverse("documents_master_list")).content.decode()
    assert "Danh mục tài liệu" in html
    assert "Bộ phận chủ trì" in html
    assert "Đã thu hồi" in html


@pytest.mark.django_db
def test_the_menu_has_the_documents_item(client, tree):
    client.force_login(tree["officer"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(LISTING) in html


def _admin_search(client, query):
    html = client.get(reverse("wagtailadmin_pages:search"), {"q": query}).content
    return html.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["QT-02", "qt 02", "qt02", "QT-02 kiem soat"])
def test_the_admin_page_search_finds_a_document_by_its_code(client, tree, query):
    _add(tree, "QT-02", "Quy trình kiểm soát hồ sơ")
    _add(tree, "QT-03", "Quy trình đánh giá nội bộ")
    client.force_login(tree["officer"])
    html = _admin_search(client, query)
    assert "Quy trình kiểm soát hồ sơ" in html
    assert "Quy trình đánh giá nội bộ" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["quy trinh tam tru", "Quy trình tạm trú"])
def test_the_admin_page_search_ignores_diacritics(client, tree, query):
    _add(tree, "QT-HT-09", "Quy trình giải quyết TTHC: Đăng ký tạm trú")
    client.force_login(tree["officer"])
    assert "Đăng ký tạm trú" in _admin_search(client, query)


@pytest.mark.django_db
def test_an_agency_user_reading_one_agencys_documents_gets_no_agency_column(
    client, tree, draft
):
    client.force_login(tree["officer"])
    html = client.get(reverse(LISTING)).content.decode()
    table = html[html.index('<table class="listing') :]
    assert "QT-HT-01" in table
    assert "Cơ quan" not in table
    assert 'name="agency"' not in html
