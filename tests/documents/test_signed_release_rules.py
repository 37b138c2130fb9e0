"""Who signs, what the signature covers, and the release's true dates (issue 9 parts 1–3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone
from freezegun import freeze_time
from wagtail.models import Revision

from documents.models import DocumentRelease, ElectronicSignature
from documents.models.settings import DocumentSettings
from documents.services.drafting import document_sign_current_step, document_submit
from tests.documents.conftest import approve


def _submit(page, tree):
    document_submit(page=page, user=tree["officer"])
    page.refresh_from_db()
    return page


@pytest.mark.django_db
def test_reviewer_cannot_also_approve_by_default(tree, draft):
    page = _submit(draft, tree)
    document_sign_current_step(page=page, user=tree["head"], password=tree["password"])
    page.refresh_from_db()
    with pytest.raises(PermissionDenied):
        document_sign_current_step(
            page=page, user=tree["head"], password=tree["password"]
        )
    assert not page.live
    assert ElectronicSignature.objects.filter(meaning="approval").count() == 0


@pytest.mark.django_db
def test_one_signer_when_the_setting_allows_it(tree, draft):
    settings = DocumentSettings.load()
    settings.allow_single_signer = True
    settings.save()
    page = _submit(draft, tree)
    for _step in range(2):
        page.refresh_from_db()
        document_sign_current_step(
            page=page, user=tree["head"], password=tree["password"]
        )
    page.refresh_from_db()
    assert page.live
    call_command("verify_signatures")


@pytest.mark.django_db
def test_submitter_cannot_approve(tree, draft):
    document_submit(page=draft, user=tree["head"])
    draft.refresh_from_db()
    document_sign_current_step(
        page=draft, user=tree["deputy"], password=tree["password"]
    )
    draft.refresh_from_db()
    with pytest.raises(PermissionDenied):
        document_sign_current_step(
            page=draft, user=tree["head"], password=tree["password"]
        )
    assert not draft.live


@pytest.mark.django_db
def test_signature_covers_every_printed_field_including_the_effective_date(tree, draft):
    from documents.services.signing import revision_content_hash

    revision = draft.get_latest_revision()
    before = revision_content_hash(revision)
    for field, value in [
        ("go_live_at", "2027-01-05T00:00:00+07:00"),
        ("legal_bases", [1]),
        ("distribution_units", [tree["desk"].pk + 1]),
        ("owner_unit", 1),
        ("review_interval_months", 6),
    ]:
        changed = Revision(content={**revision.content, field: value})
        changed.content_type = revision.content_type
        assert revision_content_hash(changed) != before, field


@pytest.mark.django_db
def test_verify_signatures_finds_a_broken_chain_and_an_altered_field(tree, draft):
    page = approve(draft, tree)
    call_command("verify_signatures")
    release = DocumentRelease.objects.get(page=page)
    # A signed field altered in the stored revision (e.g. by SQL): the hash no longer matches.
    content = {**release.revision.content, "fees": "5.000.000 đồng"}
    Revision.objects.filter(pk=release.revision_id).update(content=content)
    with pytest.raises(CommandError):
        call_command("verify_signatures")
    Revision.objects.filter(pk=release.revision_id).update(
        content={**content, "fees": release.revision.content.get("fees")}
    )
    call_command("verify_signatures")
    # The approval re-attributed to the reviewer: one person signed both.
    review = ElectronicSignature.objects.get(meaning="review")
    ElectronicSignature.objects.filter(meaning="approval").update(signer=review.signer)
    with pytest.raises(CommandError):
        call_command("verify_signatures")


@pytest.mark.django_db
def test_second_release_of_a_once_scheduled_document_has_its_own_date(tree, draft):
    """The bug: release 02 signed today showed release 01's old go-live date."""
    go_live = timezone.now() + dt.timedelta(days=3)
    draft.go_live_at = go_live
    draft.save_revision(user=tree["officer"])
    page = approve(draft, tree)
    with freeze_time(go_live + dt.timedelta(minutes=5)):
        call_command("publish_scheduled")
    first = DocumentRelease.objects.get(page=page)
    assert first.effective_date == timezone.localtime(go_live).date()
    later = go_live + dt.timedelta(days=40)
    with freeze_time(later):
        revision = page.get_latest_revision_as_object()
        assert revision.go_live_at is not None  # the old date is still in the content
        revision.amendment_summary = "Bổ sung biểu mẫu."
        revision.save_revision(user=tree["officer"])
        page = approve(page, tree)
        second = DocumentRelease.objects.get(page=page, number=2)
        assert second.effective_date == timezone.localdate()
        assert second.effective_date > first.effective_date


