"""The demo audits: the walk-through of issue 5 is possible on the seeded data."""

import pytest

from audits.models import Audit, ChecklistTemplate, Nonconformity


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
        source="citizen_complaint", citizen_feedback__isnull=False
    ).exists()


@pytest.mark.django_db
def test_demo_seeds_the_iso_checklists_and_a_tthc_template(seeded):
    codes = set(ChecklistTemplate.objects.values_list("code", flat=True))
    assert {f"ISO-DIEU-{n}" for n in range(4, 11)} <= codes
    assert any(code.startswith("TTHC-") for code in codes)
    assert ChecklistTemplate.objects.get(code="ISO-DIEU-9").items.count() == 10


@pytest.mark.django_db
def test_issue_walkthrough_on_the_demo_data(seeded, client):
    """GIVEN the demo WHEN danhgia finds a nonconformity in DG-2026-02 and raises it, congchuc
    analyses/plans/implements, danhgia2 verifies and closes, and the report is signed
    THEN the stored report PDF lists the nonconformity."""
    import datetime as dt
    import io

    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from pypdf import PdfReader

    from qms.demo_data import DEMO_PASSWORD

    users = {u.username: u for u in get_user_model().objects.all()}
    audit = Audit.objects.get(code="DG-2026-02")

    def act(username, name, pk, data=None):
        client.force_login(users[username])
        return client.post(reverse(name, args=[pk]), data or {})

    items = list(audit.items.order_by("sort_order"))
    for item in items:
        result = "minor" if item is items[-1] else "conforming"
        if not item.result:
            act(
                "danhgia",
                "audits_item_record",
                item.pk,
                {
                    f"item{item.pk}-result": result,
                    f"item{item.pk}-evidence": "Xu hướng chưa được phân tích",
                },
            )
    client.force_login(users["danhgia"])
    workspace = client.get(
        reverse("audits_workspace", args=[audit.pk])
    ).content.decode()
    assert f'<option value="{users["congchuc"].pk}"' in workspace
    act("danhgia", "audits_item_raise", items[-1].pk, {"owner": users["congchuc"].pk})
    nc = Nonconformity.objects.get(audit_item=items[-1])
    assert nc.owner == users["congchuc"]
    act(
        "congchuc",
        "audits_nc_analyse",
        nc.pk,
        {"why1": "Chưa có số liệu", "root_cause": "Chưa giao người tổng hợp"},
    )
    due = (dt.date.today() + dt.timedelta(days=30)).strftime("%d/%m/%Y")
    act(
        "congchuc",
        "audits_nc_plan",
        nc.pk,
        {
            "a0-description": "Giao tổng hợp số liệu quý",
            "a0-owner": users["congchuc"].pk,
            "a0-due_date": due,
        },
    )
    action = nc.actions.get()
    act(
        "congchuc",
        "audits_action_done",
        action.pk,
        {f"done{action.pk}-evidence": "Báo cáo quý IV"},
    )
    act(
        "danhgia2",
        "audits_nc_verify",
        nc.pk,
        {"effective": "1", "note": "Đã xem báo cáo"},
    )
    act("danhgia2", "audits_nc_close", nc.pk)
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.CLOSED
    act(
        "danhgia",
        "audits_finish",
        audit.pk,
        {"conclusion": "Đạt yêu cầu, 01 điểm KPH nhẹ."},
    )
    act(
        "danhgia",
        "audits_sign",
        audit.pk,
        {"meaning": "lead_auditor", "password": DEMO_PASSWORD},
    )
    act(
        "lanhdao",
        "audits_sign",
        audit.pk,
        {"meaning": "auditee_head", "password": DEMO_PASSWORD},
    )
    act("danhgia", "audits_close", audit.pk)
    audit.refresh_from_db()
    assert audit.status == Audit.Status.CLOSED
    with audit.report_pdf.open("rb") as handle:
        text = "".join(
            page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages
        )
    assert nc.code in text
