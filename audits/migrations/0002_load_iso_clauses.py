"""Load the ISO 9001:2015 clause numbers and short Vietnamese titles (never the text)."""

from django.db import migrations

AMD_2024 = "Sửa đổi 1:2024 (biến đổi khí hậu)"

CLAUSES = [
    ("4", "Bối cảnh của tổ chức", ""),
    ("4.1", "Hiểu tổ chức và bối cảnh của tổ chức", AMD_2024),
    ("4.2", "Hiểu nhu cầu và mong đợi của các bên quan tâm", AMD_2024),
    ("4.3", "Xác định phạm vi của hệ thống quản lý chất lượng", ""),
    ("4.4", "Hệ thống quản lý chất lượng và các quá trình", ""),
    ("5", "Sự lãnh đạo", ""),
    ("5.1", "Sự lãnh đạo và cam kết", ""),
    ("5.1.1", "Khái quát", ""),
    ("5.1.2", "Hướng vào khách hàng", ""),
    ("5.2", "Chính sách", ""),
    ("5.2.1", "Thiết lập chính sách chất lượng", ""),
    ("5.2.2", "Truyền đạt chính sách chất lượng", ""),
    ("5.3", "Vai trò, trách nhiệm và quyền hạn trong tổ chức", ""),
    ("6", "Hoạch định", ""),
    ("6.1", "Hành động giải quyết rủi ro và cơ hội", ""),
    ("6.2", "Mục tiêu chất lượng và hoạch định để đạt được mục tiêu", ""),
    ("6.3", "Hoạch định các thay đổi", ""),
    ("7", "Hỗ trợ", ""),
    ("7.1", "Nguồn lực", ""),
    ("7.1.1", "Khái quát", ""),
    ("7.1.2", "Con người", ""),
    ("7.1.3", "Cơ sở hạ tầng", ""),
    ("7.1.4", "Môi trường cho việc thực hiện các quá trình", ""),
    ("7.1.5", "Nguồn lực theo dõi và đo lường", ""),
    ("7.1.6", "Tri thức của tổ chức", ""),
    ("7.2", "Năng lực", ""),
    ("7.3", "Nhận thức", ""),
    ("7.4", "Trao đổi thông tin", ""),
    ("7.5", "Thông tin dạng văn bản", ""),
    ("7.5.1", "Khái quát", ""),
    ("7.5.2", "Tạo và cập nhật", ""),
    ("7.5.3", "Kiểm soát thông tin dạng văn bản", ""),
    ("8", "Thực hiện", ""),
    ("8.1", "Hoạch định và kiểm soát việc thực hiện", ""),
    ("8.2", "Yêu cầu đối với sản phẩm và dịch vụ", ""),
    ("8.2.1", "Trao đổi thông tin với khách hàng", ""),
    ("8.2.2", "Xác định các yêu cầu đối với sản phẩm và dịch vụ", ""),
    ("8.2.3", "Xem xét các yêu cầu đối với sản phẩm và dịch vụ", ""),
    ("8.2.4", "Thay đổi các yêu cầu đối với sản phẩm và dịch vụ", ""),
    ("8.3", "Thiết kế và phát triển sản phẩm và dịch vụ", ""),
    ("8.4", "Kiểm soát quá trình, sản phẩm và dịch vụ do bên ngoài cung cấp", ""),
    ("8.5", "Sản xuất và cung cấp dịch vụ", ""),
    ("8.5.1", "Kiểm soát sản xuất và cung cấp dịch vụ", ""),
    ("8.5.2", "Nhận biết và xác định nguồn gốc", ""),
    ("8.5.3", "Tài sản của khách hàng hoặc nhà cung cấp bên ngoài", ""),
    ("8.5.4", "Bảo toàn", ""),
    ("8.5.5", "Hoạt động sau giao hàng", ""),
    ("8.5.6", "Kiểm soát thay đổi", ""),
    ("8.6", "Thông qua sản phẩm và dịch vụ", ""),
    ("8.7", "Kiểm soát đầu ra không phù hợp", ""),
    ("9", "Đánh giá kết quả hoạt động", ""),
    ("9.1", "Theo dõi, đo lường, phân tích và đánh giá", ""),
    ("9.1.1", "Khái quát", ""),
    ("9.1.2", "Sự thỏa mãn của khách hàng", ""),
    ("9.1.3", "Phân tích và đánh giá", ""),
    ("9.2", "Đánh giá nội bộ", ""),
    ("9.3", "Xem xét của lãnh đạo", ""),
    ("10", "Cải tiến", ""),
    ("10.1", "Khái quát", ""),
    ("10.2", "Sự không phù hợp và hành động khắc phục", ""),
    ("10.3", "Cải tiến liên tục", ""),
]


def _sort_key(number):
    return ".".join(part.zfill(3) for part in number.split("."))


def load(apps, schema_editor):
    Clause = apps.get_model("audits", "Clause")
    for number, title, amendment in CLAUSES:
        Clause.objects.update_or_create(
            number=number,
            defaults={
                "title": title,
                "amendment": amendment,
                "sort_key": _sort_key(number),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
