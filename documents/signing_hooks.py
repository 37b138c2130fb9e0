"""Signing from the page editor (issue 13): the dashboard's dialog, never the edit form.

Wagtail's editor performs a workflow action by posting the whole edit form: it saves the form
as a new revision, then acts on the step. For a signing step that is wrong twice over: the
signature covers the revision in review, not the one just saved, and the new revision restarts
the review (WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT), so the head is asked again. Here the
editor's sign and request-changes items open the workflow action dialog the dashboard uses,
which acts on the step's own revision and saves nothing; an edit-form post that still carries a
workflow action on a signing step (an old tab, a crafted request) is refused, saving nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import Media
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem, WorkflowMenuItem

from documents.models import SigningTask


class SigningDialogMenuItem(ActionMenuItem):
    """A workflow action of a signing step, opened in the dialog that acts on the step itself."""

    template_name = "documents/admin/signing_menu_item.html"

    def __init__(self, item: WorkflowMenuItem) -> None:
        super().__init__(order=item.order)
        self.name = item.name
        self.label = item.label
        self.icon_name = item.icon_name

    def get_context_data(self, parent_context: dict[str, Any]) -> dict[str, Any]:
        context = super().get_context_data(parent_context)
        page = context["page"]
        state = page.current_workflow_task_state
        context["dialog_url"] = reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, self.name, state.pk]
        )
        return context

    @property
    def media(self) -> Media:
        return Media(js=["documents/js/signing-dialog.js"])


def _signing_step(page: Any) -> bool:
    task = getattr(page, "current_workflow_task", None) if page else None
    return task is not None and isinstance(task.specific, SigningTask)


@hooks.register("construct_page_action_menu")
def sign_in_the_dialog(menu_items: list[Any], request: Any, context: Any) -> None:
    """The editor's workflow items of a signing step open the dialog instead of posting."""
    if not _signing_step(context.get("page")):
        return
    menu_items[:] = [
        SigningDialogMenuItem(item) if isinstance(item, WorkflowMenuItem) else item
        for item in menu_items
    ]


@hooks.register("before_edit_page")
def refuse_signing_through_the_edit_form(request: Any, page: Any) -> Any:
    """The edit form never signs: it would save a revision first (nothing is saved here)."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    if not _signing_step(page):
        return None
    messages.error(
        request,
        _(
            "Nothing was saved or signed: sign with the button in the Actions menu, which "
            "opens the signing dialog for the version in review."
        ),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
