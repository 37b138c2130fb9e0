"""The input pack: every 9.3.2 section with its data range, as PDF and on the screen."""

import datetime as dt
import hashlib
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader
from wagtail import hooks

from qms.lib.charts import line_chart
from qms.lib.review_inputs import CLAUSES, HOOK, ReviewInput
from review import packs
from review.models import ManagementReview
from tests.review.conftest import plan

pytestmark = pytest.mark.django_db
Pack = ManagementReview.PackStatus


def other_apps(agency, start, end):
    """Stands for performance (c2), dossiers (c3) and planning (b, e, f) after merge."""
    chart = line_chart(
        title="Tỷ lệ đúng hạn",
        labels=["T1", "T2"],
        values=[97, 99],
        unit="%",
        target=98,
        description="Tỷ lệ hồ sơ đúng hạn theo tháng",
    )
    return [
        ReviewInput(c, f"Mục {c} của ứng dụng khác", f"Dữ liệu {c}", ["x"], [], [])
        for c in ("b", "c3", "e", "f")
    ] + [
        ReviewInput(
            "c2",
            "Mức độ đạt mục tiêu chất lượng",
            f"Dữ liệu từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}",
            [],
            [["Mục tiêu", "Kết quả"], ["Đúng hạn", "98,5 %"]],
            [chart],
        )
    ]


def _generate(review, user, capture):
    with capture(execute=True):
        packs.pack_request(review=review, user=user)
    review.refresh_from_db()
    return review


def test_the_pack_has_every_clause_with_its_data_range(
    other_agency, people, django_capture_on_commit_callbacks
):
    review = plan(
        other_agency,
        people,
        data_start=dt.date(2026, 1, 1),
        data_end=dt.date(2026, 10, 31),
    )
    with hooks.register_temporarily(HOOK, other_apps):
        review = _generate(
            review, people["officer"], django_capture_on_commit_callbacks
        )
    assert review.pack_status == Pack.READY
    clauses = [s["clause"] for s in review.pack_data]
    assert set(CLAUSES) <= set(clauses)
    assert clauses == sorted(clauses, key=CLAUSES.index)
    ours = {}  # this app's sections and the placeholders, all with the review's range
    for section in review.pack_data:
        if "01/01/2026" in section["data_range"]:
            ours.setdefault(section["clause"], section)
    for clause in ("a", "c1", "c4", "c5", "c6", "d", "c7"):
        assert "01/01/2026" in ours[clause]["data_range"]
        assert "31/10/2026" in ours[clause]["data_range"]
    # The shared screen data carries the chart as SVG with its text equivalent.
    c4 = ours["c4"]
    assert c4["charts"][0]["svg"].startswith("<svg")
    assert c4["charts"][0]["points"]
    content = review.pack_pdf.open("rb").read()
    assert hashlib.sha256(content).hexdigest() == review.pack_sha256
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    for section in review.pack_data:
        assert section["title"].split()[0] in text
    for heading in (
        "Mức độ đạt mục tiêu chất lượng",
        "Tình trạng của các hành động từ các cuộc xem xét trước",
        "Sự không phù hợp và hành động khắc phục",
        "Dữ liệu từ 01/01/2026 đến 31/10/2026",
    ):
        assert heading in text, heading


def test_a_failure_is_recorded_never_left_pending(
    review, people, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(review):
        raise ValueError("boom")

    monkeypatch.setattr(packs, "render_pack", broken)
    review = _generate(review, people["officer"], django_capture_on_commit_callbacks)
    assert review.pack_status == Pack.FAILED
    assert review.pack_error
    assert packs.may_request(review)


def test_a_transient_error_is_retried_then_recorded(review, people, monkeypatch):
    def flaky(review):
        raise OSError("disk")

    monkeypatch.setattr(packs, "render_pack", flaky)
    monkeypatch.setattr(packs, "enqueue_on_commit", lambda *a: None)
    packs.pack_request(review=review, user=people["officer"])
    with pytest.raises(OSError):
        packs.pack_build(review.pk, final=False)
    review.refresh_from_db()
    assert review.pack_status == Pack.PENDING
    assert not packs.may_request(review)
    later = timezone.now() + packs.STUCK_AFTER + dt.timedelta(minutes=1)
    assert packs.may_request(review, later)
    assert packs.pack_build(review.pk, final=True) is False
    review.refresh_from_db()
    assert review.pack_status == Pack.FAILED


def test_a_redelivered_message_does_nothing(
    review, people, django_capture_on_commit_callbacks
):
    review = _generate(review, people["officer"], django_capture_on_commit_callbacks)
    assert review.pack_status == Pack.READY
    assert packs.pack_build(review.pk) is False


def test_a_pack_drawn_before_a_future_meeting_states_data_up_to_today(
    other_agency, people
):
    today = timezone.localdate()
    review = plan(other_agency, people, planned_on=today + dt.timedelta(days=20))
    assert review.data_end == today + dt.timedelta(days=20)  # the plan keeps its range
    start, end = packs.pack_data_range(review, today)
    assert (start, end) == (review.data_start, today)
    # A range planned wholly in the past is stated as planned.
    assert packs.pack_data_range(review, today + dt.timedelta(days=30)) == (
        review.data_start,
        review.data_end,
    )
