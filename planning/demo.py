"""Demo register of Phố Hiến ward (ISO 9001:2015 4.1, 4.2, 6.1), built through the services.

Six risks and two opportunities of the one-stop processes, treatment actions (one done,
one overdue, the others due soon), the ward's context issues and interested parties.
Idempotent: a record that exists (same title or text) is skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from planning import services
from planning.models import ContextIssue, InterestedParty, Risk, TreatmentAction
from qms.models import Agency

AGENCY = "UBND phường Phố Hiến"

CONTEXT = [
    (
        "external",
        "Từ 01/07/2025 phường Phố Hiến được sắp xếp lại theo mô hình chính quyền địa "
        "phương hai cấp; khối lượng thủ tục hành chính tiếp nhận tại phường tăng.",
        "Số hồ sơ tăng khoảng 40 %, cần bố trí thêm quầy và công chức tiếp nhận.",
    ),
    (
        "external",
        "Tỉnh yêu cầu tỷ lệ hồ sơ trực tuyến toàn trình tăng theo Quyết định 766/QĐ-TTg.",
        "Phải hướng dẫn người dân nộp trực tuyến và số hóa kết quả giải quyết.",
    ),
    (
        "internal",
        "Hai công chức một cửa mới được điều động, chưa qua đào tạo nghiệp vụ hộ tịch.",
        "Nguy cơ hướng dẫn sai thành phần hồ sơ trong thời gian đầu.",
    ),
    (
        "internal",
        "Máy chủ phần mềm một cửa điện tử của phường thường chậm vào giờ cao điểm.",
        "Chậm tiếp nhận, người dân phải chờ lâu.",
    ),
]
PARTIES = [
    (
        "Người dân, tổ chức có thủ tục hành chính",
        "Được hướng dẫn đúng một lần, trả kết quả đúng hẹn, thái độ phục vụ tốt.",
        "Phiếu đánh giá mức độ hài lòng, phản ánh kiến nghị, hộp thư góp ý.",
    ),
    (
        "UBND tỉnh Hưng Yên, Sở Nội vụ",
        "Tuân thủ quy định về cơ chế một cửa, báo cáo định kỳ đúng hạn.",
        "Báo cáo tháng, quý; kiểm tra cải cách hành chính.",
    ),
    (
        "Cán bộ, công chức của phường",
        "Quy trình rõ ràng, được đào tạo, có đủ trang thiết bị làm việc.",
        "Họp giao ban hằng tháng, khảo sát nội bộ.",
    ),
]
# (kind, title, process, cause, consequence, likelihood, impact, residual)
RISKS: list[tuple[str, str, str, str, str, int, int, tuple[int, int] | None]] = [
    (
        "risk",
        "Trả kết quả đăng ký khai sinh trễ hẹn",
        "Tiếp nhận và trả kết quả hồ sơ",
        "Hồ sơ chuyển giữa bộ phận một cửa và công chức tư pháp bằng giấy, dễ bị bỏ sót.",
        "Người dân phải đi lại nhiều lần; phải gửi thư xin lỗi; giảm chỉ số hài lòng.",
        4,
        4,
        (2, 4),
    ),
    (
        "risk",
        "Hướng dẫn sai thành phần hồ sơ",
        "Tiếp nhận và trả kết quả hồ sơ",
        "Công chức mới chưa nắm quy định; danh mục niêm yết chưa cập nhật.",
        "Người dân phải bổ sung hồ sơ nhiều lần, phát sinh phản ánh kiến nghị.",
        3,
        4,
        None,
    ),
    (
        "risk",
        "Mất hoặc thất lạc hồ sơ giấy",
        "Lưu trữ hồ sơ",
        "Chưa có sổ giao nhận hồ sơ giữa các bộ phận; tủ lưu trữ không khóa.",
        "Phải yêu cầu người dân nộp lại; vi phạm quy định về lưu trữ.",
        2,
        5,
        (1, 5),
    ),
    (
        "risk",
        "Hệ thống một cửa điện tử ngừng hoạt động",
        "Tiếp nhận hồ sơ trực tuyến",
        "Máy chủ quá tải giờ cao điểm; chưa có phương án dự phòng.",
        "Không tiếp nhận được hồ sơ; trễ hạn hàng loạt.",
        3,
        3,
        None,
    ),
    (
        "risk",
        "Thu phí, lệ phí không đúng quy định",
        "Thu phí, lệ phí",
        "Biểu phí thay đổi chưa được niêm yết kịp thời.",
        "Khiếu nại của người dân; phải hoàn trả tiền.",
        2,
        3,
        None,
    ),
    (
        "risk",
        "Lộ thông tin cá nhân của người dân",
        "Tiếp nhận hồ sơ trực tuyến",
        "Máy tính dùng chung tài khoản; giấy tờ để trên bàn tiếp dân.",
        "Vi phạm quy định bảo vệ dữ liệu cá nhân; mất lòng tin của người dân.",
        2,
        4,
        None,
    ),
    (
        "opportunity",
        "Trả kết quả qua dịch vụ bưu chính công ích",
        "Tiếp nhận và trả kết quả hồ sơ",
        "Bưu điện tỉnh đặt quầy ngay tại Trung tâm phục vụ hành chính công.",
        "Giảm số lần người dân phải đến trụ sở; tăng mức độ hài lòng.",
        4,
        3,
        None,
    ),
    (
        "opportunity",
        "Số hóa kết quả giải quyết để tái sử dụng",
        "Tiếp nhận hồ sơ trực tuyến",
        "Kho dữ liệu điện tử của tỉnh cho phép lưu kết quả đã số hóa.",
        "Người dân không phải nộp lại giấy tờ đã có; rút ngắn thời gian giải quyết.",
        3,
        4,
        None,
    ),
]


def seed(log: Callable[[str], None]) -> None:
    agency = Agency.objects.filter(name=AGENCY).first()
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["thuky", "lanhdao", "congchuc"]
        )
    }
    if agency is None or "thuky" not in users:
        return
    officer = users["thuky"]
    _context(agency, officer)
    risks = _risks(agency, officer, users)
    _actions(risks, officer, users)
    log("Sổ đăng ký rủi ro và cơ hội mẫu đã sẵn sàng.")


def _context(agency: Agency, officer: Any) -> None:
    recorded = timezone.localdate() - dt.timedelta(days=120)
    for kind, description, effect in CONTEXT:
        if ContextIssue.objects.filter(agency=agency, description=description).exists():
            continue
        services.context_issue_save(
            instance=ContextIssue(
                agency=agency,
                kind=kind,
                description=description,
                effect=effect,
                recorded_on=recorded,
            ),
            user=officer,
        )
    for party, needs, monitoring in PARTIES:
        if InterestedParty.objects.filter(agency=agency, party=party).exists():
            continue
        services.interested_party_save(
            instance=InterestedParty(
                agency=agency,
                party=party,
                needs=needs,
                monitoring=monitoring,
                recorded_on=recorded,
            ),
            user=officer,
        )


def _risks(agency: Agency, officer: Any, users: dict[str, Any]) -> dict[str, Risk]:
    from documents.models import ProcedurePage

    procedure = (
        ProcedurePage.objects.live()
        .filter(agency=agency, kind=ProcedurePage.Kind.TTHC)
        .order_by("code")
        .first()
    )
    owner = users.get("congchuc") or officer
    review_on = timezone.localdate() + dt.timedelta(days=90)
    found: dict[str, Risk] = {}
    for n, (kind, title, process, cause, consequence, lk, im, residual) in enumerate(
        RISKS
    ):
        risk = Risk.objects.filter(agency=agency, title=title).first()
        if risk is None:
            risk = services.risk_save(
                instance=Risk(
                    agency=agency,
                    kind=kind,
                    title=title,
                    # The first risk is tied to a procedure in force, the rest by name.
                    process=procedure if n == 0 else None,
                    process_name="" if (n == 0 and procedure) else process,
                    cause=cause,
                    consequence=consequence,
                    likelihood=lk,
                    impact=im,
                    residual_likelihood=residual[0] if residual else None,
                    residual_impact=residual[1] if residual else None,
                    owner=owner,
                    review_on=review_on,
                    status=Risk.Status.TREATED if residual else Risk.Status.OPEN,
                ),
                user=officer,
            )
        found[title] = risk
    return found


def _actions(risks: dict[str, Risk], officer: Any, users: dict[str, Any]) -> None:
    today = timezone.localdate()
    owner = users.get("congchuc") or officer
    plans = [
        (
            RISKS[0][1],
            "Lập sổ giao nhận hồ sơ giữa bộ phận một cửa và công chức tư pháp.",
            30,
            True,
        ),
        (
            RISKS[1][1],
            "Đào tạo nghiệp vụ hộ tịch cho công chức một cửa mới.",
            20,
            False,
        ),
        (
            RISKS[3][1],
            "Xây dựng phương án tiếp nhận hồ sơ giấy khi hệ thống gặp sự cố.",
            2,
            False,
        ),
        (
            RISKS[6][1],
            "Ký thỏa thuận trả kết quả qua bưu chính công ích với Bưu điện tỉnh.",
            45,
            False,
        ),
    ]
    for title, text, days, done in plans:
        risk = risks[title]
        if TreatmentAction.objects.filter(risk=risk, action=text).exists():
            continue
        action = services.action_save(
            instance=TreatmentAction(
                risk=risk,
                action=text,
                owner=owner,
                due_on=today + dt.timedelta(days=days),
            ),
            user=officer,
        )
        if done:
            services.action_complete(
                action=action,
                user=owner,
                evidence="Sổ giao nhận hồ sơ đã đưa vào sử dụng từ đầu tháng.",
                completed_on=today,
            )
    _overdue(risks[RISKS[5][1]], officer, owner, today)


def _overdue(risk: Risk, officer: Any, owner: Any, today: dt.date) -> None:
    """An action planned six weeks ago, due two weeks ago and still open: it is overdue."""
    text = "Cấp tài khoản riêng cho từng công chức trên phần mềm một cửa."
    if TreatmentAction.objects.filter(risk=risk, action=text).exists():
        return
    action = services.action_save(
        instance=TreatmentAction(
            risk=risk, action=text, owner=owner, due_on=today + dt.timedelta(days=1)
        ),
        user=officer,
    )
    # A new action cannot be due in the past; the demo moves the due date as a later
    # change would, with its reason.
    action.due_on = today - dt.timedelta(days=14)
    services.action_save(
        instance=action, user=officer, reason="Điều chỉnh hạn theo kế hoạch ban đầu"
    )
