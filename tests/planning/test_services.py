"""Services of the planning registers: rating, bands, scale per agency, refusals in Vietnamese."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from planning.models import ContextIssue, InterestedParty, Risk, RiskLevelScale
from planning.services import (
    action_cancel,
    action_complete,
    context_issue_save,
    interested_party_save,
    risk_save,
    scale_for,
    scale_save,
)
from tests.planning.conftest import new_action, new_risk


def _messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("likelihood", "impact", "rating", "band"),
    [
        (1, 1, 1, "low"),
        (2, 2, 4, "low"),
        (1, 5, 5, "medium"),
        (3, 3, 9, "medium"),
        (3, 4, 12, "high"),
        (5, 5, 25, "high"),
    ],
)
def test_rating_is_likelihood_times_impact_with_default_bands(
    own_agency, people, likelihood, impact, rating, band
):
    risk = new_risk(own_agency, people["officer"], likelihood=likelihood, impact=impact)
    assert (risk.rating, risk.band) == (rating, band)
    assert risk.residual_rating is None and risk.residual_band == ""


@pytest.mark.django_db
def test_residual_rating_is_computed_and_history_keeps_the_reason(risk, people):
    risk.residual_likelihood, risk.residual_impact = 1, 4
    risk_save(instance=risk, user=people["officer"], reason="Đã lập sổ giao nhận")
    risk.refresh_from_db()
    assert (risk.residual_rating, risk.residual_band) == (4, "low")
    latest = risk.history.first()
    assert latest.history_change_reason == "Đã lập sổ giao nhận"
    assert latest.history_user == people["officer"]


@pytest.mark.django_db
def test_a_change_without_a_reason_is_refused_in_vietnamese(risk, people):
    risk.likelihood = 5
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        risk_save(instance=risk, user=people["officer"], reason="  ")
    assert "Nhập lý do thay đổi." in _messages(caught.value)
    risk.refresh_from_db()
    assert risk.likelihood == 3


@pytest.mark.django_db
def test_levels_outside_the_scale_are_refused(own_agency, people):
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        new_risk(own_agency, people["officer"], likelihood=6)
    assert "Chọn mức từ 1 đến 5." in _messages(caught.value)
    assert not Risk.objects.exists()


@pytest.mark.django_db
def test_half_a_residual_rating_and_no_process_are_refused(own_agency, people):
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        new_risk(own_agency, people["officer"], residual_likelihood=2, process_name="")
    text = _messages(caught.value)
    assert "để trống cả hai" in text
    assert "Chọn quy trình hoặc nhập tên quá trình." in text


@pytest.mark.django_db
def test_an_owner_of_another_agency_is_refused(own_agency, people):
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        new_risk(own_agency, people["officer"], owner=people["outsider_staff"])
    assert "Chọn một công chức đang công tác tại cơ quan." in _messages(caught.value)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["head", "staff", "outsider", "supervisor"])
def test_only_the_agencys_iso_secretary_keeps_the_register(own_agency, people, who):
    with translation.override("vi"), pytest.raises(PermissionDenied) as caught:
        new_risk(own_agency, people[who])
    assert "Chỉ thư ký ISO" in str(caught.value)


@pytest.mark.django_db
def test_scale_is_per_agency_and_re_rates_the_agencys_risks(
    own_agency, other_agency, people
):
    risk = new_risk(own_agency, people["officer"], likelihood=3, impact=3)
    other = new_risk(other_agency, people["outsider"], likelihood=3, impact=3)
    assert risk.band == other.band == "medium"
    scale = scale_for(own_agency.pk)
    assert scale.pk is None and scale.likelihood_levels == 5
    scale.likelihood_labels = "Thấp\nVừa\nCao\nRất cao"
    scale.impact_labels = ["Nhẹ", "Vừa", "Nặng", "Rất nặng"]
    scale.medium_from, scale.high_from = 4, 9
    with translation.override("vi"):
        scale_save(scale=scale, user=people["officer"], reason="Thang 4 mức")
    risk.refresh_from_db()
    other.refresh_from_db()
    assert (risk.rating, risk.band) == (9, "high")
    assert risk.history.first().history_change_reason == (
        "Đánh giá lại theo thang mới: Thang 4 mức"
    )
    assert (
        RiskLevelScale.objects.get(agency=own_agency).likelihood_labels[3] == "Rất cao"
    )
    # Another agency keeps the default 5 × 5 scale and its thresholds.
    assert scale_for(other_agency.pk).likelihood_levels == 5
    assert other.band == "medium"
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        new_risk(own_agency, people["officer"], title="Khác", likelihood=5)
    assert "Chọn mức từ 1 đến 4." in _messages(caught.value)


@pytest.mark.django_db
def test_other_agency_default_band_is_high_at_twelve(other_agency, people):
    other = new_risk(other_agency, people["outsider"])
    assert (other.rating, other.band) == (12, "high")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("likelihood", "impact", "medium", "high", "message"),
    [
        (["A", "B"], None, 5, 12, "từ 3 đến 5 mức"),
        (["A", "B", "C", "D", "E", "F"], None, 5, 12, "từ 3 đến 5 mức"),
        (None, None, 12, 5, "Ngưỡng phải tăng dần"),
        (None, None, 5, 26, "Ngưỡng phải tăng dần"),
    ],
)
def test_bad_scales_are_refused(
    own_agency, people, likelihood, impact, medium, high, message
):
    scale = RiskLevelScale(agency=own_agency, medium_from=medium, high_from=high)
    if likelihood is not None:
        scale.likelihood_labels = likelihood
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        scale_save(scale=scale, user=people["officer"])
    assert message in _messages(caught.value)
    assert not RiskLevelScale.objects.exists()


@pytest.mark.django_db
def test_a_scale_cannot_shrink_below_a_rated_risk(own_agency, people):
    new_risk(own_agency, people["officer"], likelihood=5, impact=5)
    scale = RiskLevelScale(
        agency=own_agency, likelihood_labels=["a", "b", "c"], medium_from=3, high_from=6
    )
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        scale_save(scale=scale, user=people["officer"])
    assert "Hãy đánh giá lại" in _messages(caught.value)


@pytest.mark.django_db
def test_context_and_parties_are_validated_and_kept_with_history(own_agency, people):
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        context_issue_save(
            instance=ContextIssue(
                agency=own_agency, kind="internal", description=" \u200b"
            ),
            user=people["officer"],
        )
    assert "Mô tả vấn đề." in _messages(caught.value)
    future = timezone.localdate() + dt.timedelta(days=3)
    with pytest.raises(ValidationError):
        interested_party_save(
            instance=InterestedParty(
                agency=own_agency,
                party="Người dân",
                needs="Đúng hẹn",
                recorded_on=future,
            ),
            user=people["officer"],
        )
    party = interested_party_save(
        instance=InterestedParty(
            agency=own_agency, party="Người dân", needs="Đúng hẹn"
        ),
        user=people["officer"],
    )
    assert party.history.count() == 1
    with pytest.raises(PermissionDenied):
        interested_party_save(instance=party, user=people["outsider"], reason="x")


@pytest.mark.django_db
def test_actions_refuse_a_past_due_date_and_need_evidence(risk, people):
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        new_action(risk, people["officer"], people["staff"], days=-1)
    assert "không thể có hạn trong quá khứ" in _messages(caught.value)
    action = new_action(risk, people["officer"], people["staff"])
    assert action.agency_id == risk.agency_id
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        action_complete(action=action, user=people["staff"], evidence=" ")
    assert "Nêu bằng chứng" in _messages(caught.value)
    with pytest.raises(PermissionDenied):
        action_complete(action=action, user=people["head"], evidence="Sổ đã lập")
    done = action_complete(action=action, user=people["staff"], evidence="Sổ đã lập")
    assert done.status == "done" and done.completed_on == timezone.localdate()
    with pytest.raises(ValidationError):
        action_cancel(action=done, user=people["officer"], reason="Không cần")


@pytest.mark.django_db
def test_closing_a_risk_with_open_actions_is_refused(risk, people):
    action = new_action(risk, people["officer"], people["staff"])
    risk.status = Risk.Status.CLOSED
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        risk_save(instance=risk, user=people["officer"], reason="Đóng")
    assert "trước khi đóng" in _messages(caught.value)
    action_cancel(action=action, user=people["officer"], reason="Không còn cần")
    risk_save(instance=risk, user=people["officer"], reason="Đóng")
    assert Risk.objects.get(pk=risk.pk).status == "closed"
