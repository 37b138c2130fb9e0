"""The demo: an inspection by the Sở KH&CN of Phố Hiến, and an expired auditor certificate."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from audits.models import Audit, Nonconformity
from audits.services.audits import audit_save
from inspections.models import Inspection
from qms.scoping import agency_scope_for


@pytest.mark.django_db
def test_demo_inspection_has_two_findings_one_raised(seeded):
    inspection = Inspection.objects.get(decision_number="215/QĐ-SKHCN")
    assert inspection.body == Inspection.Body.SO_KHCN
    assert [a.name for a in inspection.agencies.all()] == ["UBND phường Phố Hiến"]
    findings = list(inspection.findings.order_by("pk"))
    assert len(findings) == 2
    assert findings[0].nonconformity.source == Nonconformity.Source.EXTERNAL_INSPECTION
    assert findings[1].nonconformity_id is None


@pytest.mark.django_db
def test_demo_inspector_reads_pho_hien_while_the_inspection_runs(seeded):
    inspector = get_user_model().objects.get(username="kiemtra")
    inspection = Inspection.objects.get(decision_number="215/QĐ-SKHCN")
    pho_hien = inspection.agencies.get()
    scope = agency_scope_for(inspector)
    assert pho_hien.pk in scope.readable
    assert pho_hien.pk not in scope.writable


@pytest.mark.django_db
def test_demo_expired_certificate_blocks_the_assignment(seeded):
    User = get_user_model()
    audit = Audit.objects.get(code="DG-2026-03")
    with pytest.raises(ValidationError) as refused:
        audit_save(
            audit=audit,
            team=[User.objects.get(username="danhgia3")],
            user=User.objects.get(username="admin"),
        )
    assert "Đỗ Thị Hạnh" in " ".join(refused.value.messages)
    assert not audit.team.filter(username="danhgia3").exists()
