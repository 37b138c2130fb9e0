"""Every door to "live" obeys the signed workflow (issue 9 part 1), as head, officer and superuser.

GIVEN a controlled document in force (release 01) with a newer unsigned draft, WHEN any of
Wagtail's doors tries to publish or unpublish it, THEN what is live does not change: the live
revision, the release in force and the page's live flag are what they were.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from documents.models import DocumentRelease, ProcedurePage
from documents.publishing import UnsignedPublishError
from tests.documents.conftest import approve, procedure_form_data

ROLES = ["head", "officer", "superuser"]


@pytest.fixture
def live_doc(tree, draft):
    """Release 01 in force, then an unsigned draft revision on top of it."""
    page = approve(draft, tree)
    newer = page.get_latest_revision_as_object()
    newer.title = "Bản dự thảo CHƯA KÝ"
    newer.amendment_summary = "Thay đổi chưa được ký."
    newer.save_revision(user=tree["officer"])
    page.refresh_from_db()
    return page


@pytest.fixture
def as_role(client, tree, django_user_model):
    def login(role: str):
        if role == "superuser":
            user = django_user_model.objects.create_superuser("quan-tri", "a@x.vn", "x")
        else:
            user = tree[role]
        client.force_login(user)
        return client

    return login


def _snapshot(page):
    page = Page.objects.get(pk=page.pk)
    current = DocumentRelease.objects.filter(
        page_id=page.pk, superseded_at__isnull=True, withdrawn_at__isnull=True
    ).values_list("pk", flat=True)
    return (page.live, page.live_revision_id, list(current), page.title)


def _edit_form(page, title, **extra):
    fields = {"amendment_summary": "Sửa đổi qua nút Xuất bản.", **extra}
    return procedure_form_data(page, title, **fields)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_editor_has_no_publish_or_unpublish_button(live_doc, as_role, role):
    client = as_role(role)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[live_doc.pk])).content
    assert b'name="action-publish"' not in html
    assert b"action-unpublish" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_editor_publish_is_refused_and_keeps_the_draft(live_doc, as_role, role):
    before = _snapshot(live_doc)
    client = as_role(role)
    url = reverse("wagtailadmin_pages:edit", args=[live_doc.pk])
    response = client.post(
        url, _edit_form(live_doc, "Xuất bản thẳng", **{"action-publish": "1"})
    )
    assert response.status_code == 302
    assert response["Location"] == url
    assert _snapshot(live_doc) == before
    page = ProcedurePage.objects.get(pk=live_doc.pk)
    # Nothing typed is lost: the refused publish kept the input as a draft revision.
    assert page.get_latest_revision().content["title"] == "Xuất bản thẳng"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_create_and_publish_is_refused(tree, as_role, role):
    client = as_role(role)
    url = reverse(
        "wagtailadmin_pages:add",
        args=["documents", "procedurepage", tree["index"].pk],
    )
    form = _edit_form(
        ProcedurePage(slug="qt-moi", code="QT-MOI", kind="system"),
        "Quy trình mới",
        **{"action-publish": "1", "amendment_summary": ""},
    )
    response = client.post(url, form)
    assert response.status_code == 302
    page = ProcedurePage.objects.get(code="QT-MOI")
    assert not page.live
    assert not DocumentRelease.objects.filter(page_id=page.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_unpublish_view_is_refused(live_doc, as_role, role):
    before = _snapshot(live_doc)
    client = as_role(role)
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[live_doc.pk]))
    assert response.status_code in (302, 403)
    assert _snapshot(live_doc) == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["publish", "unpublish"])
def test_bulk_publish_and_unpublish_are_refused(live_doc, tree, as_role, role, action):
    before = _snapshot(live_doc)
    client = as_role(role)
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
        + f"?id={live_doc.pk}&next=/admin/"
    )
    response = client.post(url, {"include_descendants": "on"})
    assert response.status_code in (200, 302, 403)
    assert _snapshot(live_doc) == before
    # Nor through the parent index with its descendants.
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
        + f"?id={tree['index'].pk}&next=/admin/"
    )
    client.post(url, {"include_descendants": "on"})
    assert _snapshot(live_doc) == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_revert_and_publish_is_refused(live_doc, as_role, role):
    before = _snapshot(live_doc)
    client = as_role(role)
    old = live_doc.get_latest_revision()
    url = reverse("wagtailadmin_pages:revisions_revert", args=[live_doc.pk, old.pk])
    client.post(url, _edit_form(live_doc, "Khôi phục", **{"action-publish": "1"}))
    assert _snapshot(live_doc) == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_copy_with_publish_is_refused(live_doc, tree, as_role, role):
    client = as_role(role)
    client.post(
        reverse("wagtailadmin_pages:copy", args=[live_doc.pk]),
        {
            "new_title": "Bản sao",
            "new_slug": "ban-sao",
            "new_parent_page": tree["index"].pk,
            "publish_copies": "on",
        },
    )
    assert not ProcedurePage.objects.filter(slug="ban-sao", live=True).exists()


@pytest.mark.django_db
def test_scheduled_go_live_of_an_unsigned_revision_is_refused(live_doc):
    """An unsigned revision given a go-live date by any means never goes live."""
    before = _snapshot(live_doc)
    unsigned = live_doc.get_latest_revision()
    go_live = timezone.now() - dt.timedelta(minutes=1)
    type(unsigned).objects.filter(pk=unsigned.pk).update(approved_go_live_at=go_live)
    with pytest.raises(UnsignedPublishError):
        call_command("publish_scheduled")
    assert _snapshot(live_doc) == before


@pytest.mark.django_db
def test_model_level_doors_are_closed(live_doc, tree):
    """Revision.publish() and page.unpublish() from code or a shell are refused too."""
    before = _snapshot(live_doc)
    with pytest.raises(PermissionDenied):
        live_doc.get_latest_revision().publish(user=tree["head"])
    with pytest.raises(PermissionDenied):
        ProcedurePage.objects.get(pk=live_doc.pk).unpublish(user=tree["head"])
    assert _snapshot(live_doc) == before


@pytest.mark.django_db
def test_an_unsigned_workflow_cannot_publish(live_doc, tree):
    """A superuser's own approval workflow without signatures finishes without publishing."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    before = _snapshot(live_doc)
    workflow = Workflow.objects.create(name="Duyệt nhanh")
    task = GroupApprovalTask.objects.create(name="Duyệt")
    task.groups.set(Group.objects.all())
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.filter(page=tree["index"]).update(workflow=workflow)
    page = ProcedurePage.objects.get(pk=live_doc.pk)
    workflow.start(page, tree["officer"])
    page.refresh_from_db()
    state = page.current_workflow_task_state.specific
    with pytest.raises(PermissionDenied):
        state.task.specific.on_action(state, tree["head"], "approve")
    assert _snapshot(live_doc) == before


