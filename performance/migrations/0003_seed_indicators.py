"""Seed the indicator catalogue: the one-stop indicators and the QĐ 766/QĐ-TTg set, as data.

The QĐ 766 entries carry names and units only, as far as they are known from summaries of the
decision; their source note says what was not checked against the official text. No official
score or threshold is invented here. Idempotent: an existing code is left as it is (an agency
may have corrected its wording); backward removes nothing, since objectives may use them.
"""

from django.db import migrations

ONE_STOP = (
    "Thống kê hồ sơ thủ tục hành chính của Hệ thống thông tin giải quyết TTHC cấp tỉnh "
    "(cơ chế một cửa, một cửa liên thông: NĐ 61/2018/NĐ-CP, NĐ 118/2025/NĐ-CP)."
)
APOLOGY = (
    "Phiếu xin lỗi và hẹn lại ngày trả kết quả (mẫu của TT 01/2018/TT-VPCP), đếm từ "
    "thống kê hồ sơ của Hệ thống thông tin giải quyết TTHC cấp tỉnh."
)
SURVEY = (
    "Khảo sát, đánh giá sự hài lòng của người dân, tổ chức tại Bộ phận Một cửa "
    "(thiết bị đánh giá tại quầy, phiếu khảo sát); đơn vị tự nhập."
)
QD766 = "Quyết định 766/QĐ-TTg ngày 23/6/2022 (Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp theo thời gian thực)"
UNCHECKED = (
    "Tên và đơn vị theo các bản tóm tắt của quyết định; chưa đối chiếu nguyên văn, "
    "không ghi điểm tối đa hay ngưỡng chính thức của chỉ số."
)

# code, name, unit, direction, dossier metric, source
INDICATORS = [
    (
        "mot-cua-dung-han",
        "Tỷ lệ hồ sơ giải quyết đúng hạn",
        "%",
        "higher",
        "on_time_rate",
        ONE_STOP,
    ),
    (
        "mot-cua-truoc-han",
        "Tỷ lệ hồ sơ giải quyết trước hạn",
        "%",
        "higher",
        "early_rate",
        ONE_STOP,
    ),
    (
        "mot-cua-so-tre-han",
        "Số hồ sơ giải quyết quá hạn",
        "hồ sơ",
        "lower",
        "late_count",
        ONE_STOP,
    ),
    (
        "mot-cua-ty-le-tre-han",
        "Tỷ lệ hồ sơ giải quyết quá hạn",
        "%",
        "lower",
        "late_rate",
        ONE_STOP,
    ),
    (
        "mot-cua-xin-loi",
        "Số phiếu xin lỗi đã phát hành",
        "phiếu",
        "lower",
        "apology_count",
        APOLOGY,
    ),
    (
        "mot-cua-truc-tuyen",
        "Tỷ lệ hồ sơ tiếp nhận trực tuyến",
        "%",
        "higher",
        "online_share",
        ONE_STOP,
    ),
    (
        "mot-cua-hai-long",
        "Tỷ lệ người dân, tổ chức hài lòng",
        "%",
        "higher",
        "",
        SURVEY,
    ),
    (
        "qd766-cong-khai-minh-bach",
        "Nhóm chỉ số Công khai, minh bạch (QĐ 766)",
        "điểm",
        "higher",
        "",
        f"{QD766}. {UNCHECKED}",
    ),
    (
        "qd766-tien-do-ket-qua",
        "Nhóm chỉ số Tiến độ, kết quả giải quyết (QĐ 766)",
        "điểm",
        "higher",
        "",
        f"{QD766}. {UNCHECKED}",
    ),
    (
        "qd766-so-hoa",
        "Nhóm chỉ số Số hóa hồ sơ (QĐ 766)",
        "điểm",
        "higher",
        "",
        f"{QD766}. {UNCHECKED}",
    ),
    (
        "qd766-truc-tuyen",
        "Nhóm chỉ số Cung cấp dịch vụ trực tuyến (QĐ 766)",
        "điểm",
        "higher",
        "",
        f"{QD766}. {UNCHECKED}",
    ),
    (
        "qd766-hai-long",
        "Nhóm chỉ số Mức độ hài lòng (QĐ 766)",
        "điểm",
        "higher",
        "",
        f"{QD766}. {UNCHECKED}",
    ),
    (
        "qd766-tong-diem",
        "Tổng điểm chất lượng phục vụ (QĐ 766, thang 100)",
        "điểm",
        "higher",
        "",
        f"{QD766}. Tổng của 5 nhóm chỉ số, thang 100 điểm. {UNCHECKED}",
    ),
    (
        "qd766-cong-khai-dung-han",
        "Tỷ lệ TTHC được công khai, cập nhật đúng hạn (QĐ 766)",
        "%",
        "higher",
        "",
        f"{QD766}, nhóm Công khai, minh bạch. {UNCHECKED}",
    ),
    (
        "qd766-pakn-dung-han",
        "Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn (QĐ 766)",
        "%",
        "higher",
        "",
        f"{QD766}, nhóm Mức độ hài lòng. {UNCHECKED}",
    ),
    (
        "qd766-hai-long-pakn",
        "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị (QĐ 766)",
        "%",
        "higher",
        "",
        f"{QD766}, nhóm Mức độ hài lòng. {UNCHECKED}",
    ),
    (
        "qd766-hai-long-tthc",
        "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC (QĐ 766)",
        "%",
        "higher",
        "",
        f"{QD766}, nhóm Mức độ hài lòng. {UNCHECKED}",
    ),
    (
        "qd766-dung-han",
        "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn (QĐ 766)",
        "%",
        "higher",
        "on_time_rate",
        f"{QD766}, nhóm Tiến độ, kết quả giải quyết. {UNCHECKED}",
    ),
    (
        "qd766-so-hoa-ho-so",
        "Tỷ lệ hồ sơ TTHC được số hóa (QĐ 766)",
        "%",
        "higher",
        "",
        f"{QD766}, nhóm Số hóa hồ sơ. {UNCHECKED}",
    ),
    (
        "qd766-dvc-truc-tuyen",
        "Tỷ lệ hồ sơ TTHC nộp trực tuyến (QĐ 766)",
        "%",
        "higher",
        "online_share",
        f"{QD766}, nhóm Cung cấp dịch vụ trực tuyến. {UNCHECKED}",
    ),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("performance", "Indicator")
    for code, name, unit, direction, metric, source in INDICATORS:
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "direction": direction,
                "dossier_metric": metric,
                "source": source,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("performance", "0002_append_only_history")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop, elidable=False)]
