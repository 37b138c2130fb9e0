"""Quality-objective fixtures: people of ``other_agency`` and outsiders, an objective."""

import datetime as dt
from decimal import Decimal

import pytest

from performance.models import Indicator, QualityObjective
from performance.services import objective_approve, objective_create
from qms.roles import Role
from tests.factories import staff_user

PASSWORD = "Mk-Thu-nghiem-2026"


@pytest.fixture
def people(own_agency, other_agency):
    made = {
        "officer": staff_user(Role.QUALITY_OFFICER, other_agency, username="thuky-p"),
        "head": staff_user(Role.HEAD, other_agency, username="lanhdao-p"),
        "staff": staff_user(Role.STAFF, other_agency, username="congchuc-p"),
        "outsider": staff_user(Role.QUALITY_OFFICER, own_agency, username="thuky-k"),
        "outside_head": staff_user(Role.HEAD, own_agency, username="lanhdao-k"),
        "supervisor": staff_user(Role.SUPERVISOR, own_agency, username="giamsat-p"),
    }
    for user in made.values():
        user.set_password(PASSWORD)
        user.save()
    return made


@pytest.fixture
def on_time():
    return Indicator.objects.get(code="mot-cua-dung-han")


@pytest.fixture
def late_count():
    return Indicator.objects.get(code="mot-cua-so-tre-han")


def draft(agency, indicator, user, *, target="98", frequency="month", year=2026):
    return objective_create(
        objective=QualityObjective(
            agency=agency,
            year=year,
            text="Giải quyết đúng hạn ít nhất 98 % hồ sơ.",
            indicator=indicator,
            target=Decimal(target),
            frequency=frequency,
            owner=user,
            plan_what="Theo dõi hồ sơ sắp đến hạn hằng ngày.",
        ),
        user=user,
    )


@pytest.fixture
def objective(other_agency, on_time, people):
    return draft(other_agency, on_time, people["officer"])


@pytest.fixture
def approved(objective, people):
    return objective_approve(
        objective=objective, user=people["head"], password=PASSWORD
    )


JAN = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
FEB = (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
