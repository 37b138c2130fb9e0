"""The demo audits: the walk-through of issue 5 is possible on the seeded data."""

import pytest
from django.core.management import call_command

from audits.models import Audit, ChecklistTemplate, Nonconformity


@pytest.fixture
def seeded(db):
    call_command("seed_demo")


@pytest.mark.django_db
def test_demo_has_the_2026_programme_with_three_audits(seeded):
    audits = {a.code: a for a in Audit.objects.select_related("lead_auditor")}
    assert audits["DG-2026-01"].status == Audit.Status.CLOSED
    assert len(audits["DG-2026-01"].report_sha256) == 64
    assert audits["DG-2026-02"].status == Audit.Status.IN_PROGRESS
    assert audits["DG-2026-02"].lead_auditor.username == "danhgia"
    assert audits["DG-2026-03"].status == Audit.Status.PLANNED


@pytest.mark.django_db
def test_demo_has_nonconformities_in_every_state(seeded):
    states = set(Nonconformity.objects.values_list("status", flat=True))
    assert states == set(Nonconformity.Status.values)
    assert Nonconformity.objects.filter(escalated_at__isnull=False).exists()
    assert Nonconformity.objects.filter(
        source="citizen_complaint", tracking_code__isnull=False
    ).exists()


@pytest.mark.django_db
def test_demo_seeds_the_iso_checklists_and_a_tthc_template(seeded):
    codes = set(ChecklistTemplate.objects.values_list("code", flat=True))
    assert {f"ISO-DIEU-{n}" for n in range(4, 11)} <= codes
    assert any(code.startswith("TTHC-") for code in codes)
    assert ChecklistTemplate.objects.get(code="ISO-DIEU-9").items.count() == 10
