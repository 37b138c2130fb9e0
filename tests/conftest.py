"""Shared fixtures: a small province with two agencies and one user per role in each."""

import pytest

from qms.roles import Role
from tests.factories import AgencyFactory, ReceivingUnitFactory, staff_user


@pytest.fixture
def province(db):
    return AgencyFactory(name="UBND tỉnh Thử nghiệm", kind="ubnd_tinh")


@pytest.fixture
def own_agency(province):
    return AgencyFactory(name="Sở Tư pháp Thử nghiệm", parent=province)


@pytest.fixture
def other_agency(province):
    return AgencyFactory(name="UBND phường Khác", kind="ubnd_phuong", parent=province)


@pytest.fixture
def own_unit(own_agency):
    return ReceivingUnitFactory(agency=own_agency, name="Một cửa Sở Tư pháp")


@pytest.fixture
def other_unit(other_agency):
    return ReceivingUnitFactory(agency=other_agency, name="Một cửa phường Khác")


@pytest.fixture
def users(own_agency):
    """One user per role, all in ``own_agency`` (the supervisor sits there too)."""
    return {
        role: staff_user(role, own_agency, username=f"u-{role.name.lower()}")
        for role in Role
    }
