"""The issue's "done when" walk-through, through the admin screens (HTTP, not services)."""

import datetime as dt

import pytest
from django.urls import reverse
from pypdf import PdfReader

from audits.models import Audit, Nonconformity
from tests.factories import PASSWORD


def _post(client, user, url_name, pk, data=None, **kwargs):
    client.force_login(user)
    return client.post(reverse(url_name, args=[pk]), data or {}, **kwargs)


@pytest.mark.django_db
def test_audit_to_closed_nonconformity_to_signed_report(
    client, audit, people, other_unit
):
    """GIVEN a planned audit WHEN the lead runs it, raises an SKPH from a finding, the owner
    analyses/plans/implements, another auditor verifies and closes, both sign THEN the stored
    report PDF lists the nonconformity (ISO 9001:2015 9.2.2, 10.2)."""
    lead, owner = people["lead"], people["staff"]
    _post(client, lead, "audits_start", audit.pk)
    audit.refresh_from_db()
    assert audit.status == Audit.Status.IN_PROGRESS
    page = client.get(reverse("audits_workspace", args=[audit.pk]))
    assert page.status_code == 200
    first, *rest = audit.items.order_by("sort_order")
    response = _post(
        client,
        lead,
        "audits_item_record",
        first.pk,
        {
            f"item{first.pk}-result": "minor",
            f"item{first.pk}-evidence": "Hồ sơ trễ hạn",
        },
    )
    assert response.status_code == 302
    for item in rest:
        _post(
            client,
            lead,
            "audits_item_record",
            item.pk,
            {f"item{item.pk}-result": "conforming"},
        )
    response = _post(client, lead, "audits_item_raise", first.pk)
    nc = Nonconformity.objects.get(audit_item=first)
    assert response.url == reverse("audits_nc_workflow", args=[nc.pk])
    nc.owner = owner
    nc.save()

    _post(
        client,
        owner,
        "audits_nc_analyse",
        nc.pk,
        {"why1": "Chưa rà soát", "root_cause": "Thiếu bước rà soát"},
    )
    due = (dt.date.today() + dt.timedelta(days=5)).strftime("%d/%m/%Y")
    client.force_login(owner)
    page = client.get(reverse("audits_nc_workflow", args=[nc.pk]))
    assert page.status_code == 200
    _post(
        client,
        owner,
        "audits_nc_plan",
        nc.pk,
        {"a0-description": "Bổ sung bước", "a0-owner": owner.pk, "a0-due_date": due},
    )
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.PLANNED, nc.status
    action = nc.actions.get()
    _post(
        client,
        owner,
        "audits_action_done",
        action.pk,
        {f"done{action.pk}-evidence": "QT sửa đổi"},
    )
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.IMPLEMENTED

    # The owner cannot verify their own work; another auditor can.
    _post(client, owner, "audits_nc_verify", nc.pk, {"effective": "1", "note": "ok"})
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.IMPLEMENTED
    _post(
        client,
        people["auditor2"],
        "audits_nc_verify",
        nc.pk,
        {"effective": "1", "note": "Đã kiểm tra"},
    )
    _post(client, people["auditor2"], "audits_nc_close", nc.pk)
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.CLOSED

    _post(
        client, lead, "audits_finish", audit.pk, {"conclusion": "HTQLCL được duy trì."}
    )
    _post(
        client,
        lead,
        "audits_sign",
        audit.pk,
        {"meaning": "lead_auditor", "password": "sai"},
    )
    assert not audit.signatures.exists()
    _post(
        client,
        lead,
        "audits_sign",
        audit.pk,
        {"meaning": "lead_auditor", "password": PASSWORD},
    )
    _post(
        client,
        people["head"],
        "audits_sign",
        audit.pk,
        {"meaning": "auditee_head", "password": PASSWORD},
    )
    _post(client, lead, "audits_close", audit.pk)
    audit.refresh_from_db()
    assert audit.status == Audit.Status.CLOSED
    assert len(audit.report_sha256) == 64
    response = client.get(reverse("audits_report_pdf", args=[audit.pk]))
    content = b"".join(response.streaming_content)
    import hashlib
    import io

    assert hashlib.sha256(content).hexdigest() == audit.report_sha256
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert nc.code in text
    assert "BÁO CÁO ĐÁNH GIÁ NỘI BỘ" in text


@pytest.mark.django_db
def test_assigning_an_auditor_to_their_own_agency_is_refused_in_the_form(
    client, audit, people
):
    client.force_login(people["officer"])
    response = client.post(
        reverse("audit:edit", args=[audit.pk]),
        {
            "programme": audit.programme_id,
            "code": audit.code,
            "agency": audit.agency_id,
            "scope": "s",
            "criteria": "c",
            "template": audit.template_id,
            "lead_auditor": people["local_auditor"].pk,
            "planned_start": "02/03/2026",
            "planned_end": "03/03/2026",
        },
    )
    assert response.status_code == 200
    assert (
        "cannot audit their own agency" in response.content.decode()
        or "không được" in response.content.decode()
    )
    audit.refresh_from_db()
    assert audit.lead_auditor == people["lead"]


@pytest.mark.django_db
def test_blank_checklist_pdf(client, template, people):
    client.force_login(people["officer"])
    response = client.get(reverse("audits_template_pdf", args=[template.pk]))
    assert response["Content-Type"] == "application/pdf"
    import io

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "PHIẾU GHI CHÉP ĐÁNH GIÁ" in text
    assert "Câu hỏi 1?" in text
