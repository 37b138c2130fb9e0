"""Demo documents (written for this project; legal content is illustrative, domain-vn.md §5.7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

LEGAL = [
    # number, title, issuer, issue date, effective date
    (
        "Luật Hộ tịch 60/2014/QH13",
        "Luật Hộ tịch",
        "Quốc hội",
        dt.date(2014, 11, 20),
        dt.date(2016, 1, 1),
    ),
    (
        "123/2015/NĐ-CP",
        "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
        "Chính phủ",
        dt.date(2015, 11, 15),
        dt.date(2016, 1, 1),
    ),
    (
        "23/2015/NĐ-CP",
        "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký",
        "Chính phủ",
        dt.date(2015, 2, 16),
        dt.date(2015, 4, 10),
    ),
    (
        "Luật Lý lịch tư pháp 28/2009/QH12",
        "Luật Lý lịch tư pháp",
        "Quốc hội",
        dt.date(2009, 6, 17),
        dt.date(2010, 7, 1),
    ),
    (
        "118/2025/NĐ-CP",
        "Nghị định về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông",
        "Chính phủ",
        dt.date(2025, 6, 9),
        dt.date(2025, 7, 1),
    ),
    (
        "19/2014/QĐ-TTg",
        "Quyết định về áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001 vào hoạt động của các cơ quan hành chính nhà nước",
        "Thủ tướng Chính phủ",
        dt.date(2014, 3, 5),
        dt.date(2014, 4, 20),
    ),
]


class Step(NamedTuple):
    description: str
    responsible: str
    amount: Decimal
    unit: str
    forms: str = ""


class Tthc(NamedTuple):
    agency: str  # demo agency key in qms.demo_data
    code: str
    title: str
    field: str
    limit: Decimal
    unit: str
    fees: str
    legal: list[str]
    steps: list[Step]


ONE_STOP = "Công chức Trung tâm Phục vụ hành chính công"
CIVIL = "Công chức Tư pháp – Hộ tịch"
LEADER = "Chủ tịch / Phó Chủ tịch UBND phường"
H, D = "hours", "days"

BIRTH_STEPS = [
    Step(
        "Hướng dẫn, kiểm tra, tiếp nhận hồ sơ (trực tiếp hoặc trực tuyến); số hóa hồ sơ; cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        ONE_STOP,
        Decimal("0.5"),
        H,
        "Mẫu 01, Mẫu 06",
    ),
    Step(
        "Thẩm tra hồ sơ; ghi Sổ đăng ký khai sinh; in Giấy khai sinh",
        CIVIL,
        Decimal(2),
        H,
        "Phiếu kiểm soát (Mẫu 05)",
    ),
    Step("Ký Giấy khai sinh", LEADER, Decimal(1), H, "Giấy khai sinh"),
    Step(
        "Trả kết quả; người dân ký sổ; mời đánh giá mức độ hài lòng",
        ONE_STOP,
        Decimal("0.5"),
        H,
        "Mẫu 04 nếu trễ hạn",
    ),
]


def _simple_steps(days: Decimal, result: str) -> list[Step]:
    return [
        Step(
            "Tiếp nhận, kiểm tra hồ sơ; cấp Giấy tiếp nhận và hẹn trả kết quả",
            ONE_STOP,
            Decimal("0.5"),
            D,
            "Mẫu 01",
        ),
        Step(
            "Thẩm định hồ sơ, trình ký",
            "Công chức chuyên môn",
            days - 1,
            D,
            "Phiếu kiểm soát (Mẫu 05)",
        ),
        Step("Ký duyệt kết quả", "Lãnh đạo cơ quan", Decimal("0.25"), D, result),
        Step(
            "Trả kết quả cho tổ chức, cá nhân",
            ONE_STOP,
            Decimal("0.25"),
            D,
            "Sổ theo dõi (Mẫu 06)",
        ),
    ]


# National TTHC codes (mã thủ tục trên Cổng Dịch vụ công quốc gia) of Phố Hiến's demo
# procedures: the dossier statistics sample file (dossiers/samples) matches them.
NATIONAL_CODES: dict[str, str] = {
    "QT-HT-01": "1.001193",
    "QT-HT-02": "1.000894",
    "QT-HT-03": "1.000656",
    "QT-HT-04": "1.004873",
    "QT-CT-01": "2.000815",
}

TTHC: list[Tthc] = [
    Tthc(
        "p-pho-hien",
        "QT-HT-01",
        "Đăng ký khai sinh",
        "Hộ tịch",
        Decimal(1),
        D,
        "Miễn lệ phí khi đăng ký đúng hạn",
        ["Luật Hộ tịch 60/2014/QH13", "123/2015/NĐ-CP"],
        BIRTH_STEPS,
    ),
    Tthc(
        "p-pho-hien",
        "QT-HT-02",
        "Đăng ký kết hôn",
        "Hộ tịch",
        Decimal(5),
        D,
        "Miễn lệ phí",
        ["Luật Hộ tịch 60/2014/QH13", "123/2015/NĐ-CP"],
        _simple_steps(Decimal(5), "Giấy chứng nhận kết hôn"),
    ),
    Tthc(
        "p-pho-hien",
        "QT-HT-03",
        "Đăng ký khai tử",
        "Hộ tịch",
        Decimal(1),
        D,
        "Miễn lệ phí khi đăng ký đúng hạn",
        ["Luật Hộ tịch 60/2014/QH13", "123/2015/NĐ-CP"],
        [
            Step(
                "Tiếp nhận, kiểm tra hồ sơ; cấp Giấy tiếp nhận và hẹn trả kết quả",
                ONE_STOP,
                Decimal("0.5"),
                H,
                "Mẫu 01",
            ),
            Step(
                "Thẩm tra, ghi Sổ đăng ký khai tử, trình ký, trả Trích lục khai tử",
                CIVIL,
                Decimal(4),
                H,
                "Trích lục khai tử",
            ),
        ],
    ),
    Tthc(
        "p-pho-hien",
        "QT-HT-04",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        "Hộ tịch",
        Decimal(3),
        D,
        "15.000 đồng",
        ["Luật Hộ tịch 60/2014/QH13", "123/2015/NĐ-CP"],
        _simple_steps(Decimal(3), "Giấy xác nhận tình trạng hôn nhân"),
    ),
    Tthc(
        "p-pho-hien",
        "QT-CT-01",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Chứng thực",
        Decimal(1),
        D,
        "2.000 đồng/trang",
        ["23/2015/NĐ-CP"],
        [
            Step(
                "Tiếp nhận, đối chiếu bản chính, chứng thực và trả kết quả trong ngày",
                ONE_STOP,
                Decimal(1),
                D,
                "Sổ chứng thực",
            )
        ],
    ),
    Tthc(
        "p-thai-binh",
        "QT-CT-01",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Chứng thực",
        Decimal(1),
        D,
        "2.000 đồng/trang",
        ["23/2015/NĐ-CP"],
        [
            Step(
                "Tiếp nhận, đối chiếu bản chính, chứng thực và trả kết quả trong ngày",
                ONE_STOP,
                Decimal(1),
                D,
                "Sổ chứng thực",
            )
        ],
    ),
    Tthc(
        "x-tan-hung",
        "QT-HT-01",
        "Đăng ký khai sinh",
        "Hộ tịch",
        Decimal(1),
        D,
        "Miễn lệ phí khi đăng ký đúng hạn",
        ["Luật Hộ tịch 60/2014/QH13", "123/2015/NĐ-CP"],
        BIRTH_STEPS,
    ),
    Tthc(
        "so-tu-phap",
        "QT-LLTP-01",
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        "Lý lịch tư pháp",
        Decimal(10),
        D,
        "200.000 đồng/lần",
        ["Luật Lý lịch tư pháp 28/2009/QH12"],
        _simple_steps(Decimal(10), "Phiếu lý lịch tư pháp"),
    ),
    Tthc(
        "so-tu-phap",
        "QT-CT-02",
        "Chứng thực chữ ký trong giấy tờ, văn bản",
        "Chứng thực",
        Decimal(1),
        D,
        "10.000 đồng/trường hợp",
        ["23/2015/NĐ-CP"],
        [
            Step(
                "Tiếp nhận, kiểm tra, chứng thực chữ ký và trả kết quả",
                ONE_STOP,
                Decimal(1),
                D,
                "Sổ chứng thực",
            )
        ],
    ),
]

SYSTEM_PROCEDURES = [
    ("QT-01", "Quy trình kiểm soát thông tin dạng văn bản", "7.5"),
    ("QT-02", "Quy trình kiểm soát hồ sơ", "7.5.3"),
    ("QT-03", "Quy trình đánh giá nội bộ", "9.2"),
    ("QT-04", "Quy trình kiểm soát sự không phù hợp và hành động khắc phục", "10.2"),
    ("QT-05", "Quy trình xem xét của lãnh đạo", "9.3"),
    ("QT-06", "Quy trình xác định rủi ro và cơ hội", "6.1"),
]

POLICY_PHO_HIEN = (
    "<p>Ủy ban nhân dân phường Phố Hiến cam kết xây dựng nền hành chính phục vụ "
    "<b>“Công khai – Minh bạch – Đúng hạn – Thân thiện”</b>:</p><ul>"
    "<li>Giải quyết thủ tục hành chính đúng quy định pháp luật, đúng hoặc trước thời hạn hẹn; khi chậm trễ "
    "phải xin lỗi và hẹn lại bằng văn bản.</li>"
    "<li>Lấy sự hài lòng của người dân, doanh nghiệp làm thước đo chất lượng phục vụ.</li>"
    "<li>Đẩy mạnh dịch vụ công trực tuyến, số hóa hồ sơ và chuyển đổi số.</li>"
    "<li>Duy trì và cải tiến liên tục Hệ thống quản lý chất lượng phù hợp tiêu chuẩn quốc gia TCVN ISO 9001:2015.</li></ul>"
)

POLICY_SO = (
    "<p>{name} cam kết cung cấp dịch vụ hành chính công <b>chuyên nghiệp, chính xác, kịp thời và liêm chính</b>. "
    "Toàn thể công chức, viên chức hiểu, thực hiện và thường xuyên cải tiến Hệ thống quản lý chất lượng theo "
    "TCVN ISO 9001:2015, nhằm đáp ứng ngày càng tốt hơn nhu cầu hợp pháp của tổ chức, cá nhân.</p>"
)

RULE_CHAPTERS: list[dict[str, Any]] = [
    {
        "number": "I",
        "title": "Quy định chung",
        "articles": [
            {
                "number": "1",
                "title": "Phạm vi điều chỉnh",
                "body": "<p>Quy chế này quy định về tổ chức, hoạt động, quản lý công chức và mối quan hệ công tác của Trung tâm Phục vụ hành chính công.</p>",
            },
            {
                "number": "2",
                "title": "Nguyên tắc hoạt động",
                "body": "<p>Công khai, minh bạch, đúng pháp luật; lấy sự hài lòng của người dân làm thước đo.</p>",
            },
        ],
    },
    {
        "number": "II",
        "title": "Quản lý công chức làm việc tại Trung tâm",
        "articles": [
            {
                "number": "3",
                "title": "Tiêu chuẩn công chức",
                "body": "<p>Công chức có ít nhất 03 năm công tác trong ngành, lĩnh vực được phân công; có phẩm chất đạo đức tốt, tác phong chuẩn mực.</p>",
            },
            {
                "number": "4",
                "title": "Trang phục, thẻ công chức",
                "body": "<p>Mặc trang phục theo quy định, đeo thẻ công chức trong giờ làm việc.</p>",
            },
        ],
    },
    {
        "number": "III",
        "title": "Tiếp nhận, giải quyết và trả kết quả hồ sơ",
        "articles": [
            {
                "number": "5",
                "title": "Tiếp nhận hồ sơ",
                "body": "<p>Hướng dẫn, kiểm tra, tiếp nhận hồ sơ; cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả.</p>",
            },
            {
                "number": "6",
                "title": "Trả kết quả và xin lỗi khi trễ hạn",
                "body": "<p>Hồ sơ giải quyết quá hạn phải có Phiếu xin lỗi và hẹn lại ngày trả kết quả.</p>",
            },
        ],
    },
    {
        "number": "IV",
        "title": "Trách nhiệm và thu phí, lệ phí",
        "articles": [
            {
                "number": "7",
                "title": "Trách nhiệm của các phòng chuyên môn",
                "body": "<p>Phối hợp giải quyết hồ sơ đúng thời hạn; báo cáo khi có vướng mắc.</p>",
            },
            {
                "number": "8",
                "title": "Thu phí, lệ phí",
                "body": "<p>Thu đúng mức, cấp biên lai theo quy định; khuyến khích thanh toán trực tuyến.</p>",
            },
        ],
    },
]
