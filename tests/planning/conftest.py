"""Planning fixtures: people of two agencies and a register built through the services."""

import datetime as dt

import pytest
from django.utils import timezone

from planning.models import Risk, TreatmentAction
from planning.services import action_save, risk_save
from qms.roles import Role
from tests.factories import staff_user


@pytest.fixture
def people(own_agency, other_agency, province):
    return {
        "officer": staff_user(Role.QUALITY_OFFICER, own_agency, username="officer"),
        "head": staff_user(Role.HEAD, own_agency, username="head"),
        "staff": staff_user(Role.STAFF, own_agency, username="staff"),
        "outsider": staff_user(Role.QUALITY_OFFICER, other_agency, username="outsider"),
        "outsider_staff": staff_user(Role.STAFF, other_agency, username="ostaff"),
        "supervisor": staff_user(Role.SUPERVISOR, province, username="sup"),
    }


def new_risk(agency, user, **fields):
    values = {
        "kind": Risk.Kind.RISK,
        "title": "Trả kết quả trễ hẹn",
        "process_name": "Tiếp nhận và trả kết quả",
        "cause": "Chuyển hồ sơ bằng giấy.",
        "consequence": "Người dân phải đi lại.",
        "likelihood": 3,
        "impact": 4,
    }
    values.update(fields)
    return risk_save(instance=Risk(agency=agency, **values), user=user)


def new_action(risk, user, owner, days=10, **fields):
    return action_save(
        instance=TreatmentAction(
            risk=risk,
            action=fields.pop("action", "Lập sổ giao nhận hồ sơ."),
            owner=owner,
            due_on=timezone.localdate() + dt.timedelta(days=days),
            **fields,
        ),
        user=user,
    )


@pytest.fixture
def risk(own_agency, people):
    return new_risk(own_agency, people["officer"])
