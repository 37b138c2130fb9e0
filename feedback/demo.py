"""Demo feedback at Phố Hiến: one answered, one that raised a nonconformity, one overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from feedback.models import Feedback
from feedback.services import (
    feedback_answer,
    feedback_raise_nonconformity,
    feedback_submit,
    procedures_in_force,
)
from qms.models import ReceivingUnit

AGENCY = "UBND phường Phố Hiến"

ANSWERED = (
    "Tôi nộp hồ sơ đăng ký khai sinh cho con nhưng chưa biết khi nào nhận kết quả, "
    "phiếu hẹn không ghi giờ trả.",
    "Cảm ơn ông/bà đã phản ánh. Bộ phận Một cửa đã bổ sung giờ trả kết quả trên phiếu hẹn "
    "từ ngày 16/11/2026. Kết quả của ông/bà được trả lúc 14 giờ ngày hẹn; nếu cần, xin "
    "gọi số 0221 3 862 100.",
)
RAISED_NC = (
    "Tôi nộp hồ sơ đăng ký khai sinh nhưng được yêu cầu bổ sung giấy tờ không có trong "
    "danh mục niêm yết."
)
OVERDUE = (
    "Cán bộ hẹn trả kết quả chứng thực bản sao nhưng đến ngày hẹn vẫn chưa có, "
    "không được xin lỗi bằng văn bản."
)


def _days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def seed(log: Callable[[str], None]) -> None:
    """Submit, answer and raise through the services (idempotent: skips what exists)."""
    unit = (
        ReceivingUnit.objects.filter(agency__name=AGENCY)
        .select_related("agency")
        .order_by("pk")
        .first()
    )
    officer = get_user_model().objects.filter(username="thuky").first()
    if unit is None or officer is None:
        return
    procedure = procedures_in_force(unit.agency_id).first()
    answered = _submit(unit, ANSWERED[0], procedure, "0912 345 678", 9)
    if answered is not None:
        feedback_answer(feedback=answered, user=officer, answer=ANSWERED[1])
    raised = _submit(unit, RAISED_NC, procedure, "nguyenvanan@example.vn", 3)
    if raised is not None:
        feedback_raise_nonconformity(feedback=raised, user=officer)
    # Received three weeks ago and still unanswered: overdue in the register and My work.
    _submit(unit, OVERDUE, None, "", 21)
    log("Phản ánh, kiến nghị mẫu đã sẵn sàng.")


def _submit(
    unit: ReceivingUnit, text: str, procedure: Any, contact: str, days_ago: int
) -> Feedback | None:
    if Feedback.objects.filter(unit=unit, description=text).exists():
        return None
    return feedback_submit(
        unit=unit,
        description=text,
        contact=contact,
        procedure=procedure,
        received_at=_days_ago(days_ago),
    )
