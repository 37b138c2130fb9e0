"""Demo audits: the 2026 programme of UBND phường Phố Hiến, its audits and nonconformities.

Built through the services, like every other demo module; idempotent (the programme is the
marker: a second run only makes sure the seeded checklist templates exist).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from audits.demo_data import CHECKLISTS
from audits.models import (
    Audit,
    AuditItem,
    AuditorCertificate,
    AuditProgramme,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Clause,
    CorrectiveAction,
    Nonconformity,
)
from audits.services import auditors as auditor_services
from audits.services import audits as audit_services
from audits.services import nonconformities as nc_services
from audits.services import reminders, reports
from audits.services.checklists import checklist_template_from_procedure
from audits.services.nonconformities import PlannedAction
from qms import services as qms_services
from qms.demo_data import DEMO_PASSWORD
from qms.models import Agency, Position, ReceivingUnit, StaffProfile
from qms.roles import Role

Log = Callable[[str], None]
AUDITEE = "UBND phường Phố Hiến"
YEAR = 2026


def seed(log: Log) -> None:
    """Seed checklist templates, then (once) the 2026 programme with audits and SKPH."""
    templates = _templates()
    _certificates()
    auditee = Agency.objects.filter(name=AUDITEE).first()
    if (
        auditee is None
        or AuditProgramme.objects.filter(agency=auditee, year=YEAR).exists()
    ):
        return
    with transaction.atomic():
        _programme(auditee, templates, _people(auditee))
    log("Đã tạo dữ liệu mẫu đánh giá nội bộ và phiếu SKPH.")


# (username, course, issuer, number, issued, expires): danhgia3's has expired, so the audit
# plan refuses them (ISO 9001:2015 7.2), which the demo shows.
CERTIFICATES = [
    (
        "danhgia",
        "Đánh giá viên nội bộ hệ thống quản lý chất lượng TCVN ISO 9001:2015",
        "Chi cục Tiêu chuẩn Đo lường Chất lượng Hưng Yên",
        "TĐC-2024-0517",
        dt.date(2024, 5, 17),
        dt.date(2029, 5, 16),
    ),
    (
        "danhgia2",
        "Đánh giá viên nội bộ hệ thống quản lý chất lượng TCVN ISO 9001:2015",
        "Viện Năng suất Việt Nam",
        "VNS-2023-1102",
        dt.date(2023, 11, 2),
        dt.date(2028, 11, 1),
    ),
    (
        "danhgia3",
        "Chuyên gia đánh giá nội bộ theo TCVN ISO 9001:2008",
        "Chi cục Tiêu chuẩn Đo lường Chất lượng Hưng Yên",
        "TĐC-2019-0311",
        dt.date(2019, 3, 11),
        dt.date(2024, 3, 10),
    ),
]


def _certificates() -> None:
    """Give the demo auditors their certificates (once; danhgia3's expired in 2024)."""
    User = get_user_model()
    admin = User.objects.filter(username="admin").first()
    _second_auditor()
    _third_auditor()
    for username, course, issuer, number, issued, expires in CERTIFICATES:
        if AuditorCertificate.objects.filter(number=number).exists():
            continue
        auditor_services.auditor_certificate_save(
            certificate=AuditorCertificate(
                auditor=User.objects.get(username=username),
                course=course,
                issuer=issuer,
                number=number,
                issued_on=issued,
                expires_on=expires,
            ),
            user=admin,
        )


def _third_auditor() -> Any:
    """An auditor of Sở Tư pháp whose certificate has expired (refused by the audit plan)."""
    profile = StaffProfile.objects.filter(user__username="danhgia3").first()
    if profile is None:
        profile = qms_services.staff_create(
            username="danhgia3",
            email="danhgia3@hungyen.example.vn",
            full_name="Đỗ Thị Hạnh",
            agency=Agency.objects.get(name="Sở Tư pháp tỉnh Hưng Yên"),
            position=Position.objects.get(code="chuyen-vien"),
            service_start=dt.date(2010, 3, 1),
            roles=[Role.AUDITOR],
            password=DEMO_PASSWORD,
            send_welcome=False,
        )
    return profile.user


def _templates() -> dict[int, ChecklistTemplate]:
    clauses = {c.number: c for c in Clause.objects.all()}
    result = {}
    for chapter, title, questions in CHECKLISTS:
        code = f"ISO-DIEU-{chapter}"
        template = ChecklistTemplate.objects.filter(code=code, is_current=True).first()
        if template is None:
            template = ChecklistTemplate.objects.create(
                code=code,
                name=f"Điều {chapter} – {title}",
                description="Bộ câu hỏi mẫu cho Bộ phận Một cửa (TCVN ISO 9001:2015).",
            )
            ChecklistTemplateItem.objects.bulk_create(
                ChecklistTemplateItem(
                    template=template,
                    sort_order=n,
                    clause=clauses[number],
                    question=question,
                    guidance="Phỏng vấn, xem hồ sơ; chọn mẫu 5–10 hồ sơ khi cần.",
                )
                for n, (number, question) in enumerate(questions, start=1)
            )
        result[chapter] = template
    _tthc_template()
    return result


def _tthc_template() -> None:
    from documents.models import ProcedurePage

    procedure = (
        ProcedurePage.objects.filter(kind=ProcedurePage.Kind.TTHC, agency__name=AUDITEE)
        .order_by("pk")
        .first()
    )
    if (
        procedure is not None
        and not ChecklistTemplate.objects.filter(code=f"TTHC-{procedure.code}").exists()
    ):
        checklist_template_from_procedure(procedure=procedure)


def _people(auditee: Agency) -> dict[str, Any]:
    User = get_user_model()
    people: dict[str, Any] = {
        name: User.objects.get(username=name)
        for name in ("admin", "thuky", "lanhdao", "danhgia", "congchuc")
    }
    people["danhgia2"] = _second_auditor()
    people["unit"] = ReceivingUnit.objects.filter(agency=auditee).order_by("pk").first()
    return people


def _second_auditor() -> Any:
    profile = StaffProfile.objects.filter(user__username="danhgia2").first()
    if profile is None:
        profile = qms_services.staff_create(
            username="danhgia2",
            email="danhgia2@hungyen.example.vn",
            full_name="Vũ Đức Kiên",
            agency=Agency.objects.get(name="Sở Tư pháp tỉnh Hưng Yên"),
            position=Position.objects.get(code="chuyen-vien"),
            service_start=dt.date(2013, 9, 1),
            roles=[Role.AUDITOR],
            password=DEMO_PASSWORD,
            send_welcome=False,
        )
    return profile.user


def _programme(
    auditee: Agency, templates: dict[int, ChecklistTemplate], p: dict[str, Any]
) -> None:
    programme = AuditProgramme(
        year=YEAR,
        title=f"Chương trình đánh giá nội bộ năm {YEAR} – {AUDITEE}",
        agency=auditee,
    )
    audit_services.programme_save(
        programme=programme, user=p["thuky"], reason="Lập chương trình"
    )
    son_nam = Agency.objects.get(name="UBND phường Sơn Nam")
    programme.agencies_in_scope.set([auditee, son_nam])
    audit_services.programme_approve(programme=programme, user=p["lanhdao"])

    closed = _audit(
        programme, auditee, p, templates[8], "DG-2026-01", dt.date(2026, 3, 10)
    )
    _run_closed_audit(closed, p)
    in_progress = _audit(
        programme, auditee, p, templates[10], "DG-2026-02", dt.date(2026, 11, 24)
    )
    audit_services.audit_start(audit=in_progress, user=p["danhgia"])
    for item in in_progress.items.order_by("sort_order")[:3]:
        audit_services.audit_item_record(
            item=item,
            user=p["danhgia"],
            result=AuditItem.Result.CONFORMING,
            evidence="Đã xem hồ sơ.",
        )
    _audit(
        programme,
        son_nam,
        p,
        templates[7],
        "DG-2026-03",
        dt.date(2026, 12, 8),
        planner=p["admin"],
    )
    _nonconformities(auditee, p)


def _audit(
    programme: AuditProgramme,
    agency: Agency,
    p: dict[str, Any],
    template: ChecklistTemplate,
    code: str,
    start: dt.date,
    planner: Any = None,
) -> Audit:
    unit = ReceivingUnit.objects.filter(agency=agency).order_by("pk").first()
    audit = Audit(
        programme=programme,
        code=code,
        agency=agency,
        unit=unit,
        scope=f"Bộ phận Một cửa – {unit.name if unit else agency.name}",
        criteria="TCVN ISO 9001:2015; các quy trình nội bộ; NĐ 61/2018/NĐ-CP, NĐ 107/2021/NĐ-CP",
        template=template,
        lead_auditor=p["danhgia"],
        planned_start=start,
        planned_end=start + dt.timedelta(days=1),
    )
    audit_services.audit_save(
        audit=audit, team=[p["danhgia2"]], user=planner or p["thuky"]
    )
    return audit


def _run_closed_audit(audit: Audit, p: dict[str, Any]) -> None:
    audit_services.audit_start(audit=audit, user=p["danhgia"])
    finding = None
    for item in audit.items.order_by("sort_order"):
        late = item.clause.number == "8.5.2"
        audit_services.audit_item_record(
            item=item,
            user=p["danhgia"],
            result=AuditItem.Result.MINOR if late else AuditItem.Result.CONFORMING,
            evidence=(
                "2/10 hồ sơ chọn mẫu không cập nhật Phiếu kiểm soát quá trình ở bước thẩm định."
                if late
                else "Đã xem hồ sơ, phù hợp."
            ),
            sampled_dossiers="H33.26-260301-0004\nH33.26-260302-0011" if late else "",
        )
        finding = item if late else finding
    assert finding is not None  # noqa: S101 - the §5.6 template has an 8.5.2 question
    nc = nc_services.nonconformity_raise_from_item(
        item=finding, user=p["danhgia"], owner=p["congchuc"]
    )
    _close(nc, p)
    audit_services.audit_finish_fieldwork(
        audit=audit,
        user=p["danhgia"],
        conclusion="HTQLCL được duy trì và áp dụng có hiệu lực; 01 điểm không phù hợp nhẹ.",
    )
    reports.audit_report_sign(
        audit=audit, user=p["danhgia"], password=DEMO_PASSWORD, meaning="lead_auditor"
    )
    reports.audit_report_sign(
        audit=audit, user=p["lanhdao"], password=DEMO_PASSWORD, meaning="auditee_head"
    )
    reports.audit_close(audit=audit, user=p["danhgia"])


def _new(
    agency: Agency, p: dict[str, Any], source: str, title: str, description: str
) -> Nonconformity:
    nc = Nonconformity(
        source=source,
        agency=agency,
        unit=p["unit"],
        title=title,
        description=description,
        owner=p["congchuc"],
        clause=Clause.objects.get(number="8.5.1"),
    )
    return nc_services.nonconformity_create(nc=nc, user=p["thuky"])


def _analyse(nc: Nonconformity, p: dict[str, Any]) -> None:
    nc_services.nonconformity_analyse(
        nc=nc,
        user=p["congchuc"],
        correction="Xin lỗi người dân, hẹn lại ngày trả kết quả (Mẫu 04).",
        whys=[
            "Hồ sơ chuyển bước thẩm định chậm",
            "Không có người nhận thay khi công chức nghỉ phép",
            "Quy trình không quy định người thay thế",
        ],
        root_cause="Quy trình nội bộ chưa quy định người thay thế khi vắng mặt.",
    )


def _plan(nc: Nonconformity, p: dict[str, Any], days: int = 20) -> None:
    due = timezone.localdate() + dt.timedelta(days=days)
    nc_services.nonconformity_plan(
        nc=nc,
        user=p["congchuc"],
        actions=[
            PlannedAction(
                "Sửa quy trình: bổ sung người thay thế ở bước thẩm định",
                p["congchuc"],
                due,
            )
        ],
    )


def _implement(nc: Nonconformity, p: dict[str, Any]) -> None:
    for action in nc.actions.filter(status=CorrectiveAction.Status.OPEN):
        nc_services.action_complete(
            action=action,
            user=p["congchuc"],
            evidence="Quy trình sửa đổi lần 02 đã ban hành.",
        )


def _close(nc: Nonconformity, p: dict[str, Any]) -> None:
    _analyse(nc, p)
    _plan(nc, p)
    _implement(nc, p)
    nc_services.nonconformity_verify(
        nc=nc,
        user=p["danhgia2"],
        effective=True,
        note="Chọn mẫu 10 hồ sơ tháng sau: không còn trễ bước thẩm định.",
    )
    nc_services.nonconformity_close(nc=nc, user=p["danhgia2"])


def _nonconformities(agency: Agency, p: dict[str, Any]) -> None:
    """One nonconformity in every state; one overdue and escalated.

    The one raised from a citizen's feedback is seeded by feedback.demo.
    """
    _new(
        agency,
        p,
        "late_dossier",
        "Hồ sơ cấp bản sao trích lục trễ hạn 01 ngày",
        "Không có Phiếu xin lỗi.",
    )
    analysed = _new(
        agency,
        p,
        "self_detected",
        "Niêm yết phí chưa cập nhật",
        "Bảng niêm yết còn mức phí cũ.",
    )
    _analyse(analysed, p)
    overdue = _new(
        agency,
        p,
        "external_inspection",
        "Kiểm tra của Sở Nội vụ: thiếu sổ theo dõi hồ sơ",
        "Sổ theo dõi hồ sơ (Mẫu 06) không cập nhật tháng 9.",
    )
    _analyse(overdue, p)
    _plan(overdue, p)
    # Overdue by ten days: the daily follow-up reminds the owner and tells the head.
    CorrectiveAction.objects.filter(nonconformity=overdue).update(
        due_date=timezone.localdate() - dt.timedelta(days=10)
    )
    reminders.action_reminders_send()
    implemented = _new(
        agency,
        p,
        "management_review",
        "Tỷ lệ hồ sơ trực tuyến dưới mục tiêu",
        "Quý III đạt 38% so với mục tiêu 50%.",
    )
    _analyse(implemented, p)
    _plan(implemented, p)
    _implement(implemented, p)
    verified = _new(
        agency,
        p,
        "late_dossier",
        "Hồ sơ chứng thực trễ hạn",
        "03 hồ sơ trễ hạn trong tháng 8.",
    )
    _analyse(verified, p)
    _plan(verified, p)
    _implement(verified, p)
    nc_services.nonconformity_verify(
        nc=verified,
        user=p["danhgia2"],
        effective=True,
        note="Tháng 10 không còn hồ sơ trễ.",
    )
    cancelled = _new(agency, p, "self_detected", "Trùng phiếu", "Phiếu lập trùng.")
    nc_services.nonconformity_cancel(
        nc=cancelled, user=p["thuky"], reason="Lập trùng với phiếu khác."
    )