@pytest.mark.django_db
def test_admin_api_is_read_only(live_doc, as_role):
    client = as_role("superuser")
    url = f"/admin/api/main/pages/{live_doc.pk}/"
    assert client.get(url).status_code == 200
    for method in (client.post, client.put, client.patch, client.delete):
        assert method(url, {"live": False}).status_code == 405
    assert _snapshot(live_doc)[0] is True


@pytest.mark.django_db
def test_withdrawal_service_is_the_only_way_out(live_doc, tree):
    from documents.services.lifecycle import document_withdraw

    release = document_withdraw(
        page=live_doc, user=tree["head"], reason="Thay thế.", password=tree["password"]
    )
    assert not Page.objects.get(pk=live_doc.pk).live
    assert (release.withdrawn_by, release.withdrawal_reason) == (
        tree["head"],
        "Thay thế.",
    )


@pytest.mark.django_db
def test_the_signed_workflow_still_publishes(live_doc, tree):
    page = approve(live_doc, tree)
    release = DocumentRelease.objects.get(
        page=page, withdrawn_at__isnull=True, superseded_at__isnull=True
    )
    assert (page.live, release.number, release.title) == (
        True,
        2,
        "Bản dự thảo CHƯA KÝ",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["head", "superuser"])
def test_deleting_a_released_document_is_refused(live_doc, tree, as_role, role):
    before = _snapshot(live_doc)
    client = as_role(role)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[live_doc.pk]))
    assert response.status_code == 302
    assert _snapshot(live_doc) == before
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        + f"?id={live_doc.pk}&next=/admin/"
    )
    client.post(url)
    assert _snapshot(live_doc) == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_create_view_has_no_publish_button(tree, as_role, role):
    client = as_role(role)
    url = reverse(
        "wagtailadmin_pages:add",
        args=["documents", "procedurepage", tree["index"].pk],
    )
    html = client.get(url).content
    assert (
        b"action-save-draft" in html
        or b"L\xc6\xb0u d\xe1\xbb\xb1 th\xe1\xba\xa3o" in html
    )
    assert b'name="action-publish"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize("screen", ["documents_withdraw", "documents_review"])
def test_decision_screens_name_nothing_outside_the_users_documents(
    live_doc, tree, as_role, screen
):
    """A non-document id was a 500; another agency's document showed its code and title."""
    client = as_role("head")
    assert client.get(reverse(screen, args=[tree["index"].pk])).status_code == 404
    client.force_login(tree["outsider"])
    response = client.get(reverse(screen, args=[live_doc.pk]))
    assert response.status_code == 404
    assert live_doc.code not in response.content.decode()
    client.force_login(tree["head"])
    assert client.get(reverse(screen, args=[live_doc.pk])).status_code == 200
