"""Demo change requests of Phố Hiến: one accepted (its draft started), one declined, one
waiting for the secretary's decision (her "Việc của tôi" has something to triage)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model

from documents.models import ChangeRequest, ProcedurePage
from documents.services.change_requests import (
    change_request_accept,
    change_request_decline,
    change_request_raise,
)

# (document code, what, why, proposed text, decline reason, None to accept, or OPEN)
OPEN = "open"
REQUESTS: list[tuple[str, str, str, str, str | None]] = [
    (
        "QT-03",
        "Bước 2: Soát xét, phê duyệt",
        "Chương trình đánh giá nội bộ cần được Chủ tịch phê duyệt trước tháng 1 hằng "
        "năm; quy trình chưa nêu thời điểm này.",
        "Chương trình đánh giá nội bộ năm được trình Chủ tịch phê duyệt trước ngày "
        "15/01.",
        None,
    ),
    (
        "QT-05",
        "Tần suất xem xét của lãnh đạo",
        "Đề nghị xem xét của lãnh đạo mỗi quý thay vì mỗi năm.",
        "",
        "Xem xét của lãnh đạo ít nhất mỗi năm một lần đã đáp ứng yêu cầu; khi cần có "
        "thể tổ chức thêm mà không phải sửa quy trình.",
    ),
    (
        "QT-04",
        "Thời hạn lập kế hoạch hành động khắc phục",
        "Quy trình chưa nêu thời hạn lập kế hoạch khắc phục sau khi phát hiện sự không "
        "phù hợp, nên mỗi bộ phận hiểu một khác.",
        "Kế hoạch hành động khắc phục được lập trong 10 ngày làm việc kể từ khi ghi nhận "
        "sự không phù hợp.",
        OPEN,
    ),
]


def seed(log: Callable[[str], None]) -> None:
    """Raise, accept and decline through the services (idempotent: skips what exists)."""
    users = get_user_model().objects.in_bulk(
        ["congchuc", "thuky"], field_name="username"
    )
    staff, officer = users.get("congchuc"), users.get("thuky")
    if staff is None or officer is None:
        return
    for code, what, why, proposed, declined in REQUESTS:
        page = ProcedurePage.objects.filter(
            agency__name__contains="Phố Hiến", code=code
        ).first()
        if (
            page is None
            or ChangeRequest.objects.filter(document_id=page.pk, what=what).exists()
        ):
            continue
        _decide(
            change_request_raise(
                document=page, user=staff, what=what, why=why, proposed_text=proposed
            ),
            officer,
            declined,
        )
    log("Phiếu đề nghị sửa đổi mẫu đã sẵn sàng.")


def _decide(request: ChangeRequest, officer: Any, declined: str | None) -> None:
    if declined == OPEN:
        return
    if declined is None:
        change_request_accept(request=request, user=officer)
    else:
        change_request_decline(request=request, user=officer, reason=declined)
