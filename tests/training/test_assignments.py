"""Fan-out of read-and-understood assignments (RL-02, ES-05), joiners, leavers, withdrawal."""

import datetime as dt

import pytest
from django.utils import timezone

from documents.services.releases import release_withdraw
from tests.factories import PASSWORD, StaffProfileFactory
from tests.training.conftest import new_release
from training.models import Acknowledgment, TrainingSettings
from training.services.acknowledge import acknowledgment_confirm
from training.services.assignments import release_assign, staff_assign

Status = Acknowledgment.Status


def _statuses(release):
    return sorted(
        Acknowledgment.objects.filter(release=release).values_list("staff_id", "status")
    )


@pytest.mark.django_db
def test_release_assigns_each_active_staff_member_of_the_distribution_once(
    tree, readers, distributed
):
    release = new_release(distributed, tree, "")
    assert release_assign(release_id=release.pk) == 3
    acks = Acknowledgment.objects.filter(release=release)
    assert {a.staff_id for a in acks} == {s.pk for s in readers["inside"]}
    ack = acks.first()
    assert ack.content_hash == release.content_hash
    assert ack.due_date == timezone.localdate() + dt.timedelta(days=14)
    assert ack.agency_id == tree["agency"].pk
    assert ack.history.first().history_type == "+"


@pytest.mark.django_db
def test_running_the_fan_out_twice_creates_nothing_twice(tree, readers, distributed):
    """RL-02: a redelivered task message is a no-op."""
    release = new_release(distributed, tree, "")
    release_assign(release_id=release.pk)
    before = _statuses(release)
    assert release_assign(release_id=release.pk) == 0
    assert _statuses(release) == before
    assert Acknowledgment.objects.count() == 3


@pytest.mark.django_db
def test_due_days_come_from_the_training_settings(tree, readers, distributed):
    settings = TrainingSettings.load()
    settings.acknowledgment_due_days = 5
    settings.save()
    release = new_release(distributed, tree, "")
    release_assign(release_id=release.pk)
    due = {a.due_date for a in Acknowledgment.objects.filter(release=release)}
    assert due == {timezone.localdate() + dt.timedelta(days=5)}


@pytest.mark.django_db
def test_new_release_supersedes_open_assignments_and_keeps_signed_ones(
    tree, readers, distributed
):
    """ES-05: release 02 closes release 01's open assignments; signed ones stay as history."""
    first = new_release(distributed, tree, "")
    release_assign(release_id=first.pk)
    signer = readers["inside"][0]
    signed = Acknowledgment.objects.get(release=first, staff=signer)
    acknowledgment_confirm(
        acknowledgment_id=signed.pk, user=signer.user, password=PASSWORD
    )

    distributed.refresh_from_db()
    second = new_release(distributed, tree, "Rút ngắn thời gian bước 1.")
    assert second.number == 2
    assert release_assign(release_id=second.pk) == 3

    old = dict(
        Acknowledgment.objects.filter(release=first).values_list("staff_id", "status")
    )
    assert old[signer.pk] == Status.ACKNOWLEDGED
    assert {old[s.pk] for s in readers["inside"][1:]} == {Status.SUPERSEDED}
    new = Acknowledgment.objects.filter(release=second)
    assert {a.status for a in new} == {Status.PENDING}
    assert new.get(staff=signer).content_hash == second.content_hash
    closed = Acknowledgment.objects.get(release=first, staff=readers["inside"][1])
    assert closed.closed_at is not None
    assert closed.history.first().history_change_reason.endswith("02")


@pytest.mark.django_db
def test_a_late_delivery_for_a_replaced_release_assigns_nothing(
    tree, readers, distributed
):
    first = new_release(distributed, tree, "")
    distributed.refresh_from_db()
    second = new_release(distributed, tree, "Sửa bước 2.")
    release_assign(release_id=second.pk)
    assert release_assign(release_id=first.pk) == 0
    assert not Acknowledgment.objects.filter(release=first).exists()


@pytest.mark.django_db
def test_joiner_gets_current_releases_and_leaver_is_cancelled(
    tree, unit, readers, distributed
):
    release = new_release(distributed, tree, "")
    release_assign(release_id=release.pk)
    joiner = StaffProfileFactory(agency=tree["agency"], receiving_unit=unit)
    assert staff_assign(staff_id=joiner.pk) == 1
    assert staff_assign(staff_id=joiner.pk) == 0

    leaver = readers["inside"][2]
    leaver.is_active = False
    leaver.save()
    staff_assign(staff_id=leaver.pk)
    assert Acknowledgment.objects.get(staff=leaver).status == Status.CANCELLED


@pytest.mark.django_db
def test_publishing_enqueues_the_fan_out_on_commit(
    tree, readers, distributed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        release = new_release(distributed, tree, "")
    assert Acknowledgment.objects.filter(release=release).count() == 3


@pytest.mark.django_db
def test_withdrawal_closes_open_assignments(
    tree, readers, distributed, django_capture_on_commit_callbacks
):
    release = new_release(distributed, tree, "")
    release_assign(release_id=release.pk)
    with django_capture_on_commit_callbacks(execute=True):
        release_withdraw(page=distributed, user=tree["head"], reason="Bãi bỏ TTHC.")
    assert set(
        Acknowledgment.objects.filter(release=release).values_list("status", flat=True)
    ) == {Status.WITHDRAWN}


def _fields(obj):
    return {
        f.attname: getattr(obj, f.attname) for f in Acknowledgment._meta.concrete_fields
    }


@pytest.mark.django_db
def test_set_based_history_rows_match_the_rows_they_record(
    tree, readers, distributed, django_capture_on_commit_callbacks
):
    """AT-02: the fan-out writes history with SQL; each row must equal what the ORM would write."""
    release = new_release(distributed, tree, "")
    release_assign(release_id=release.pk)
    with django_capture_on_commit_callbacks(execute=True):
        release_withdraw(page=distributed, user=tree["head"], reason="Bãi bỏ TTHC.")
    for ack in Acknowledgment.objects.filter(release=release):
        created, closed = ack.history.order_by("history_date", "history_id")
        assert (created.history_type, closed.history_type) == ("+", "~")
        assert created.history_change_reason.startswith("Giao")
        assert closed.history_change_reason
        assert closed.history_date == ack.closed_at
        assert _fields(closed.instance) == _fields(ack)
