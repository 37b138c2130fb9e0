"""Conformity fixtures: ``own_agency``'s secretary, head and staff, and people outside it."""

import pytest

from conformity import services
from qms.roles import Role
from tests.factories import PASSWORD, staff_user

__all__ = ["PASSWORD"]


@pytest.fixture
def people(own_agency, other_agency):
    return {
        "officer": staff_user(Role.QUALITY_OFFICER, own_agency, username="thuky-c"),
        "head": staff_user(Role.HEAD, own_agency, username="lanhdao-c"),
        "auditor": staff_user(Role.AUDITOR, own_agency, username="danhgia-c"),
        "staff": staff_user(Role.STAFF, own_agency, username="congchuc-c"),
        "outsider": staff_user(Role.QUALITY_OFFICER, other_agency, username="thuky-x"),
        "outside_head": staff_user(Role.HEAD, other_agency, username="lanhdao-x"),
        "supervisor": staff_user(Role.SUPERVISOR, other_agency, username="giamsat-c"),
    }


PROCEDURES = [
    {"code": "1.001233", "name": "Cấp Phiếu lý lịch tư pháp"},
    {"code": "2.000908", "name": "Chứng thực bản sao từ bản chính"},
]


def approved_scope(agency, people, procedures=None):
    draft = services.scope_draft_start(agency=agency, user=people["officer"])
    services.scope_draft_save(
        version=draft,
        user=people["officer"],
        procedures=procedures or PROCEDURES,
        processes="Tiếp nhận hồ sơ\nTrả kết quả",
        units=[],
        exclusions=[{"requirement": "8.3", "justification": "Không thiết kế."}],
    )
    return services.scope_approve(version=draft, user=people["head"], password=PASSWORD)


def announce(agency, people, scope, number="15/QĐ-STP", **extra):
    import datetime as dt

    return services.announcement_create(
        agency=agency,
        user=people["head"],
        scope=scope,
        decision_number=number,
        decision_date=extra.pop("decision_date", dt.date(2026, 1, 15)),
        signer=people["head"],
        password=PASSWORD,
        **extra,
    )


@pytest.fixture
def scope(own_agency, people):
    return approved_scope(own_agency, people)
