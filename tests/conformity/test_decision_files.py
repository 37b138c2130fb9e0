"""The decision's PDF: generated in the administrative layout, or uploaded and validated."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from conformity import services
from conformity.models import Announcement
from tests.conformity.conftest import announce
from tests.documents import pdf_fixtures


def _text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _stored(settings) -> set[Path]:
    """The decisions in private storage (outside MEDIA_ROOT)."""
    root = Path(settings.QMS_PRIVATE_ROOT) / "conformity"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.fixture
def private_root(settings):
    return settings


@pytest.mark.django_db
def test_the_generated_decision_says_what_was_announced(
    own_agency, people, scope, private_root
):
    """QĐ 19/2014 Art. 4: the head signs a decision naming the standard and the scope."""
    announcement = announce(own_agency, people, scope, number="15/QĐ-STP")
    assert announcement.source == Announcement.Source.GENERATED
    with announcement.file.open("rb") as handle:
        data = handle.read()
    text = " ".join(_text(data).split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/QĐ-STP",
        "ngày 15 tháng 01 năm 2026",
        "QUYẾT ĐỊNH",
        "Về việc công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia "
        "TCVN ISO 9001:2015",
        "Điều 1.",
        "1.001233",
        "Cấp Phiếu lý lịch tư pháp",
        "Tiếp nhận hồ sơ",
        "Điều khoản 8.3: Không thiết kế.",
        own_agency.name.upper(),
    ):
        assert expected in text, expected
    assert announcement.sha256 and len(announcement.sha256) == 64
    # Private storage: no public address, the file is under the private root.
    with pytest.raises(ValueError, match="private"):
        announcement.file.url  # noqa: B018
    path = Path(announcement.file.path)
    assert path.is_relative_to(private_root.QMS_PRIVATE_ROOT)
    assert not path.is_relative_to(private_root.MEDIA_ROOT)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [b"not a pdf at all", pdf_fixtures.openaction_js()],
    ids=["not-pdf", "javascript"],
)
def test_a_refused_upload_stores_nothing(own_agency, people, scope, private_root, data):
    before = _stored(private_root)
    with pytest.raises(ValidationError) as refused:
        services.announcement_create(
            agency=own_agency,
            user=people["officer"],
            scope=scope,
            decision_number="16/QĐ-STP",
            decision_date=dt.date(2026, 2, 1),
            signer=people["head"],
            upload=data,
        )
    assert "file" in refused.value.message_dict
    assert not Announcement.objects.exists()
    assert _stored(private_root) == before


@pytest.mark.django_db
def test_a_scanned_signed_decision_is_kept_as_uploaded(
    own_agency, people, scope, private_root
):
    data = pdf_fixtures.clean_pdf()
    announcement = services.announcement_create(
        agency=own_agency,
        user=people["officer"],
        scope=scope,
        decision_number="16/QĐ-STP",
        decision_date=dt.date(2026, 2, 1),
        signer=people["head"],
        upload=data,
    )
    assert announcement.source == Announcement.Source.UPLOADED
    with announcement.file.open("rb") as handle:
        assert handle.read() == data
    assert announcement.signer_name
    assert Path(announcement.file.path) in _stored(private_root)
