"""The shared kit for issue 15: server-side charts, signing by password, review inputs."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from reportlab.graphics.shapes import Drawing
from wagtail import hooks
from wagtail.models import ModelLogEntry

from qms.lib import review_inputs
from qms.lib.charts import bar_chart, line_chart
from qms.lib.signing import require_password
from tests.factories import AgencyFactory, UserFactory


def test_line_chart_is_svg_with_a_text_equivalent():
    with translation.override("vi"):
        chart = line_chart(
            title="Tỷ lệ hồ sơ đúng hạn <2026>",
            labels=["T1", "T2", "T3"],
            values=[97, 98.5, None],
            unit="%",
            target=98,
            description="Mục tiêu ≥ 98 %",
        )
        svg = str(chart.svg())
    assert svg.startswith(
        '<svg role="img" aria-label="Tỷ lệ hồ sơ đúng hạn &lt;2026&gt;.'
    )
    assert "<title>Tỷ lệ hồ sơ đúng hạn &lt;2026&gt;</title>" in svg
    assert "<desc>Mục tiêu ≥ 98 %</desc>" in svg
    # The words a screen reader or the PDF's table gives: Vietnamese decimals, gaps named.
    assert chart.points == [("T1", "97 %"), ("T2", "98,5 %"), ("T3", "—")]
    assert isinstance(chart.drawing, Drawing)  # the same object draws into a PDF


def test_a_line_with_nothing_measured_yet_still_draws():
    chart = line_chart(
        title="Tỷ lệ", labels=["T1", "T2"], values=[None, None], description="x"
    )
    assert chart.points == [("T1", "—"), ("T2", "—")]
    assert "<svg" in chart.svg()


def test_bar_chart_counts_zero_bars():
    chart = bar_chart(
        title="Điểm không phù hợp", labels=["T1", "T2"], values=[3, 0], description="x"
    )
    assert chart.points == [("T1", "3"), ("T2", "0")]
    assert "<svg" in chart.svg()


@pytest.mark.django_db
def test_a_wrong_password_signs_nothing_and_is_logged():
    user = UserFactory(password="Dung@2026")
    agency = AgencyFactory()
    require_password(
        user=user,
        password="Dung@2026",
        instance=agency,
        failed_action="documents.disposal.sign_failed",
    )
    with pytest.raises(PermissionDenied, match="Mật khẩu không đúng"):
        require_password(
            user=user,
            password="sai",
            instance=agency,
            failed_action="documents.disposal.sign_failed",
        )
    entry = ModelLogEntry.objects.get(object_id=str(agency.pk))
    assert entry.action == "documents.disposal.sign_failed"


def test_review_inputs_are_gathered_in_clause_order():
    def contribute(agency, start, end):
        return [
            review_inputs.ReviewInput(
                clause="f", title="Cơ hội cải tiến", data_range=""
            ),
            review_inputs.ReviewInput(
                clause="a", title="Hành động trước", data_range=""
            ),
        ]

    mine = ("Cơ hội cải tiến", "Hành động trước")
    with (
        hooks.register_temporarily(review_inputs.HOOK, contribute),
        pytest.MonkeyPatch.context() as patch,
    ):
        # Only this contributor: the apps' own hooks need a real agency.
        patch.setattr(hooks, "get_hooks", lambda name: [contribute])
        inputs = review_inputs.collect(None, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [i.title for i in inputs if i.title in mine] == [
        "Hành động trước",
        "Cơ hội cải tiến",
    ]
