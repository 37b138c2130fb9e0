"""Nonconformity lifecycle services (ISO 9001:2015 10.2), including AC-05."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audits.models import AuditItem, CorrectiveAction, Nonconformity
from audits.services.nonconformities import (
    PlannedAction,
    action_complete,
    nonconformity_analyse,
    nonconformity_cancel,
    nonconformity_close,
    nonconformity_create,
    nonconformity_plan,
    nonconformity_raise_from_item,
    nonconformity_reopen,
    nonconformity_update,
    nonconformity_verify,
)
from qms.exceptions import TransitionError
from tests.audits.conftest import finding

S = Nonconformity.Status
DUE = dt.date.today() + dt.timedelta(days=10)


def _analyse(nc, user):
    return nonconformity_analyse(
        nc=nc,
        user=user,
        correction="Cập nhật ngay bảng niêm yết.",
        whys=["Chưa cập nhật", "Không ai được giao", "Quy trình thiếu bước rà soát"],
        root_cause="Quy trình thiếu bước rà soát khi TTHC thay đổi.",
    )


def _to_implemented(nc, people):
    _analyse(nc, people["staff"])
    nonconformity_plan(
        nc=nc,
        user=people["staff"],
        actions=[PlannedAction("Bổ sung bước rà soát", people["staff"], DUE)],
    )
    action_complete(
        action=nc.actions.get(), user=people["staff"], evidence="QT sửa đổi lần 2"
    )
    nc.refresh_from_db()
    return nc


@pytest.mark.django_db
def test_codes_are_readable_and_consecutive(nc, other_agency, people):
    second = nonconformity_create(
        nc=Nonconformity(
            source=Nonconformity.Source.SELF_DETECTED,
            agency=other_agency,
            title="Bảng niêm yết chưa cập nhật",
            description="Cán bộ hẹn trả kết quả nhưng trễ hai ngày.",
        ),
        user=None,
    )
    year = nc.detected_on.year
    assert nc.code == f"SKPH-{year}-0001"
    assert second.code == f"SKPH-{year}-0002"


@pytest.mark.django_db
def test_raise_from_finding_prefills_clause_unit_and_evidence(
    started, people, other_unit
):
    """GIVEN a minor finding WHEN "Tạo phiếu SKPH" THEN clause, unit, evidence are copied."""
    item = finding(started)
    nc = nonconformity_raise_from_item(item=item, user=people["lead"])
    assert nc.status == S.NEW
    assert nc.source == Nonconformity.Source.INTERNAL_AUDIT
    assert nc.severity == Nonconformity.Severity.MINOR
    assert (nc.clause_id, nc.unit, nc.agency_id) == (
        item.clause_id,
        other_unit,
        started.agency_id,
    )
    assert "trễ hạn 2 ngày" in nc.evidence
    assert "000.00.12.H33-260301-0002" in nc.evidence
    assert nc.audit == started
    with pytest.raises(TransitionError):
        nonconformity_raise_from_item(item=item, user=people["lead"])


@pytest.mark.django_db
def test_a_conforming_item_cannot_become_a_nonconformity(started, people):
    item = finding(started, result=AuditItem.Result.CONFORMING)
    with pytest.raises(TransitionError):
        nonconformity_raise_from_item(item=item, user=people["lead"])


@pytest.mark.django_db
def test_full_lifecycle_records_each_transition_with_reason(nc, people):
    """10.2.1(a)-(f): analyse → plan → implement → verify → close, each with user and reason."""
    nc = _to_implemented(nc, people)
    assert nc.status == S.IMPLEMENTED
    nonconformity_verify(
        nc=nc, user=people["auditor2"], effective=True, note="Đã kiểm tra 5 hồ sơ"
    )
    nonconformity_close(nc=nc, user=people["officer"])
    nc.refresh_from_db()
    assert nc.status == S.CLOSED
    history = list(nc.history.order_by("history_date"))
    assert [h.status for h in history] == [
        "new",
        "analysed",
        "planned",
        "implemented",
        "verified",
        "closed",
    ]
    assert history[1].history_user == people["staff"]
    assert (
        history[-1].history_change_reason == "Closed"
        or history[-1].history_change_reason
    )


@pytest.mark.django_db
def test_analysis_needs_a_root_cause(nc, people):
    with pytest.raises(ValidationError):
        nonconformity_analyse(
            nc=nc, user=people["staff"], correction="", whys=[" "], root_cause=""
        )
    nc.refresh_from_db()
    assert nc.status == S.NEW


@pytest.mark.django_db
def test_someone_unrelated_cannot_move_the_nonconformity(nc, people):
    with pytest.raises(PermissionDenied):
        _analyse(nc, people["outsider_officer"])


@pytest.mark.django_db
def test_an_action_is_done_only_with_evidence_by_its_owner(nc, people):
    _analyse(nc, people["staff"])
    nonconformity_plan(
        nc=nc,
        user=people["officer"],
        actions=[
            PlannedAction("Sửa quy trình", people["staff"], DUE),
            PlannedAction("Tập huấn", people["head"], DUE),
        ],
    )
    first, second = nc.actions.order_by("pk")
    with pytest.raises(PermissionDenied):
        action_complete(action=first, user=people["auditor2"], evidence="x")
    with pytest.raises(ValidationError):
        action_complete(action=first, user=people["staff"], evidence="  ")
    action_complete(action=first, user=people["staff"], evidence="Đã sửa")
    nc.refresh_from_db()
    assert nc.status == S.PLANNED  # one action still open
    action_complete(action=second, user=people["head"], evidence="Biên bản tập huấn")
    nc.refresh_from_db()
    assert nc.status == S.IMPLEMENTED


@pytest.mark.django_db
def test_the_verifier_must_be_an_auditor_owning_no_action(nc, people):
    nc = _to_implemented(nc, people)
    for user in (people["staff"], people["officer"]):
        with pytest.raises(PermissionDenied):
            nonconformity_verify(nc=nc, user=user, effective=True, note="ok")
    nc.refresh_from_db()
    assert nc.status == S.IMPLEMENTED


@pytest.mark.django_db
def test_not_effective_returns_to_planning_with_a_new_action(nc, people):
    nc = _to_implemented(nc, people)
    nonconformity_verify(
        nc=nc,
        user=people["auditor2"],
        effective=False,
        note="Vẫn còn hồ sơ trễ",
        new_action=PlannedAction("Giao người rà soát hằng tuần", people["staff"], DUE),
    )
    nc.refresh_from_db()
    assert nc.status == S.PLANNED
    statuses = sorted(nc.actions.values_list("status", flat=True))
    assert statuses == [
        CorrectiveAction.Status.INEFFECTIVE,
        CorrectiveAction.Status.OPEN,
    ]
    assert "Vẫn còn hồ sơ trễ" in nc.history.first().history_change_reason


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["officer", "head", "staff", "lead", "supervisor"])
def test_a_closed_nonconformity_cannot_be_edited(nc, people, role):
    """AC-05: edits of a closed NC are refused for every role; only an audited reopen works."""
    nc = _to_implemented(nc, people)
    nonconformity_verify(nc=nc, user=people["auditor2"], effective=True, note="ok")
    nonconformity_close(nc=nc, user=people["officer"])
    nc.refresh_from_db()
    nc.description = "Sửa lén"
    with pytest.raises((TransitionError, PermissionDenied)):
        nonconformity_update(nc=nc, user=people[role])
    with pytest.raises((TransitionError, PermissionDenied)):
        _analyse(nc, people[role])
    nc.refresh_from_db()
    assert nc.description == "Bảng niêm yết còn phí cũ."
    assert nc.status == S.CLOSED


@pytest.mark.django_db
def test_reopen_is_the_documented_way_and_is_audited(nc, people):
    """AC-05: reopen needs a manager and a reason; history and the admin log record it."""
    from wagtail.models import ModelLogEntry

    nonconformity_cancel(nc=nc, user=people["officer"], reason="Trùng phiếu")
    with pytest.raises(PermissionDenied):
        nonconformity_reopen(nc=nc, user=people["staff"], reason="x")
    with pytest.raises(ValidationError):
        nonconformity_reopen(nc=nc, user=people["officer"], reason=" ")
    nonconformity_reopen(nc=nc, user=people["officer"], reason="Không trùng")
    nc.refresh_from_db()
    assert nc.status == S.NEW
    assert nc.history.first().history_change_reason == "Mở lại: Không trùng"
    assert ModelLogEntry.objects.filter(
        action="audits.nonconformity.reopen",
        object_id=str(nc.pk),
        user=people["officer"],
    ).exists()
    nc.description = "Sửa sau khi mở lại"
    nonconformity_update(nc=nc, user=people["officer"], reason="Bổ sung")
    nc.refresh_from_db()
    assert nc.description == "Sửa sau khi mở lại"


@pytest.mark.django_db
def test_a_stale_transition_is_refused(nc, people):
    """RL-08 (single connection): a second move from the same starting state is refused."""
    stale = Nonconformity.objects.get(pk=nc.pk)
    _analyse(nc, people["staff"])
    with pytest.raises(TransitionError):
        _analyse(stale, people["officer"])
    assert Nonconformity.objects.get(pk=nc.pk).history.count() == 2


@pytest.mark.django_db
def test_the_raised_nonconformity_names_its_owner_from_the_auditee(started, people):
    item = finding(started)
    with pytest.raises(ValidationError):
        nonconformity_raise_from_item(
            item=item, user=people["lead"], owner=people["outsider_officer"]
        )
    nc = nonconformity_raise_from_item(
        item=item, user=people["lead"], owner=people["staff"]
    )
    assert nc.owner == people["staff"]
