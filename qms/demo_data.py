"""Demo organisation: today's Hưng Yên after the 1 July 2025 merger (domain-vn.md §5).

Plain data only; ``qms.demo`` turns it into records through the services. Names of people
are invented. Agencies are keyed by a short ASCII key used for parents and successions.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

MERGER_DAY = dt.date(2025, 7, 1)
LAST_DAY_BEFORE_MERGER = dt.date(2025, 6, 30)
NQ_202 = "Nghị quyết 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh"
NQ_1666 = "Nghị quyết 1666/NQ-UBTVQH15 ngày 16/6/2025 về sắp xếp đơn vị hành chính cấp xã của tỉnh Hưng Yên"
LUAT_72 = "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 (kết thúc hoạt động cấp huyện từ 01/7/2025)"
DEMO_PASSWORD = "Demo@2026"  # noqa: S105 - published demo password, refused in production


class AgencyRow(NamedTuple):
    key: str
    name: str
    kind: str
    parent: str | None
    admin_code: str
    valid_from: dt.date
    valid_to: dt.date | None
    legal_basis: str
    address: str = ""


class UnitRow(NamedTuple):
    agency: str
    name: str
    kind: str
    address: str
    phone: str
    email: str


class SuccessionRow(NamedTuple):
    predecessor: str
    successor: str
    legal_basis: str


class UserRow(NamedTuple):
    username: str
    full_name: str
    agency: str
    position: str
    role: str
    unit: str | None
    service_start: dt.date


AGENCIES: list[AgencyRow] = [
    AgencyRow(
        "ubnd-tinh",
        "UBND tỉnh Hưng Yên",
        "ubnd_tinh",
        None,
        "33",
        dt.date(1997, 1, 1),
        None,
        "Tái lập tỉnh Hưng Yên từ 01/01/1997; hợp nhất với tỉnh Thái Bình từ 01/7/2025 theo "
        + NQ_202,
        "Số 10 đường Chùa Chuông, phường Phố Hiến, tỉnh Hưng Yên",
    ),
    AgencyRow(
        "vp-ubnd",
        "Văn phòng UBND tỉnh Hưng Yên",
        "van_phong_ubnd",
        "ubnd-tinh",
        "",
        MERGER_DAY,
        None,
        "Hợp nhất Văn phòng UBND tỉnh Hưng Yên và tỉnh Thái Bình từ 01/7/2025",
        "Số 10 đường Chùa Chuông, phường Phố Hiến, tỉnh Hưng Yên",
    ),
    AgencyRow(
        "so-noi-vu",
        "Sở Nội vụ tỉnh Hưng Yên",
        "so",
        "ubnd-tinh",
        "",
        MERGER_DAY,
        None,
        "Nghị định 45/2025/NĐ-CP; quyết định của UBND tỉnh về tổ chức lại các sở từ 01/7/2025",
    ),
    AgencyRow(
        "so-tu-phap",
        "Sở Tư pháp tỉnh Hưng Yên",
        "so",
        "ubnd-tinh",
        "",
        MERGER_DAY,
        None,
        "Nghị định 45/2025/NĐ-CP; quyết định của UBND tỉnh về tổ chức lại các sở từ 01/7/2025",
    ),
    AgencyRow(
        "so-khcn",
        "Sở Khoa học và Công nghệ tỉnh Hưng Yên",
        "so",
        "ubnd-tinh",
        "",
        MERGER_DAY,
        None,
        "Nghị định 45/2025/NĐ-CP; quyết định của UBND tỉnh về tổ chức lại các sở từ 01/7/2025",
    ),
    AgencyRow(
        "so-xay-dung",
        "Sở Xây dựng tỉnh Hưng Yên",
        "so",
        "ubnd-tinh",
        "",
        MERGER_DAY,
        None,
        "Nghị định 45/2025/NĐ-CP; quyết định của UBND tỉnh về tổ chức lại các sở từ 01/7/2025",
    ),
    AgencyRow(
        "p-pho-hien",
        "UBND phường Phố Hiến",
        "ubnd_phuong",
        "ubnd-tinh",
        "",
        MERGER_DAY,
        None,
        NQ_1666,
        "Phường Phố Hiến, tỉnh Hưng Yên",
    ),
    AgencyRow(
        "p-son-nam",
        "UBND phường Sơn Nam",
        "ubnd_phuong",
        "ubnd-tinh",
        "",
        MERGER_DAY,
        None,
        NQ_1666,
        "Phường Sơn Nam, tỉnh Hưng Yên",
    ),
    AgencyRow(
        "p-hong-chau",
        "UBND phường Hồng Châu",
        "ubnd_phuong",
        "ubnd-tinh",
        "",
        MERGER_DAY,
        None,
        NQ_1666,
        "Phường Hồng Châu, tỉnh Hưng Yên",
    ),
    AgencyRow(
        "p-thai-binh",
        "UBND phường Thái Bình",
        "ubnd_phuong",
        "ubnd-tinh",
        "",
        MERGER_DAY,
        None,
        NQ_1666,
        "Phường Thái Bình, tỉnh Hưng Yên",
    ),
    AgencyRow(
        "x-tan-hung",
        "UBND xã Tân Hưng",
        "ubnd_xa",
        "ubnd-tinh",
        "",
        MERGER_DAY,
        None,
        NQ_1666,
        "Xã Tân Hưng, tỉnh Hưng Yên",
    ),
    # Dissolved on 30/06/2025: their records stay attached to them (TT 06/2025/TT-BNV).
    AgencyRow(
        "tp-hung-yen",
        "UBND thành phố Hưng Yên",
        "ubnd_huyen",
        "ubnd-tinh",
        "",
        dt.date(2015, 1, 1),
        LAST_DAY_BEFORE_MERGER,
        "Đơn vị hành chính cấp huyện của tỉnh Hưng Yên (mô hình năm 2015)",
        "Thành phố Hưng Yên (cũ)",
    ),
    AgencyRow(
        "ubnd-thai-binh",
        "UBND tỉnh Thái Bình",
        "ubnd_tinh",
        None,
        "",
        dt.date(1997, 1, 1),
        LAST_DAY_BEFORE_MERGER,
        "Tái lập tỉnh Thái Bình từ 01/01/1997",
        "Thành phố Thái Bình (cũ)",
    ),
    AgencyRow(
        "tp-thai-binh",
        "UBND thành phố Thái Bình",
        "ubnd_huyen",
        "ubnd-thai-binh",
        "",
        dt.date(2015, 1, 1),
        LAST_DAY_BEFORE_MERGER,
        "Đơn vị hành chính cấp huyện của tỉnh Thái Bình (mô hình năm 2015)",
        "Thành phố Thái Bình (cũ)",
    ),
]

DISSOLUTION_BASIS = {
    "tp-hung-yen": f"{NQ_1666}; {LUAT_72}",
    "tp-thai-binh": f"{NQ_1666}; {LUAT_72}",
    "ubnd-thai-binh": NQ_202,
}

SUCCESSIONS: list[SuccessionRow] = [
    SuccessionRow("ubnd-thai-binh", "ubnd-tinh", NQ_202),
    SuccessionRow("tp-hung-yen", "p-pho-hien", NQ_1666),
    SuccessionRow("tp-hung-yen", "p-son-nam", NQ_1666),
    SuccessionRow("tp-hung-yen", "p-hong-chau", NQ_1666),
    SuccessionRow("tp-hung-yen", "x-tan-hung", NQ_1666),
    SuccessionRow("tp-thai-binh", "p-thai-binh", NQ_1666),
]

_HOURS = "Thứ Hai – Thứ Sáu: 7h30 – 11h30 và 13h30 – 17h00\nSáng thứ Bảy: 7h30 – 11h30 (tiếp nhận hồ sơ)"

UNITS: list[UnitRow] = [
    UnitRow(
        "vp-ubnd",
        "Trung tâm Phục vụ hành chính công và Kiểm soát thủ tục hành chính tỉnh Hưng Yên",
        "trung_tam_pvhcc",
        "Tòa nhà Bưu điện tỉnh, đường Chùa Chuông, phường Phố Hiến, tỉnh Hưng Yên",
        "0221 3 555 888",
        "ttpvhcc@hungyen.example.vn",
    ),
    UnitRow(
        "p-pho-hien",
        "Trung tâm Phục vụ hành chính công phường Phố Hiến",
        "trung_tam_pvhcc",
        "Trụ sở UBND phường Phố Hiến, tỉnh Hưng Yên",
        "0221 3 862 100",
        "pvhcc.phohien@hungyen.example.vn",
    ),
    UnitRow(
        "p-son-nam",
        "Trung tâm Phục vụ hành chính công phường Sơn Nam",
        "trung_tam_pvhcc",
        "Trụ sở UBND phường Sơn Nam, tỉnh Hưng Yên",
        "0221 3 862 200",
        "pvhcc.sonnam@hungyen.example.vn",
    ),
    UnitRow(
        "p-hong-chau",
        "Trung tâm Phục vụ hành chính công phường Hồng Châu",
        "trung_tam_pvhcc",
        "Trụ sở UBND phường Hồng Châu, tỉnh Hưng Yên",
        "0221 3 862 300",
        "pvhcc.hongchau@hungyen.example.vn",
    ),
    UnitRow(
        "p-thai-binh",
        "Trung tâm Phục vụ hành chính công phường Thái Bình",
        "trung_tam_pvhcc",
        "Trụ sở UBND phường Thái Bình, tỉnh Hưng Yên",
        "0227 3 831 400",
        "pvhcc.thaibinh@hungyen.example.vn",
    ),
    UnitRow(
        "x-tan-hung",
        "Trung tâm Phục vụ hành chính công xã Tân Hưng",
        "trung_tam_pvhcc",
        "Trụ sở UBND xã Tân Hưng, tỉnh Hưng Yên",
        "0221 3 862 500",
        "pvhcc.tanhung@hungyen.example.vn",
    ),
    UnitRow(
        "tp-hung-yen",
        "Bộ phận tiếp nhận và trả kết quả UBND thành phố Hưng Yên",
        "bo_phan_tn_tkq",
        "Thành phố Hưng Yên (cũ)",
        "",
        "",
    ),
]

# (code, name, works at the one-stop unit, is a head)
POSITIONS: list[tuple[str, str, bool, bool]] = [
    ("chu-tich", "Chủ tịch UBND", False, True),
    ("pho-chu-tich", "Phó Chủ tịch UBND", False, True),
    ("giam-doc-so", "Giám đốc Sở", False, True),
    ("pho-giam-doc-so", "Phó Giám đốc Sở", False, True),
    ("chanh-van-phong", "Chánh Văn phòng", False, True),
    ("giam-doc-ttpvhcc", "Giám đốc Trung tâm Phục vụ hành chính công", True, True),
    ("thu-ky-iso", "Chuyên viên phụ trách ISO (Thư ký ISO)", False, False),
    ("cong-chuc-mot-cua", "Công chức Bộ phận Một cửa", True, False),
    ("tu-phap-ho-tich", "Công chức Tư pháp – Hộ tịch", True, False),
    ("dia-chinh-xay-dung", "Công chức Địa chính – Xây dựng", True, False),
    ("chuyen-vien", "Chuyên viên", False, False),
    ("thanh-tra-vien", "Thanh tra viên", False, False),
]

PVHCC_TINH = UNITS[0].name
PVHCC_PHO_HIEN = UNITS[1].name

DEMO_USERS: list[UserRow] = [
    UserRow(
        "thuky",
        "Nguyễn Thị Thu Hà",
        "p-pho-hien",
        "thu-ky-iso",
        "Thư ký ISO",
        None,
        dt.date(2016, 3, 1),
    ),
    UserRow(
        "lanhdao",
        "Trần Văn Minh",
        "p-pho-hien",
        "chu-tich",
        "Lãnh đạo",
        None,
        dt.date(2004, 9, 1),
    ),
    UserRow(
        "phochutich",
        "Vũ Thị Thanh Hương",
        "p-pho-hien",
        "pho-chu-tich",
        "Lãnh đạo",
        None,
        dt.date(2009, 10, 1),
    ),
    UserRow(
        "danhgia",
        "Phạm Thị Lan",
        "vp-ubnd",
        "chuyen-vien",
        "Đánh giá viên nội bộ",
        None,
        dt.date(2012, 5, 15),
    ),
    UserRow(
        "congchuc",
        "Lê Quang Huy",
        "p-pho-hien",
        "cong-chuc-mot-cua",
        "Công chức",
        PVHCC_PHO_HIEN,
        dt.date(2019, 8, 1),
    ),
    UserRow(
        "giamsat",
        "Đỗ Thị Hồng Nhung",
        "so-noi-vu",
        "thanh-tra-vien",
        "Giám sát",
        None,
        dt.date(2008, 2, 1),
    ),
]

_FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Ngô",
    "Dương",
    "Lương",
]
_MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quốc", "Thanh", "Hữu", "Ngọc", "Đức", "Phương"]
_GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hải",
    "Hạnh",
    "Khánh",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Oanh",
    "Phúc",
    "Quyên",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trung",
    "Tuấn",
    "Uyên",
    "Vân",
    "Xuân",
    "Yến",
]

# Other staff per agency key: (position code, unit or None, count). Heads get the head role and
# ISO secretaries the quality-officer role, so every demo agency can draft, review and approve.
STAFF_PLAN: list[tuple[str, str, str | None, int]] = [
    ("vp-ubnd", "cong-chuc-mot-cua", PVHCC_TINH, 4),
    ("vp-ubnd", "giam-doc-ttpvhcc", PVHCC_TINH, 1),
    ("so-tu-phap", "cong-chuc-mot-cua", PVHCC_TINH, 3),
    ("so-tu-phap", "giam-doc-so", None, 1),
    ("so-tu-phap", "thu-ky-iso", None, 1),
    ("so-xay-dung", "cong-chuc-mot-cua", PVHCC_TINH, 2),
    ("so-xay-dung", "chuyen-vien", None, 2),
    ("so-noi-vu", "chuyen-vien", None, 2),
    ("so-khcn", "chuyen-vien", None, 2),
    ("p-pho-hien", "tu-phap-ho-tich", PVHCC_PHO_HIEN, 2),
    ("p-pho-hien", "dia-chinh-xay-dung", PVHCC_PHO_HIEN, 1),
    ("p-son-nam", "cong-chuc-mot-cua", UNITS[2].name, 3),
    ("p-hong-chau", "cong-chuc-mot-cua", UNITS[3].name, 3),
    ("p-thai-binh", "cong-chuc-mot-cua", UNITS[4].name, 3),
    ("p-thai-binh", "chu-tich", None, 1),
    ("p-thai-binh", "thu-ky-iso", None, 1),
    ("x-tan-hung", "cong-chuc-mot-cua", UNITS[5].name, 3),
    ("x-tan-hung", "chu-tich", None, 1),
    ("x-tan-hung", "thu-ky-iso", None, 1),
    # A second signer wherever documents are released: review and approval are two people.
    ("so-tu-phap", "pho-giam-doc-so", None, 1),
    ("vp-ubnd", "chanh-van-phong", None, 1),
    ("p-thai-binh", "pho-chu-tich", None, 1),
    ("x-tan-hung", "pho-chu-tich", None, 1),
]

_HEAD_POSITIONS = {code for code, _name, _one_stop, head in POSITIONS if head}


def _role_for(position: str) -> str:
    if position in _HEAD_POSITIONS:
        return "Lãnh đạo"
    return "Thư ký ISO" if position == "thu-ky-iso" else "Công chức"


def generated_staff() -> list[UserRow]:
    """About 35 deterministic staff; every fourth joined the service under 3 years ago."""
    rows: list[UserRow] = []
    n = 0
    for agency, position, unit, count in STAFF_PLAN:
        for _i in range(count):
            name = f"{_FAMILY[n % 12]} {_MIDDLE[(n * 7) % 10]} {_GIVEN[(n * 5) % 24]}"
            start = (
                dt.date(2024, 9, 1)
                if n % 4 == 3
                else dt.date(2008 + n % 14, 1 + n % 12, 1)
            )
            rows.append(
                UserRow(
                    f"cc{n + 1:03d}",
                    name,
                    agency,
                    position,
                    _role_for(position),
                    unit,
                    start,
                )
            )
            n += 1
    return rows
