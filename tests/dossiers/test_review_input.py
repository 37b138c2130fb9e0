"""The management review's clause c3 input: dossiers by month, on-time chart, totals."""

from __future__ import annotations

import datetime as dt

import pytest

from dossiers.sample_file import csv_bytes
from dossiers.selectors import review_input
from dossiers.services import dossier_import_confirm, dossier_import_upload
from qms.lib.review_inputs import collect
from tests.dossiers.conftest import GOOD

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(own_agency, people, django_capture_on_commit_callbacks):
    batch = dossier_import_upload(
        agency=own_agency,
        data=csv_bytes(GOOD),
        filename="tk.csv",
        user=people["officer"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        dossier_import_confirm(batch=batch, user=people["officer"])


def test_the_input_gives_months_rates_and_totals(
    own_agency, imported, django_assert_num_queries
):
    with django_assert_num_queries(1):
        (section,) = review_input(
            own_agency, dt.date(2026, 1, 1), dt.date(2026, 10, 31)
        )
    assert section.clause == "c3"
    assert section.data_range == "Dữ liệu từ 01/01/2026 đến 31/10/2026"
    assert section.table[1] == ["01/2026", "150", "149", "99,3 %", "1", "1"]
    assert section.table[2] == ["02/2026", "40", "40", "95,0 %", "2", "2"]
    assert (
        "Tiếp nhận 190 hồ sơ, đã giải quyết 189; 3 hồ sơ giải quyết quá hạn"
        in section.summary[0]
    )
    (chart,) = section.charts
    assert chart.points == [("01/2026", "99,3 %"), ("02/2026", "95 %")]
    assert "<svg" in chart.svg()


def test_a_period_without_figures_says_so(own_agency, imported):
    (section,) = review_input(own_agency, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert section.summary == [
        "Chưa nhập số liệu thống kê hồ sơ nào cho giai đoạn này."
    ]
    assert section.table == []


def test_the_hook_is_registered(own_agency, imported):
    sections = collect(own_agency, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [
        s.clause for s in sections if s.title.startswith("Kết quả thực hiện quá trình")
    ] == ["c3"]
