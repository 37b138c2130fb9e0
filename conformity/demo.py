"""Demo scopes and announcements: Phố Hiến announced for its current scope; Sở Tư pháp's
scope changed after its announcement, so a re-announcement is due.

Everything goes through the services, as the secretary and the head would do it
(idempotent: an agency that already has a scope is left alone).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model

from conformity import services
from conformity.models import ScopeVersion
from qms.demo_data import DEMO_PASSWORD
from qms.models import Agency, ReceivingUnit
from qms.roles import Role

PHO_HIEN = "UBND phường Phố Hiến"
TU_PHAP = "Sở Tư pháp tỉnh Hưng Yên"
PROCESSES = [
    "Tiếp nhận, kiểm tra và chuyển hồ sơ tại Bộ phận Một cửa",
    "Giải quyết thủ tục hành chính và trả kết quả",
    "Kiểm soát tài liệu và hồ sơ",
    "Đánh giá nội bộ, xem xét của lãnh đạo",
]
EXCLUSIONS = [
    {
        "requirement": "8.3",
        "justification": (
            "Cơ quan không thiết kế, phát triển sản phẩm, dịch vụ: trình tự giải quyết "
            "thủ tục hành chính do văn bản quy phạm pháp luật quy định."
        ),
    },
    {
        "requirement": "7.1.5",
        "justification": "Không sử dụng thiết bị theo dõi và đo lường.",
    },
]
TU_PHAP_PROCEDURES = [
    {"code": "1.001233", "name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"},
    {"code": "2.000908", "name": "Chứng thực bản sao từ bản chính giấy tờ, văn bản"},
]
TU_PHAP_ADDED = {
    "code": "2.002516",
    "name": "Đăng ký hoạt động của Văn phòng công chứng",
}


def _tthc_rows(agency: Agency) -> list[dict[str, str]]:
    """The agency's TTHC procedures from the document register, with national codes."""
    from documents.models import ProcedurePage

    rows = (
        ProcedurePage.objects.live()
        .filter(agency=agency, kind=ProcedurePage.Kind.TTHC)
        .order_by("national_code")
        .values_list("national_code", "title")
    )
    return [{"code": code, "name": title} for code, title in rows] or TU_PHAP_PROCEDURES


def _person(agency: Agency, role: Role) -> Any:
    return (
        get_user_model()
        .objects.filter(
            groups__name=role.value,
            staff_profile__agency=agency,
            staff_profile__is_active=True,
            is_active=True,
        )
        .order_by("pk")
        .first()
    )


def _approved_scope(
    agency: Agency,
    secretary: Any,
    head: Any,
    procedures: list[dict[str, str]],
    changes: str,
) -> ScopeVersion:
    draft = services.scope_draft_start(agency=agency, user=secretary)
    units = ReceivingUnit.objects.filter(agency=agency).values("pk", "name")
    services.scope_draft_save(
        version=draft,
        user=secretary,
        procedures=procedures,
        processes="\n".join(PROCESSES),
        units=[{"id": u["pk"], "name": u["name"]} for u in units],
        exclusions=EXCLUSIONS,
        changes=changes,
    )
    return services.scope_approve(version=draft, user=head, password=DEMO_PASSWORD)


def _announce(
    agency: Agency, head: Any, scope: ScopeVersion, number: str, on: dt.date
) -> None:
    services.announcement_create(
        agency=agency,
        user=head,
        scope=scope,
        decision_number=number,
        decision_date=on,
        signer=head,
        password=DEMO_PASSWORD,
    )


def _people(name: str) -> tuple[Agency, Any, Any] | None:
    agency = Agency.objects.filter(name=name).first()
    if agency is None or ScopeVersion.objects.filter(agency=agency).exists():
        return None
    secretary, head = _person(agency, Role.QUALITY_OFFICER), _person(agency, Role.HEAD)
    if secretary is None or head is None:
        return None
    return agency, secretary, head


def seed(log: Callable[[str], None]) -> None:
    found = _people(PHO_HIEN)
    if found:
        agency, secretary, head = found
        scope = _approved_scope(
            agency, secretary, head, _tthc_rows(agency), "Phạm vi áp dụng lần đầu."
        )
        _announce(agency, head, scope, "25/QĐ-UBND", dt.date(2026, 1, 15))
        log("Phạm vi và công bố HTQLCL: Phố Hiến đã công bố.")
    found = _people(TU_PHAP)
    if found:
        agency, secretary, head = found
        first = _approved_scope(
            agency, secretary, head, TU_PHAP_PROCEDURES, "Phạm vi áp dụng lần đầu."
        )
        _announce(agency, head, first, "112/QĐ-STP", dt.date(2025, 6, 2))
        # The scope grew after the announcement: a re-announcement is due (TT 26/2014).
        _approved_scope(
            agency,
            secretary,
            head,
            [*TU_PHAP_PROCEDURES, TU_PHAP_ADDED],
            "Bổ sung thủ tục đăng ký hoạt động Văn phòng công chứng.",
        )
        log("Phạm vi và công bố HTQLCL: Sở Tư pháp cần công bố lại.")
