"""Dossier statistics fixtures: officers of ``own_agency`` and outsiders, small files."""

from __future__ import annotations

from typing import Any

import pytest

from dossiers.sample_file import csv_bytes
from qms.roles import Role
from tests.factories import staff_user

# national code, name, period, carried, received, early, on time, late, pending, returned,
# apology letters, online
GOOD = [
    ["1.001193", "Đăng ký khai sinh", "01/2026", 0, 50, 20, 28, 1, 1, 0, 1, 20],
    ["1.001193", "Đăng ký khai sinh", "02/2026", 1, 40, 10, 28, 2, 1, 0, 2, 18],
    ["2.000815", "Chứng thực bản sao", "01/2026", 0, 100, 40, 60, 0, 0, 0, 0, 50],
]


@pytest.fixture
def people(own_agency, other_agency) -> dict[str, Any]:
    return {
        "officer": staff_user(Role.QUALITY_OFFICER, own_agency, username="thuky-d"),
        "head": staff_user(Role.HEAD, own_agency, username="lanhdao-d"),
        "staff": staff_user(Role.STAFF, own_agency, username="congchuc-d"),
        "auditor": staff_user(Role.AUDITOR, own_agency, username="danhgia-d"),
        "outsider": staff_user(Role.QUALITY_OFFICER, other_agency, username="thuky-x"),
        "supervisor": staff_user(Role.SUPERVISOR, other_agency, username="giamsat-d"),
    }


def csv_of(rows: list[list[Any]]) -> bytes:
    return csv_bytes(rows)
