"""Withdrawal with a reason and periodic review, both signed with the password."""

import pytest
from django.urls import reverse

from documents.models import DocumentRelease, DocumentReview, ProcedurePage
from tests.documents.conftest import approve


@pytest.mark.django_db
def test_head_withdraws_with_reason_and_password(client, tree, draft):
    page = approve(draft, tree)
    url = reverse("documents_withdraw", args=[page.pk])
    client.force_login(tree["head"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Thủ tục bị bãi bỏ.", "password": "sai"})
    assert "Mật khẩu không đúng" in response.content.decode()
    assert DocumentRelease.objects.get(page=page).is_current
    response = client.post(
        url, {"reason": "Thủ tục bị bãi bỏ.", "password": tree["password"]}
    )
    assert response.status_code == 302
    release = DocumentRelease.objects.get(page=page)
    assert (release.withdrawal_reason, release.withdrawn_by) == (
        "Thủ tục bị bãi bỏ.",
        tree["head"],
    )
    page.refresh_from_db()
    assert not page.live
    assert (
        client.get(reverse("documents:verify", args=[release.verify_token]))
        .content.decode()
        .count("Đã thu hồi")
    )


@pytest.mark.django_db
def test_quality_officer_cannot_withdraw(client, tree, draft):
    page = approve(draft, tree)
    client.force_login(tree["officer"])
    response = client.post(
        reverse("documents_withdraw", args=[page.pk]),
        {"reason": "x", "password": tree["password"]},
    )
    assert response.status_code in (
        302,
        403,
    )  # Wagtail turns PermissionDenied into a redirect
    assert DocumentRelease.objects.get(page=page).is_current


@pytest.mark.django_db
def test_periodic_review_no_change_moves_the_next_review_date(client, tree, draft):
    page = approve(draft, tree)
    ProcedurePage.objects.filter(pk=page.pk).update(next_review_date="2026-01-01")
    client.force_login(tree["officer"])
    response = client.post(
        reverse("documents_review", args=[page.pk]),
        {"outcome": "no_change", "note": "Vẫn phù hợp.", "password": tree["password"]},
    )
    assert response.status_code == 302
    review = DocumentReview.objects.get()
    assert review.release.is_current and review.printed_name
    assert (
        ProcedurePage.objects.get(pk=page.pk).next_review_date
        == review.next_review_date
    )
    assert review.next_review_date.year >= 2027


@pytest.mark.django_db
def test_periodic_review_needs_change_starts_a_draft(client, tree, draft):
    page = approve(draft, tree)
    revisions_before = page.revisions.count()
    client.force_login(tree["officer"])
    client.post(
        reverse("documents_review", args=[page.pk]),
        {
            "outcome": "needs_change",
            "note": "Cập nhật NĐ 118.",
            "password": tree["password"],
        },
    )
    page.refresh_from_db()
    assert page.revisions.count() == revisions_before + 1
    assert page.has_unpublished_changes
    assert DocumentReview.objects.get().outcome == "needs_change"
