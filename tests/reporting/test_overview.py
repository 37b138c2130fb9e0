"""The province overview's "annual report" column: submitted or not, flagged when late."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms.lib.province_overview import columns
from qms.models import Agency

pytestmark = pytest.mark.django_db


def _column():
    return next(c for c in columns() if c.key == "annual_report")


def test_the_column_says_submitted_or_flags_the_late(demo):
    ids = dict(Agency.objects.values_list("name", "pk"))
    pho_hien, tan_hung = ids["UBND phường Phố Hiến"], ids["UBND xã Tân Hưng"]
    thai_binh = ids["UBND phường Thái Bình"]
    cells = _column().cells([pho_hien, tan_hung, thai_binh], 2025, dt.date(2026, 1, 5))
    assert cells[pho_hien].value is True and not cells[pho_hien].flag
    assert cells[thai_binh].value is True  # late, but submitted
    assert cells[tan_hung].value is False and cells[tan_hung].flag
    assert (
        f"agency={tan_hung}" in cells[tan_hung].url
        and "year=2025" in cells[tan_hung].url
    )
    before_due = _column().cells([tan_hung], 2025, dt.date(2025, 12, 1))
    assert not before_due[tan_hung].flag


def test_the_column_costs_the_same_queries_whatever_the_agencies(
    demo, django_assert_num_queries
):
    column = _column()
    ids = list(Agency.objects.values_list("pk", flat=True))
    column.cells(
        ids[:1], 2025, dt.date(2026, 1, 5)
    )  # settings cached after a first load
    with CaptureQueriesContext(connection) as one:
        column.cells(ids[:1], 2025, dt.date(2026, 1, 5))
    with django_assert_num_queries(len(one)):
        cells = column.cells(ids, 2025, dt.date(2026, 1, 5))
    assert len(cells) == len(ids)


def test_the_cell_opens_the_agencys_reports(demo):
    from django.test import Client

    ids = dict(Agency.objects.values_list("name", "pk"))
    tan_hung = ids["UBND xã Tân Hưng"]
    cell = _column().cells([tan_hung], 2025, dt.date(2026, 1, 5))[tan_hung]
    client = Client()
    client.force_login(demo["giamsat"])
    page = client.get(cell.url).content.decode()
    assert "UBND xã Tân Hưng" in page and "UBND phường Phố Hiến" not in page


def test_my_work_lists_reports_to_sign_and_to_receive(
    demo, django_assert_max_num_queries
):
    from qms.my_work import my_work_groups
    from reporting.services import report_generate

    report_generate(agency=demo["pho_hien"], year=2026, user=demo["thuky"])
    keys = {g["key"]: g for g in my_work_groups(demo["lanhdao"])}
    assert keys["reporting.sign"]["count"] == 1
    assert "reporting.sign" not in {g["key"] for g in my_work_groups(demo["thuky"])}
    receiver = {g["key"]: g for g in my_work_groups(demo["sokhcn"])}
    assert receiver["reporting.receive"]["count"] == 1  # Thái Bình's late report
    assert "reporting.receive" not in {
        g["key"] for g in my_work_groups(demo["giamsat"])
    }
