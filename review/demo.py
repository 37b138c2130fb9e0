"""Demo management reviews at Phố Hiến: 2025 held and closed, 2026 planned with its pack.

Everything goes through the services, as a person would do it (idempotent: an agency that
already has reviews is left alone).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model

from qms.demo_data import DEMO_PASSWORD
from qms.models import Agency
from review import packs, services
from review.models import ManagementReview, ReviewAction

AGENCY = "UBND phường Phố Hiến"


DISCUSSION = {
    "a": "Đây là lần xem xét đầu tiên sau khi áp dụng hệ thống; chưa có hành động tồn đọng.",
    "c1": "Phản ánh của người dân chủ yếu về giờ trả kết quả; đã trả lời đúng hạn.",
    "c4": "Các điểm không phù hợp phát hiện qua đánh giá nội bộ đã có hành động khắc phục.",
    "d": "Bộ phận Một cửa thiếu một máy quét tài liệu và một công chức tiếp nhận buổi sáng.",
}
DECISIONS = (
    "Duy trì hệ thống quản lý chất lượng; bổ sung thiết bị và rà soát quy trình "
    "chứng thực trong quý I/2026."
)
OUTPUTS = [
    (
        ReviewAction.Kind.RESOURCE,
        "Mua bổ sung một máy quét tài liệu cho Bộ phận Một cửa.",
        "thuky",
        dt.date(2026, 3, 31),
        "Đã mua và bàn giao máy quét ngày 20/03/2026.",
    ),
    (
        ReviewAction.Kind.CHANGE,
        "Sửa đổi quy trình chứng thực bản sao: ghi giờ trả kết quả trên phiếu hẹn.",
        "thuky",
        dt.date(2026, 6, 30),
        "Đã ban hành quy trình sửa đổi lần 2.",
    ),
    (
        ReviewAction.Kind.IMPROVEMENT,
        "Khảo sát sự hài lòng của người dân mỗi quý tại Bộ phận Một cửa.",
        "congchuc",
        dt.date(2026, 12, 15),
        "",
    ),
]


def seed(log: Callable[[str], None]) -> None:
    agency = Agency.objects.filter(name=AGENCY).first()
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["thuky", "lanhdao", "phochutich", "congchuc"]
        )
    }
    if agency is None or len(users) < 4:
        return
    if ManagementReview.objects.filter(agency=agency).exists():
        return
    _closed_2025(agency, users)
    _planned_2026(agency, users)
    log("Xem xét của lãnh đạo mẫu đã sẵn sàng.")


def _closed_2025(agency: Agency, users: dict[str, Any]) -> None:
    officer, head = users["thuky"], users["lanhdao"]
    review = services.review_save(
        instance=ManagementReview(
            agency=agency, planned_on=dt.date(2025, 12, 10), chair=head
        ),
        user=officer,
        reason="Dữ liệu mẫu",
    )
    services.review_record_meeting(
        review=review,
        user=officer,
        held_on=dt.date(2025, 12, 10),
        attendees=[head, users["phochutich"], officer, users["congchuc"]],
        guests="Đại diện Phòng Nội vụ",
        discussion=DISCUSSION,
        decisions=DECISIONS,
    )
    done = []
    for kind, text, owner, due, result in OUTPUTS:
        action = services.action_add(
            review=review,
            user=officer,
            kind=kind,
            description=text,
            owner=users[owner],
            due_on=due,
        )
        if result:
            done.append((action, result))
    services.minutes_sign(review=review, user=head, password=DEMO_PASSWORD)
    for action, result in done:
        services.action_complete(action=action, user=action.owner, result=result)


def _planned_2026(agency: Agency, users: dict[str, Any]) -> None:
    review = services.review_save(
        instance=ManagementReview(
            agency=agency, planned_on=dt.date(2026, 12, 15), chair=users["lanhdao"]
        ),
        user=users["thuky"],
        reason="Dữ liệu mẫu",
    )
    review = packs.pack_request(review=review, user=users["thuky"])
    # Built here rather than by a worker: the demo's pack is ready when seeding ends.
    packs.pack_build(review.pk)
