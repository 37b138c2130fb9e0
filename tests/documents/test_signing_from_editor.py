"""Signing from the page editor signs exactly the revision in review and saves nothing.

Wagtail's editor performed a workflow action by posting the edit form: it saved a new revision,
signed the old one and restarted the review, so the head was asked again (issue 13). The editor's
items now open the dialog the dashboard uses; an edit-form post carrying an action is refused.
"""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import Revision

from documents.models import DocumentRelease, ElectronicSignature
from documents.services.drafting import document_submit
from tests.documents.conftest import procedure_form_data
from tests.documents.test_concurrent_edit import Editor, _hidden_inputs

XHR = {"x-requested-with": "XMLHttpRequest"}


def _revision_ids(page) -> list[int]:
    return list(
        Revision.page_revisions.filter(object_id=str(page.pk))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _dialog_urls(client, page) -> dict[str, str]:
    """The dialog each workflow item of the editor's action menu opens, by action name."""
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
    text = html.decode()
    assert "data-workflow-action-name" not in text  # nothing posts the edit form to act
    urls = re.findall(r'data-documents-signing-dialog="([^"]+)"', text)
    return {url.rstrip("/").split("/")[-2]: html_lib.unescape(url) for url in urls}


def _sign_in_editor(client, user, page, password):
    client.force_login(user)
    url = _dialog_urls(client, page)["approve"]
    assert (
        "signing-dialog.js"
        in client.get(
            reverse("wagtailadmin_pages:edit", args=[page.pk])
        ).content.decode()
    )
    return client.post(url, {"password": password}, headers=XHR)


@pytest.fixture
def submitted(tree, draft):
    document_submit(page=draft, user=tree["officer"])
    draft.refresh_from_db()
    return draft


@pytest.mark.django_db
def test_the_editor_offers_both_actions_in_the_dialog_of_the_step(
    client, tree, submitted
):
    client.force_login(tree["deputy"])
    state = submitted.current_workflow_task_state
    assert _dialog_urls(client, submitted) == {
        name: reverse(
            "wagtailadmin_pages:workflow_action", args=[submitted.pk, name, state.pk]
        )
        for name in ("approve", "reject")
    }


@pytest.mark.django_db
def test_review_then_approval_from_the_editor_release_the_reviewed_revision(
    client, tree, submitted
):
    reviewed = submitted.current_workflow_task_state.revision_id
    revisions = _revision_ids(submitted)
    for signer in (tree["deputy"], tree["head"]):
        response = _sign_in_editor(client, signer, submitted, tree["password"])
        assert response.json()["step"] == "success"
        submitted.refresh_from_db()
    release = DocumentRelease.objects.get(page=submitted)
    assert release.revision_id == reviewed
    assert _revision_ids(submitted) == revisions  # no revision was saved on the way
    signed = ElectronicSignature.objects.filter(page=submitted)
    assert sorted(signed.values_list("meaning", "revision_id")) == [
        ("approval", reviewed),
        ("review", reviewed),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["approve", "reject"])
def test_an_edit_form_post_with_a_workflow_action_saves_and_signs_nothing(
    client, tree, submitted, action
):
    """What Wagtail's editor used to send (an old tab, a crafted post): refused whole."""
    client.force_login(tree["deputy"])
    url = reverse("wagtailadmin_pages:edit", args=[submitted.pk])
    hidden = _hidden_inputs(client.get(url).content.decode())
    state = submitted.current_workflow_task_state
    revisions = _revision_ids(submitted)
    extra = {"password": tree["password"], "comment": "Sửa mục 2"}
    response = client.post(
        url,
        {
            **procedure_form_data(submitted, "Sửa trong lúc ký", **hidden),
            "action-workflow-action": "true",
            "workflow-action-name": action,
            "workflow-action-extra-data": json.dumps(extra),
        },
        follow=True,
    )
    assert "Không có gì được lưu hoặc ký" in response.content.decode()
    assert _revision_ids(submitted) == revisions
    assert not ElectronicSignature.objects.exists()
    state.refresh_from_db()
    assert state.status == state.STATUS_IN_PROGRESS


@pytest.mark.django_db
def test_a_reviewer_who_edited_cannot_sign_the_version_in_review(
    client, tree, submitted
):
    """GIVEN the reviewer's editor autosaved a change WHEN he signs THEN nothing is signed:
    the step's revision is not what his screen shows. Requesting changes sends it back, and
    the author's resubmission puts his version in review."""
    editor = Editor(client, tree["deputy"], submitted)
    assert editor.autosave("Người soát xét sửa tiêu đề").json()["success"]
    edited = editor.autosave_revision_id
    response = _sign_in_editor(client, tree["deputy"], submitted, tree["password"])
    dialog = response.json()["html"]
    assert "sau khi phiên bản này được gửi duyệt" in dialog
    assert not ElectronicSignature.objects.exists()

    reject = _dialog_urls(client, submitted)["reject"]
    client.post(reject, {"comment": "Tôi đã sửa tiêu đề, gửi duyệt lại"}, headers=XHR)
    submitted.refresh_from_db()
    # The author resubmits ("Gửi duyệt lại"), as Wagtail's editor does for a returned draft.
    submitted.current_workflow_state.resume(user=tree["officer"])
    submitted.refresh_from_db()
    assert submitted.current_workflow_task_state.revision_id == edited
    assert _sign_in_editor(client, tree["deputy"], submitted, tree["password"]).json()[
        "step"
    ] == ("success")


# Every page workflow view Wagtail routes, and what it does to a signing step. A new one
# fails here until someone decides whether it can sign, and how.
WORKFLOW_DOORS = {
    "workflow_action": "signs the step's own revision (the dialog), saves nothing",
    "collect_workflow_action_data": "checks the dialog's input only; the edit post is refused",
    "confirm_workflow_cancellation": "asks before cancelling; signs nothing",
    "workflow_preview": "shows the revision of a step; signs nothing",
    "workflow_history": "lists past workflows; signs nothing",
    "workflow_history_detail": "shows one past workflow; signs nothing",
}


def _page_url_names(patterns, prefix="") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names |= _page_url_names(
                pattern.url_patterns,
                f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix,
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_workflow_door_of_wagtail_is_accounted_for():
    names = _page_url_names(get_resolver().url_patterns)
    found = {
        name.split(":")[-1]
        for name in names
        if "workflow" in name and name.startswith("wagtailadmin_pages:")
    }
    assert found == set(WORKFLOW_DOORS)
