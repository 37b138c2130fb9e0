"""Checklist templates: revisions are copies, and TTHC procedures generate their own."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from audits.models import ChecklistTemplate, ChecklistTemplateItem, Clause
from qms.exceptions import TransitionError
from qms.lib.changes import history_user, record_change

from .common import is_agency_manager, lock, no_permission, require


def _check_can_write(template: ChecklistTemplate, user: Any) -> None:
    if user is None:
        return  # seed and migrations
    if template.agency_id is None:
        if not user.is_superuser:
            raise ValidationError(
                {
                    "agency": _(
                        "Only an administrator can change a shared template. Choose your agency."
                    )
                }
            )
    else:
        require(is_agency_manager(user, template.agency_id), no_permission())


@transaction.atomic
def checklist_template_save(
    *, template: ChecklistTemplate, user: Any, reason: str = ""
) -> ChecklistTemplate:
    """Create a template, or edit one that no audit has used yet."""
    _check_can_write(template, user)
    if template.pk:
        current = lock(template)
        if not current.is_current or current.audits.exists():
            raise TransitionError(
                _(
                    "This version has been used by an audit and is kept as it was. Create a new version instead."
                )
            )
        template.version, template.is_current = current.version, current.is_current
    return record_change(template, user=user, reason=reason)


@transaction.atomic
def checklist_template_new_version(
    *, template: ChecklistTemplate, user: Any
) -> ChecklistTemplate:
    """Copy the current version with its items into version n+1; the old one stays as it was."""
    template = lock(template)
    _check_can_write(template, user)
    if not template.is_current:
        raise TransitionError(_("Only the current version can be revised."))
    template.is_current = False
    record_change(
        template,
        user=user,
        reason=_("Superseded by a new version"),
        update_fields=["is_current"],
    )
    items = list(template.items.all())
    new = ChecklistTemplate(
        code=template.code,
        version=template.version + 1,
        name=template.name,
        description=template.description,
        agency_id=template.agency_id,
    )
    record_change(new, user=user, reason=_("New version"))
    bulk_create_with_history(
        [
            ChecklistTemplateItem(
                template=new,
                sort_order=i.sort_order,
                question=i.question,
                clause_id=i.clause_id,
                procedure_id=i.procedure_id,
                guidance=i.guidance,
            )
            for i in items
        ],
        ChecklistTemplateItem,
        default_user=history_user(user),
        default_change_reason=_("New version"),
    )
    return new


def _steps(procedure: Any) -> list[dict[str, Any]]:
    return [
        row
        for block in procedure.body or []
        if block.block_type == "steps"
        for row in block.value["steps"]
    ]


@transaction.atomic
def checklist_template_from_procedure(
    *, procedure: Any, user: Any = None
) -> ChecklistTemplate:
    """One question per step of a TTHC procedure: right position, within time, right form."""
    clause = Clause.objects.get(number="8.5.1")
    code = f"TTHC-{procedure.code}"
    previous = ChecklistTemplate.objects.filter(code=code, is_current=True).first()
    template = ChecklistTemplate(
        code=code,
        version=previous.version + 1 if previous else 1,
        name=_("Steps of procedure %(code)s %(title)s")
        % {"code": procedure.code, "title": procedure.title},
        agency_id=procedure.agency_id,
    )
    _check_can_write(template, user)
    if previous is not None:
        previous.is_current = False
        record_change(
            previous,
            user=user,
            reason=_("Regenerated from the procedure"),
            update_fields=["is_current"],
        )
    record_change(template, user=user, reason=_("Generated from the procedure's steps"))
    items = []
    for order, step in enumerate(_steps(procedure), start=1):
        limit = step.get("time_limit")
        question = _(
            "Step %(step)s – %(description)s: was it done by %(responsible)s%(limit)s%(forms)s?"
        ) % {
            "step": step.get("step", order),
            "description": step.get("description", ""),
            "responsible": step.get("responsible", ""),
            "limit": (
                _(", within %(limit)s %(unit)s")
                % {"limit": limit, "unit": step.get("time_unit", "")}
            )
            if limit
            else "",
            "forms": (_(", using form %(forms)s") % {"forms": step["forms"]})
            if step.get("forms")
            else "",
        }
        items.append(
            ChecklistTemplateItem(
                template=template,
                sort_order=order,
                question=question,
                clause=clause,
                procedure_id=procedure.pk,
                guidance=_(
                    "Sample dossiers from the tracking log and check the processing control slip."
                ),
            )
        )
    bulk_create_with_history(
        items,
        ChecklistTemplateItem,
        default_user=history_user(user),
        default_change_reason=_("Generated from the procedure's steps"),
    )
    return template
