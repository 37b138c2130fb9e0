"""Feedback fixtures: a unit of ``other_agency``, its officer and head, and outsiders."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from feedback.services import feedback_submit
from qms.roles import Role
from tests.factories import staff_user

TEXT = "Cán bộ yêu cầu nộp thêm giấy tờ không có trong danh mục niêm yết."


@pytest.fixture(autouse=True)
def _clear_cache():
    # The public form's rate limit counts in the cache.
    cache.clear()


@pytest.fixture
def people(own_agency, other_agency):
    return {
        "officer": staff_user(Role.QUALITY_OFFICER, other_agency, username="thuky-t"),
        "head": staff_user(Role.HEAD, other_agency, username="lanhdao-t"),
        "staff": staff_user(Role.STAFF, other_agency, username="congchuc-t"),
        "outsider": staff_user(Role.QUALITY_OFFICER, own_agency, username="thuky-khac"),
        "supervisor": staff_user(Role.SUPERVISOR, own_agency, username="giamsat-t"),
    }


def local(year, month, day, hour=9):
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def submit(unit, text=TEXT, contact="0912 345 678", received_at=None, **kwargs):
    return feedback_submit(
        unit=unit, description=text, contact=contact, received_at=received_at, **kwargs
    )


@pytest.fixture
def feedback(other_unit, people):
    return submit(other_unit)