@pytest.mark.django_db
def test_release_is_never_dated_before_its_approval(tree, draft):
    page = approve(draft, tree)
    release = DocumentRelease.objects.get(page=page)
    approval = release.signatures.get(meaning="approval")
    assert release.effective_date >= timezone.localtime(approval.signed_at).date()


def _form_errors(client, tree, page, **fields):
    from django.urls import reverse

    from tests.documents.test_publish_paths import _edit_form

    client.force_login(tree["officer"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        _edit_form(page, page.title, amendment_summary="", **fields),
    )
    assert response.status_code == 200
    return response.context["form"].errors


@pytest.mark.django_db
@pytest.mark.parametrize("months", [0, 61, 99999])
def test_review_interval_is_limited_at_the_form(tree, draft, months, client):
    errors = _form_errors(client, tree, draft, review_interval_months=months)
    assert "review_interval_months" in errors


@pytest.mark.django_db
def test_past_effective_date_is_refused_and_expiry_is_refused(tree, draft, client):
    errors = _form_errors(
        client, tree, draft, go_live_at="01/01/2020 08:00", expire_at="01/01/2030 08:00"
    )
    assert "không được ở quá khứ" in str(errors["go_live_at"])
    assert "không tự hết hiệu lực" in str(errors["expire_at"])


@pytest.mark.django_db
def test_an_approval_that_cannot_publish_says_why_in_the_dialog(tree, draft, client):
    """No 500 from the signing dialog: a release 02 without its summary is refused up front."""
    from django.urls import reverse

    page = approve(draft, tree)
    revision = page.get_latest_revision_as_object()
    revision.title = "Đổi tiêu đề"
    revision.amendment_summary = ""
    revision.save_revision(user=tree["officer"])
    document_submit(page=page, user=tree["officer"])
    page.refresh_from_db()
    # The review step checks nothing about publishing.
    document_sign_current_step(
        page=page, user=tree["deputy"], password=tree["password"]
    )
    page.refresh_from_db()
    state = page.current_workflow_task_state
    client.force_login(tree["head"])
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk]
        ),
        {"password": tree["password"]},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert "nội dung sửa đổi là bắt buộc" in response.json()["html"]
    assert not ElectronicSignature.objects.filter(
        revision=state.revision, meaning="approval"
    ).exists()
    assert DocumentRelease.objects.filter(page=page).count() == 1


@pytest.mark.django_db
def test_the_editor_says_at_once_that_the_release_pdf_failed(tree, draft, client):
    from django.urls import reverse

    page = approve(draft, tree)
    DocumentRelease.objects.filter(page=page).update(
        pdf_status=DocumentRelease.PdfStatus.FAILED, pdf_error="Kho lưu trữ hỏng."
    )
    client.force_login(tree["officer"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
    html = html.decode()
    assert "Không tạo được bản PDF của lần ban hành 01: Kho lưu trữ hỏng." in html
    release = DocumentRelease.objects.get(page=page)
    assert reverse("documents_release_pdf", args=[release.pk]) in html


@pytest.mark.django_db
def test_a_negative_legal_time_limit_is_refused(tree, draft, client):
    errors = _form_errors(client, tree, draft, legal_time_limit="-3")
    assert "legal_time_limit" in errors


@pytest.mark.django_db
def test_going_live_and_the_release_succeed_or_fail_together(tree, draft, monkeypatch):
    """A failure while creating the release leaves the page as it was: never live without it."""
    import documents.handlers

    def broken(**kwargs):
        raise RuntimeError("release store down")

    monkeypatch.setattr(documents.handlers, "release_publish", broken)
    document_submit(page=draft, user=tree["officer"])
    draft.refresh_from_db()
    document_sign_current_step(
        page=draft, user=tree["deputy"], password=tree["password"]
    )
    draft.refresh_from_db()
    with pytest.raises(RuntimeError):
        document_sign_current_step(
            page=draft, user=tree["head"], password=tree["password"]
        )
    draft.refresh_from_db()
    assert not draft.live
    assert not DocumentRelease.objects.exists()
    assert not ElectronicSignature.objects.filter(meaning="approval").exists()
    assert draft.current_workflow_task.specific.meaning == "approval"
