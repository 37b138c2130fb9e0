"""Audits ↔ risks: a checklist item may check a risk, a nonconformity may name the one it
revealed; another agency's risk is refused whatever id is sent."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from audits.models import AuditItem, Nonconformity
from audits.services.audits import audit_item_record, audit_start
from audits.services.nonconformities import nonconformity_create, nonconformity_save
from qms.roles import Role
from tests.audits.conftest import certify, make_audit, programme, template  # noqa: F401
from tests.factories import staff_user
from tests.planning.conftest import new_risk


def _nc(agency, user, risk=None):
    return nonconformity_create(
        nc=Nonconformity(
            source=Nonconformity.Source.SELF_DETECTED,
            severity=Nonconformity.Severity.MINOR,
            agency=agency,
            title="Trả kết quả trễ",
            description="Ba hồ sơ trả trễ hẹn.",
            detected_on=dt.date(2026, 11, 2),
            risk=risk,
        ),
        user=user,
    )


@pytest.mark.django_db
def test_a_nonconformity_names_its_agencys_risk(own_agency, people, risk):
    nc = _nc(own_agency, people["officer"], risk=risk)
    assert Nonconformity.objects.get(pk=nc.pk).risk == risk
    assert list(risk.nonconformities.all()) == [nc]


@pytest.mark.django_db
def test_another_agencys_risk_is_refused_on_a_nonconformity(
    own_agency, other_agency, people
):
    forged = new_risk(other_agency, people["outsider"], title="Rủi ro phường khác")
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        _nc(own_agency, people["officer"], risk=forged)
    assert "Chọn rủi ro hoặc cơ hội của cùng cơ quan." in " ".join(
        caught.value.messages
    )
    assert not Nonconformity.objects.exists()
    nc = _nc(own_agency, people["officer"])
    nc.risk = forged
    with pytest.raises(ValidationError):
        nonconformity_save(nc=nc, user=people["officer"], reason="Gắn rủi ro")
    assert Nonconformity.objects.get(pk=nc.pk).risk_id is None


@pytest.mark.django_db
def test_the_nonconformity_form_refuses_a_forged_risk_id(
    client, own_agency, other_agency, people
):
    forged = new_risk(other_agency, people["outsider"], title="Rủi ro phường khác")
    nc = _nc(own_agency, people["officer"])
    client.force_login(people["officer"])
    edit = reverse("nonconformity:edit", args=[nc.pk])
    page = client.get(edit).content.decode()
    assert "Rủi ro phường khác" not in page  # never offered
    data = {
        "source": nc.source,
        "severity": nc.severity,
        "agency": own_agency.pk,
        "title": nc.title,
        "description": nc.description,
        "detected_on": "2026-11-02",
        "risk": forged.pk,
        "change_reason": "Gắn rủi ro",
    }
    client.post(edit, data)
    assert Nonconformity.objects.get(pk=nc.pk).risk_id is None


@pytest.fixture
def started(programme, template, own_agency, other_agency, other_unit, province):  # noqa: F811
    """An audit of ``other_agency`` in progress, led from ``own_agency``."""
    team = {
        "lead": staff_user(Role.AUDITOR, own_agency, username="lead"),
        "auditor2": staff_user(Role.AUDITOR, province, username="auditor2"),
        "officer": staff_user(Role.QUALITY_OFFICER, other_agency, username="ofc2"),
    }
    for auditor in (team["lead"], team["auditor2"]):
        certify(auditor)  # auditors need a valid certificate (ISO 9001:2015 7.2)
    audit = make_audit(programme, template, team, other_agency, other_unit)
    return audit_start(audit=audit, user=team["lead"])


@pytest.mark.django_db
def test_a_checklist_item_checks_only_the_audited_agencys_risk(
    client, started, own_agency, other_agency, people
):
    audited = new_risk(other_agency, people["outsider"], title="Rủi ro được đánh giá")
    forged = new_risk(own_agency, people["officer"], title="Rủi ro cơ quan khác")
    item = started.items.order_by("sort_order").first()
    lead = started.lead_auditor
    audit_item_record(
        item=item, user=lead, result="conforming", evidence="", risk=audited
    )
    assert AuditItem.objects.get(pk=item.pk).risk == audited
    # Recording again without naming a risk keeps the one linked.
    audit_item_record(item=item, user=lead, result="conforming", evidence="Đạt")
    assert AuditItem.objects.get(pk=item.pk).risk == audited
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        audit_item_record(
            item=item, user=lead, result="conforming", evidence="", risk=forged
        )
    assert "Chọn rủi ro hoặc cơ hội của cơ quan được đánh giá." in " ".join(
        caught.value.messages
    )
    # Through the workspace: the audited agency's risks are offered, a forged id is not kept.
    client.force_login(lead)
    page = client.get(reverse("audits_workspace", args=[started.pk])).content.decode()
    assert "Rủi ro được đánh giá" in page and "Rủi ro cơ quan khác" not in page
    client.post(
        reverse("audits_item_record", args=[item.pk]),
        {f"item{item.pk}-result": "conforming", f"item{item.pk}-risk": forged.pk},
    )
    assert AuditItem.objects.get(pk=item.pk).risk == audited
