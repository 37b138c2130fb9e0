"""The overview column "announcement current" and the annual report's two sections."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conformity import services
from conformity.reports import announcement_cells, annual_report_sections
from qms.lib.annual_report import collect
from qms.lib.province_overview import ORDER, columns
from tests.conformity.conftest import PROCEDURES, announce, approved_scope
from tests.factories import AgencyFactory

TODAY = dt.date(2026, 11, 30)


def _cells(ids):
    with CaptureQueriesContext(connection) as captured:
        cells = announcement_cells(ids, 2026, TODAY)
    return cells, len(captured)


@pytest.mark.django_db
def test_the_column_flags_obliged_agencies_not_announced_in_constant_queries(
    own_agency, other_agency, people, scope
):
    announce(own_agency, people, scope)
    encouraged = AgencyFactory(name="Trường học", kind="trung_tam")
    _cells([own_agency.pk])  # warm the settings cache
    cells, few = _cells([own_agency.pk, other_agency.pk, encouraged.pk])
    assert cells[own_agency.pk].value is True and not cells[own_agency.pk].flag
    assert cells[other_agency.pk].value is False and cells[other_agency.pk].flag
    assert cells[encouraged.pk].value is False and not cells[encouraged.pk].flag
    assert cells[own_agency.pk].url.endswith(f"/conformity/agency/{own_agency.pk}/")

    more = [AgencyFactory(name=f"UBND xã {n}", kind="ubnd_xa").pk for n in range(6)]
    cells, many = _cells([own_agency.pk, other_agency.pk, encouraged.pk, *more])
    assert many == few and len(cells) == 9

    approved_scope(own_agency, people, [*PROCEDURES, {"code": "3", "name": "Mới"}])
    cells, _n = _cells([own_agency.pk])
    assert cells[own_agency.pk].value is False and cells[own_agency.pk].flag


@pytest.mark.django_db
def test_the_column_is_registered_at_its_place(db):
    found = [c for c in columns() if c.key == "announcement_current"]
    assert len(found) == 1 and found[0].order == ORDER["announcement_current"]


@pytest.mark.django_db
def test_the_report_describes_the_scope_and_the_announcements(
    own_agency, people, scope
):
    announce(own_agency, people, scope, number="15/QĐ-STP")
    scope_part, announcement_part = annual_report_sections(own_agency, 2026)
    assert scope_part.key == "scope" and announcement_part.key == "announcement"
    assert scope_part.figures["procedures"] == 2
    assert scope_part.table[1] == ["1.001233", "Cấp Phiếu lý lịch tư pháp"]
    assert any("8.3" in text for text in scope_part.summary)
    assert announcement_part.figures == {"announced": 1, "announcements_in_year": 1}
    assert "15/QĐ-STP" in announcement_part.summary[0]
    assert announcement_part.table[1][0] == "15/QĐ-STP"
    keys = [s.key for s in collect(own_agency, 2026)]
    assert keys.index("scope") < keys.index("announcement")

    before, after = annual_report_sections(own_agency, 2025)
    assert before.figures["procedures"] == 0 and after.figures["announced"] == 0


@pytest.mark.django_db
def test_the_report_sections_cost_constant_queries(
    own_agency, people, scope, django_assert_max_num_queries
):
    announce(own_agency, people, scope)
    with CaptureQueriesContext(connection) as one:
        annual_report_sections(own_agency, 2026)
    for n in range(4):
        draft = services.scope_draft_start(agency=own_agency, user=people["officer"])
        services.scope_draft_save(
            version=draft,
            user=people["officer"],
            procedures=[*PROCEDURES, {"code": str(n), "name": f"Thủ tục {n}"}],
            processes="",
            units=[],
            exclusions=[],
        )
        services.scope_approve(
            version=draft, user=people["head"], password="Mat-khau-2026"
        )
        announce(
            own_agency, people, services.current_scope(own_agency.pk), number=f"{n}/QĐ"
        )
    with django_assert_max_num_queries(len(one)):
        annual_report_sections(own_agency, 2026)
