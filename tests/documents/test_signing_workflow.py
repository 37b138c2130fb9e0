"""Approval with electronic signature and releases (ISO 9001:2015 7.5.2, ES-01…ES-04, RL-08)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import PageLogEntry

from documents.models import DocumentRelease, ElectronicSignature
from documents.services.drafting import document_sign_current_step, document_submit
from documents.services.signing import revision_content_hash, task_reject
from tests.documents.conftest import approve


def _approve(page, tree):
    return approve(page, tree)


@pytest.mark.django_db
def test_review_and_approval_publish_release_01(tree, draft):
    """GIVEN a draft WHEN it is reviewed and approved with passwords THEN release 01 is in force."""
    page = _approve(draft, tree)
    assert page.live
    release = DocumentRelease.objects.get(page=page)
    assert (release.number_label, release.code, release.is_current) == (
        "01",
        "QT-HT-01",
        True,
    )
    signatures = list(release.signatures.order_by("signed_at"))
    assert [s.meaning for s in signatures] == ["review", "approval"]
    assert all(s.content_hash == release.content_hash for s in signatures)  # ES-03
    assert release.content_hash == revision_content_hash(release.revision)
    assert release.published_by == tree["head"]
    assert page.specific.next_review_date is not None


@pytest.mark.django_db
def test_wrong_password_signs_nothing_and_is_logged(tree, draft):
    """ES-01: a wrong password gives no signature and a logged failure."""
    document_submit(page=draft, user=tree["officer"])
    draft.refresh_from_db()
    with pytest.raises(PermissionDenied):
        document_sign_current_step(
            page=draft, user=tree["head"], password="sai-mat-khau"
        )
    assert ElectronicSignature.objects.count() == 0
    assert draft.current_workflow_task.specific.meaning == "review"


@pytest.mark.django_db
def test_submitter_cannot_review_their_own_draft(tree, draft):
    document_submit(page=draft, user=tree["head"])
    draft.refresh_from_db()
    with pytest.raises(PermissionDenied):
        document_sign_current_step(
            page=draft, user=tree["head"], password=tree["password"]
        )


@pytest.mark.django_db
def test_quality_officer_cannot_approve(tree, draft):
    document_submit(page=draft, user=tree["officer"])
    draft.refresh_from_db()
    document_sign_current_step(page=draft, user=tree["head"], password=tree["password"])
    draft.refresh_from_db()
    with pytest.raises(PermissionDenied):
        document_sign_current_step(
            page=draft, user=tree["officer"], password=tree["password"]
        )
    assert not draft.live


@pytest.mark.django_db
def test_head_of_another_agency_cannot_sign(tree, draft):
    """ES-04 / AC-03: nobody signs for another agency."""
    document_submit(page=draft, user=tree["officer"])
    draft.refresh_from_db()
    with pytest.raises(PermissionDenied):
        document_sign_current_step(
            page=draft, user=tree["outsider"], password=tree["password"]
        )


@pytest.mark.django_db
def test_rejection_needs_a_comment_and_returns_the_draft(tree, draft):
    document_submit(page=draft, user=tree["officer"])
    draft.refresh_from_db()
    state = draft.current_workflow_task_state
    with pytest.raises(ValidationError):
        task_reject(task_state=state, user=tree["head"], comment="  ")
    task_reject(task_state=state, user=tree["head"], comment="Bổ sung bước thẩm tra.")
    draft.refresh_from_db()
    assert draft.current_workflow_state.status == "needs_changes"
    assert not draft.live


@pytest.mark.django_db
def test_second_release_supersedes_the_first(tree, draft):
    page = _approve(draft, tree)
    revision = page.get_latest_revision_as_object()
    revision.amendment_summary = "Rút ngắn thời gian tiếp nhận."
    revision.save_revision(user=tree["officer"])
    page = _approve(page, tree)
    first, second = DocumentRelease.objects.filter(page=page).order_by("number")
    assert (second.number_label, second.is_current) == ("02", True)
    assert first.superseded_by == second
    assert first.superseded_at is not None
    assert not first.is_current


@pytest.mark.django_db
def test_release_02_without_amendment_summary_is_refused(tree, draft):
    page = _approve(draft, tree)
    revision = page.get_latest_revision_as_object()
    revision.title = "Đổi tiêu đề"
    revision.amendment_summary = ""
    revision.save_revision(user=tree["officer"])
    with pytest.raises(ValidationError):
        _approve(page, tree)
    assert DocumentRelease.objects.filter(page=page).count() == 1


@pytest.mark.django_db
def test_signing_twice_is_refused(tree, draft):
    """RL-08 (sequential form): a completed step cannot be signed again."""
    document_submit(page=draft, user=tree["officer"])
    draft.refresh_from_db()
    state = draft.current_workflow_task_state.specific
    document_sign_current_step(page=draft, user=tree["head"], password=tree["password"])
    from documents.services.signing import task_sign

    with pytest.raises(ValidationError):
        task_sign(
            task=state.task.specific,
            task_state=state,
            user=tree["deputy"],
            password=tree["password"],
        )
    assert ElectronicSignature.objects.filter(meaning="review").count() == 1


@pytest.mark.django_db
def test_signature_is_logged(tree, draft):
    _approve(draft, tree)
    assert (
        PageLogEntry.objects.filter(
            page=draft, action="documents.signature.sign"
        ).count()
        == 2
    )
    assert (
        PageLogEntry.objects.filter(
            page=draft, action="documents.release.publish"
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_future_effective_date_releases_at_go_live(tree, draft):
    """A scheduled go-live is the effective date: no release until then, release 01 after."""
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone
    from freezegun import freeze_time

    go_live = timezone.now() + dt.timedelta(days=10)
    draft.go_live_at = go_live
    draft.save_revision(user=tree["officer"])
    page = _approve(draft, tree)
    assert not page.live
    assert not DocumentRelease.objects.filter(page=page).exists()
    with freeze_time(go_live + dt.timedelta(minutes=1)):
        call_command("publish_scheduled")
    release = DocumentRelease.objects.get(page=page)
    assert release.effective_date == timezone.localtime(go_live).date()


@pytest.mark.django_db
def test_copied_signature_fails_verification(tree, draft):
    """ES-03: a signature row moved onto another revision no longer verifies."""
    from django.core.management import CommandError, call_command

    page = _approve(draft, tree)
    call_command("verify_signatures")  # 0 mismatches
    other = page.get_latest_revision_as_object()
    other.title = "Nội dung khác"
    revision = other.save_revision(user=tree["officer"])
    ElectronicSignature.objects.filter(meaning="approval").update(revision=revision)
    with pytest.raises(CommandError):
        call_command("verify_signatures")


@pytest.mark.django_db
def test_admin_cannot_set_another_users_password(admin_client, tree):
    """ES-04: the user edit screen has no password fields."""
    from django.urls import reverse

    html = admin_client.get(
        reverse("wagtailusers_users:edit", args=[tree["head"].pk])
    ).content.decode()
    assert 'name="password1"' not in html
