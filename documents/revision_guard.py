"""No lost edits with autosave on: the revision rules every save of a controlled document obeys.

RL-07 and ISO 9001:2015 7.5.3.2 (control of changes): an editor works on top of the revision it
loaded. Wagtail's autosave writes that editor's own revision every few hundred milliseconds, so:

* an officer's own revisions, autosaved or saved, are never a conflict for her;
* a revision written by *someone else* after the one the editor loaded is a conflict for every
  save from that editor, explicit or autosave; the explicit save shows who and when and keeps the
  input; only a second *explicit* save, after the officer has seen that conflict, may go on top;
* a revision in a workflow, signed or released is frozen: nothing rewrites it in place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models.signals import pre_save
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Revision, TaskState

from qms.lib.history import printed_name

# Hidden input of ControlledDocumentForm, read here for autosave requests (before the form).
BASE_AT_FIELD = "base_revision_at"
# Rendered by Wagtail's editor for the revision it loaded; a fallback when ours is absent (an
# editor hydrated from the create view).
WAGTAIL_LOADED_AT_FIELD = "loaded_revision_created_at"

# Writing these rewrites what a revision says; approved_go_live_at alone is scheduling.
_CONTENT_FIELDS = frozenset({"content", "created_at", "object_str"})


def parse_timestamp(value: Any) -> dt.datetime | None:
    """An ISO timestamp posted back by the editor, or None when missing or malformed."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def editing_since(data: Mapping[str, Any]) -> dt.datetime | None:
    """When the revision this editor started from was written, from its posted hidden inputs."""
    return parse_timestamp(data.get(BASE_AT_FIELD)) or parse_timestamp(
        data.get(WAGTAIL_LOADED_AT_FIELD)
    )


def revision_by_someone_else(
    *, page_id: int, user: Any, since: dt.datetime
) -> Revision | None:
    """The newest revision of the page that someone other than ``user`` wrote after ``since``.

    Autosave overwrites a revision in place with a new ``created_at``, so "after" covers both a
    new revision and one rewritten since the editor loaded it. The officer's own revisions (her
    autosaves) never count. A revision without a user counts: no one vouches for it.
    """
    revisions = Revision.page_revisions.filter(
        object_id=str(page_id), created_at__gt=since
    )
    if user is not None and user.pk is not None:
        revisions = revisions.exclude(user_id=user.pk)
    return revisions.select_related("user").order_by("-created_at", "-pk").first()


def author_and_time(revision: Revision) -> dict[str, str]:
    """The "changed by A at hh:mm" parts of a conflict message (RL-07)."""
    user = revision.user
    author = printed_name(user) if user else "?"
    when = date_format(timezone.localtime(revision.created_at), "SHORT_DATETIME_FORMAT")
    return {"author": author, "time": when}


def conflict_message(newer: Revision) -> str:
    """RL-07's refusal of an explicit save: who changed the document, and when."""
    return _(
        "%(author)s changed this document at %(time)s while you were editing. Your input is "
        "kept below: compare it with the latest version (History), then save again."
    ) % author_and_time(newer)


def compare_url(*, page_id: int, base_revision_id: Any, newer: Revision) -> str:
    """The diff between the revision the editor loaded and someone else's newer one."""
    base = base_revision_id or "earliest"
    return reverse(
        "wagtailadmin_pages:revisions_compare", args=(page_id, base, newer.pk)
    )


def refuse_stale_autosave(request: HttpRequest, page: Any) -> JsonResponse | None:
    """``before_edit_page`` hook: an autosave from a stale editor is refused, never applied.

    The form lets a deliberate second explicit save go through after a conflict; autosave must
    never do that by itself, so it is judged here, before the form, against the revision the
    editor loaded only. Wagtail's own ``is_out_of_date`` is not enough: after a refused explicit
    save the editor is re-rendered with the newest revision as its loaded one.
    """
    from documents.models import ControlledDocumentPage

    if request.method != "POST" or request.accepts("text/html"):
        return None
    if not isinstance(page, ControlledDocumentPage):
        return None
    since = editing_since(request.POST)
    if since is None:
        return None
    newer = revision_by_someone_else(page_id=page.pk, user=request.user, since=since)
    if newer is None:
        return None
    message = _(
        "Autosave is paused: %(author)s saved a newer version at %(time)s. Your input is kept "
        "in this editor; press Save draft to compare and decide."
    ) % author_and_time(newer)
    # The shape and code of Wagtail's own refusal: the editor stops autosaving and shows it.
    return JsonResponse(
        {"success": False, "error_code": "invalid_revision", "error_message": message},
        status=400,
    )


def revision_is_frozen(revision_id: int) -> bool:
    """A revision under review, signed or released: what was signed is what is published."""
    from documents.models import DocumentRelease, ElectronicSignature

    return (
        TaskState.objects.filter(revision_id=revision_id).exists()
        or ElectronicSignature.objects.filter(revision_id=revision_id).exists()
        or DocumentRelease.objects.filter(revision_id=revision_id).exists()
    )


def protect_frozen_revision(sender: Any, instance: Revision, **kwargs: Any) -> None:
    """``pre_save`` on Revision: never rewrite a frozen revision in place (autosave overwrites).

    PermissionDenied is what Wagtail's save action already turns into an ``invalid_revision``
    answer for autosave and an error message for an explicit save, inside its transaction.
    """
    if kwargs.get("raw") or instance.pk is None or instance._state.adding:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not _CONTENT_FIELDS & set(update_fields):
        return
    if revision_is_frozen(instance.pk):
        raise PermissionDenied(
            _(
                "This version is in review, signed or released, so it cannot be changed. Your "
                "input is kept: press Save draft to keep it as a new version."
            )
        )


def connect() -> None:
    """Wire the guard: called once from DocumentsConfig.ready()."""
    pre_save.connect(
        protect_frozen_revision,
        sender=Revision,
        dispatch_uid="documents_frozen_revision",
    )
    hooks.register("before_edit_page", refuse_stale_autosave)
