"""The demo imports the shipped sample at Phố Hiến; its procedures are linked by code."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from audits.models import Nonconformity
from dossiers.models import DossierImport, DossierStatistic, LateDossierFlag

pytestmark = pytest.mark.django_db


def test_the_demo_imported_ten_months_and_flagged_the_late_ones(seeded):
    batch = DossierImport.objects.get()
    assert batch.status == DossierImport.Status.DONE
    stats = DossierStatistic.objects.filter(agency=batch.agency)
    assert stats.count() == 50
    assert (
        stats.filter(procedure__isnull=True).count() == 0
    )  # every code matched a page
    assert set(
        LateDossierFlag.objects.values_list("national_code", "period_start__month")
    ) == {
        ("1.000894", 3),
        ("2.000815", 7),
    }
    raised = Nonconformity.objects.filter(late_dossier_flag__isnull=False)
    assert raised.filter(source="late_dossier").count() == 2


def test_seeding_again_changes_nothing(seeded):
    before = DossierStatistic.history.count()
    call_command("seed_demo", stdout=__import__("io").StringIO())
    assert DossierStatistic.history.count() == before
    assert DossierImport.objects.count() == 1
