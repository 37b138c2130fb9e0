"""A document's state in its own words, from releases and the workflow (issue 13 part 3)."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import Page

from documents.models import DOCUMENT_PAGE_MODELS
from documents.services.drafting import (
    document_draft,
    document_sign_current_step,
    document_submit,
)
from documents.services.lifecycle import document_withdraw
from documents.services.signing import task_reject
from documents.states import (
    DocumentState,
    PendingDraft,
    document_state,
    with_document_state,
)
from tests.documents.conftest import approve, birth_procedure


def _state(page):
    return document_state(Page.objects.get(pk=page.pk))


def _new_draft(page, people, summary="Sửa bước 2."):
    revision = page.get_latest_revision_as_object()
    revision.amendment_summary = summary
    revision.save_revision(user=people["officer"])


@pytest.mark.django_db
def test_a_new_document_is_a_draft(tree, draft):
    assert _state(draft) == (DocumentState.DRAFT, None)


@pytest.mark.django_db
def test_submitted_it_awaits_review_then_approval(tree, draft):
    document_submit(page=draft, user=tree["officer"])
    assert _state(draft) == (DocumentState.IN_REVIEW, None)
    draft.refresh_from_db()
    document_sign_current_step(
        page=draft, user=tree["deputy"], password=tree["password"]
    )
    assert _state(draft) == (DocumentState.IN_APPROVAL, None)


@pytest.mark.django_db
def test_approved_it_is_in_force(tree, draft):
    approve(draft, tree)
    assert _state(draft) == (DocumentState.IN_FORCE, None)


@pytest.mark.django_db
def test_approved_with_a_future_go_live_it_awaits_effect(tree, draft):
    """QT-HT-04 in the demo: signed, published on its date by Wagtail's scheduler."""
    draft.go_live_at = timezone.now() + dt.timedelta(days=20)
    draft.save_revision(user=tree["officer"])
    approve(draft, tree)
    assert not Page.objects.get(pk=draft.pk).live
    assert _state(draft) == (DocumentState.SCHEDULED, None)


@pytest.mark.django_db
def test_withdrawn_it_says_so_although_wagtail_calls_it_a_draft(tree, draft):
    """QT-HT-03 in the demo: the explorer showed "DỰ THẢO" for a withdrawn procedure."""
    approve(draft, tree)
    document_withdraw(
        page=draft,
        user=tree["head"],
        reason="Bãi bỏ thủ tục.",
        password=tree["password"],
    )
    assert _state(draft) == (DocumentState.WITHDRAWN, None)


@pytest.mark.django_db
def test_in_force_with_a_draft_in_review_shows_both_facts(tree, draft):
    approve(draft, tree)
    _new_draft(draft, tree)
    assert _state(draft) == (DocumentState.IN_FORCE, PendingDraft.DRAFT)
    document_submit(page=draft, user=tree["officer"])
    assert _state(draft) == (DocumentState.IN_FORCE, PendingDraft.IN_REVIEW)
    draft.refresh_from_db()
    document_sign_current_step(
        page=draft, user=tree["deputy"], password=tree["password"]
    )
    assert _state(draft) == (DocumentState.IN_FORCE, PendingDraft.IN_APPROVAL)


@pytest.mark.django_db
def test_a_draft_returned_for_changes_says_so(tree, draft):
    document_submit(page=draft, user=tree["officer"])
    draft.refresh_from_db()
    task_reject(
        task_state=draft.current_workflow_task_state,
        user=tree["deputy"],
        comment="Bổ sung căn cứ pháp lý.",
    )
    assert _state(draft) == (DocumentState.DRAFT, PendingDraft.RETURNED)


@pytest.mark.django_db
def test_in_force_with_a_newer_release_scheduled(tree, draft):
    approve(draft, tree)
    revision = draft.get_latest_revision_as_object()
    revision.amendment_summary = "Áp dụng từ tháng sau."
    revision.go_live_at = timezone.now() + dt.timedelta(days=10)
    revision.save_revision(user=tree["officer"])
    approve(draft, tree)
    assert _state(draft) == (DocumentState.IN_FORCE, PendingDraft.SCHEDULED)


def _documents(tree, count):
    for number in range(count):
        page = document_draft(
            parent=tree["index"],
            page=birth_procedure(
                title=f"Quy trình số {number}",
                slug=f"qt-so-{number}",
                code=f"QT-SO-{number:02d}",
            ),
            user=tree["officer"],
        )
        if number % 2:
            document_submit(page=page, user=tree["officer"])


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 20])
def test_a_page_of_states_costs_one_query_whatever_its_length(
    tree, count, django_assert_num_queries
):
    _documents(tree, count)
    queryset = with_document_state(Page.objects.type(*DOCUMENT_PAGE_MODELS))
    with django_assert_num_queries(1):
        states = [p.document_state for p in queryset]
    assert len(states) == count
    assert states.count(DocumentState.IN_REVIEW) == count // 2
