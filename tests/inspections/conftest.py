"""An inspection of ``other_agency`` by a supervisor, with one finding and an inspector."""

import datetime as dt

import pytest
from django.utils import timezone

from audits.models import Clause
from inspections.models import Inspection, InspectionFinding
from inspections.services import finding_save, inspection_save
from qms.roles import Role
from tests.factories import AgencyFactory, staff_user


@pytest.fixture
def people(own_agency, other_agency, province):
    so_khcn = AgencyFactory(name="Sở KH&CN Thử nghiệm", kind="so", parent=province)
    return {
        "supervisor": staff_user(Role.SUPERVISOR, own_agency, username="sup"),
        "inspector": staff_user(Role.STAFF, so_khcn, username="inspector"),
        "officer": staff_user(Role.QUALITY_OFFICER, other_agency, username="officer"),
        "head": staff_user(Role.HEAD, other_agency, username="head"),
        "outsider_officer": staff_user(
            Role.QUALITY_OFFICER, own_agency, username="outsider"
        ),
    }


def make_inspection(people, agencies, start, end, number="12/QĐ-SKHCN"):
    inspection = Inspection(
        body=Inspection.Body.SO_KHCN,
        decision_number=number,
        decision_date=min(start, timezone.localdate()) - dt.timedelta(days=5),
        starts_on=start,
        ends_on=end,
        team_names="Trần Minh Khoa – Trưởng đoàn",
    )
    return inspection_save(
        inspection=inspection,
        agencies=agencies,
        team_users=[people["inspector"]],
        user=people["supervisor"],
    )


@pytest.fixture
def inspection(people, other_agency):
    today = timezone.localdate()
    return make_inspection(
        people,
        [other_agency],
        today - dt.timedelta(days=2),
        today + dt.timedelta(days=5),
    )


@pytest.fixture
def finding(inspection, other_agency, people):
    return finding_save(
        finding=InspectionFinding(
            inspection=inspection,
            agency=other_agency,
            text="Bảng niêm yết TTHC còn bản hết hiệu lực.",
            clause=Clause.objects.get(number="7.5.3"),
            severity="major",
        ),
        user=people["supervisor"],
    )
