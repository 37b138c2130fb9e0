"""Review fixtures: ``other_agency``'s officer, head and staff, and people outside it."""

import datetime as dt

import pytest
from django.utils import timezone

from qms.roles import Role
from review.models import ManagementReview
from review.services import review_save
from tests.factories import PASSWORD, staff_user

__all__ = ["PASSWORD"]


@pytest.fixture
def people(own_agency, other_agency):
    return {
        "officer": staff_user(Role.QUALITY_OFFICER, other_agency, username="thuky-r"),
        "head": staff_user(Role.HEAD, other_agency, username="lanhdao-r"),
        "staff": staff_user(Role.STAFF, other_agency, username="congchuc-r"),
        "outsider": staff_user(Role.QUALITY_OFFICER, own_agency, username="thuky-x"),
        "supervisor": staff_user(Role.SUPERVISOR, own_agency, username="giamsat-r"),
    }


def plan(agency, people, planned_on=None, **fields):
    planned_on = planned_on or timezone.localdate() - dt.timedelta(days=10)
    return review_save(
        instance=ManagementReview(
            agency=agency, planned_on=planned_on, chair=people["head"], **fields
        ),
        user=people["officer"],
        reason="Kế hoạch",
    )


@pytest.fixture
def review(other_agency, people):
    return plan(other_agency, people)
