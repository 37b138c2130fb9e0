"""A procedure distributed to a one-stop unit of the tree's agency, and the unit's staff."""

import pytest
from django.contrib.auth.models import Group

from documents.services.drafting import document_draft
from qms.roles import Role
from tests.documents import conftest as documents_conftest
from tests.documents.conftest import approve, birth_procedure
from tests.factories import ReceivingUnitFactory, StaffProfileFactory

# The documents suite's agency, portal tree and signers, shared with this suite.
tree = documents_conftest.tree


@pytest.fixture
def unit(tree):
    return ReceivingUnitFactory(agency=tree["agency"], name="Bộ phận Một cửa Phố Hiến")


@pytest.fixture
def readers(tree, unit):
    """Three active staff of the unit (role Công chức) and two outsiders."""
    inside = [
        StaffProfileFactory(agency=tree["agency"], receiving_unit=unit)
        for _ in range(3)
    ]
    staff_group = Group.objects.get(name=Role.STAFF.value)
    for profile in inside:
        profile.user.groups.add(staff_group)
    left = StaffProfileFactory(
        agency=tree["agency"], receiving_unit=unit, is_active=False
    )
    elsewhere = StaffProfileFactory(agency=tree["agency"])
    return {"inside": inside, "left": left, "elsewhere": elsewhere}


@pytest.fixture
def distributed(tree, unit):
    """Draft of the birth-registration procedure distributed to the unit (not yet released)."""
    page = document_draft(
        parent=tree["index"], page=birth_procedure(), user=tree["officer"]
    )
    page = page.get_latest_revision_as_object()
    page.distribution_units = [unit]
    page.save_revision(user=tree["officer"])
    return page


def new_release(page, tree, summary: str):
    """Approve the latest draft (with an amendment summary from release 02) and publish it."""
    if page.live:
        revision = page.get_latest_revision_as_object()
        revision.amendment_summary = summary
        revision.save_revision(user=tree["officer"])
    page = approve(page, tree)
    return page.releases.get(superseded_at__isnull=True, withdrawn_at__isnull=True)
