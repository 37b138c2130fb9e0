"""Audit workspace and nonconformity transition screens (admin; every write is a service)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Model, Prefetch
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
)
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audits import pdf
from audits.forms import (
    ActionDoneForm,
    ActionForm,
    AnalyseForm,
    ConclusionForm,
    ItemResultForm,
    ReasonForm,
    SignForm,
    VerifyForm,
    audited_agency_risks,
)
from audits.models import (
    Audit,
    AuditAttachment,
    AuditItem,
    AuditProgramme,
    ChecklistTemplate,
    CorrectiveAction,
    Nonconformity,
)
from audits.policies import (
    ACTION_POLICY,
    AUDIT_POLICY,
    NC_POLICY,
    PROGRAMME_POLICY,
    TEMPLATE_POLICY,
)
from audits.services import attachments, audits, checklists, nonconformities, reports
from audits.services.common import is_agency_manager
from qms.lib.admin import run_service
from qms.models import ReceivingUnit


def _get(policy: Any, model: type[Model], pk: int, user: Any) -> Any:
    """The object if the user may see it; out of scope is 404, as in every scoped view."""
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        raise Http404
    if not policy.user_has_permission_for_instance(user, "view", obj):
        # AC-03: an attempt on another agency's record is a security event, not just a 404.
        security_log.warning(
            "Out-of-scope access to %s %s by %s",
            model._meta.label,
            pk,
            getattr(user, "username", "?"),
        )
        raise Http404
    return obj


security_log = logging.getLogger("audits.security")


# --- audits -----------------------------------------------------------------------------


def audit_workspace(request: HttpRequest, pk: int) -> HttpResponse:
    """The audit on one page: status, actions, and the checklist to fill in on a tablet."""
    audit = _get(AUDIT_POLICY, Audit, pk, request.user)
    audit = (
        Audit.objects.select_related(
            "agency", "unit", "lead_auditor__staff_profile", "template", "programme"
        )
        .prefetch_related("team__staff_profile", "signatures")
        .get(pk=audit.pk)
    )
    items: list[Any] = list(
        audit.items.select_related(
            "clause", "procedure", "nonconformity"
        ).prefetch_related(
            Prefetch("attachments", queryset=AuditAttachment.objects.order_by("pk"))
        )
    )
    user = request.user
    on_team = audit.lead_auditor_id == user.pk or any(
        m.pk == user.pk for m in audit.team.all()
    )
    risks = list(audited_agency_risks(audit.agency_id)) if on_team else []
    for item in items:
        item.form = ItemResultForm(
            initial={
                "result": item.result,
                "evidence": item.evidence,
                "sampled_dossiers": item.sampled_dossiers,
                "risk": item.risk_id,
            },
            prefix=f"item{item.pk}",
        )
        # The same choices for every question: read once, not once per item.
        item.form.fields["risk"].choices = [("", "---------")] + [
            (r.pk, str(r)) for r in risks
        ]
        item.nc = getattr(item, "nonconformity", None)
        item.statement = nonconformities.draft_statement(item)
    unit_head = (
        ReceivingUnit.objects.filter(pk=audit.unit_id)
        .values_list("head__user_id", flat=True)
        .first()
        if audit.unit_id
        else None
    )
    return TemplateResponse(
        request,
        "audits/admin/audit_workspace.html",
        {
            "audit": audit,
            "owners": list(_auditee_staff(audit)) if on_team else [],
            "default_owner": unit_head,
            "items": items,
            "on_team": on_team,
            "can_record": on_team and audit.status == Audit.Status.IN_PROGRESS,
            "is_lead": audit.lead_auditor_id == user.pk,
            "conclusion_form": ConclusionForm(initial={"conclusion": audit.conclusion}),
            "sign_form": SignForm(),
            "Status": Audit.Status,
            "done": sum(1 for i in items if i.result),
            "unrecorded": sum(1 for i in items if not i.result),
        },
    )


def _back(audit_id: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("audits_workspace", args=[audit_id]) + anchor)


@require_POST
def audit_start(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _get(AUDIT_POLICY, Audit, pk, request.user)
    if run_service(request, lambda: audits.audit_start(audit=audit, user=request.user)):
        messages.success(request, _("The audit has started; the checklist is ready."))
    return _back(pk)


@require_POST
def item_record(request: HttpRequest, pk: int) -> HttpResponse:
    audit_id = (
        AuditItem.objects.values_list("audit_id", flat=True).filter(pk=pk).first()
    )
    _get(AUDIT_POLICY, Audit, audit_id or 0, request.user)
    item = AuditItem.objects.select_related("audit").get(pk=pk)
    form = ItemResultForm(
        request.POST,
        request.FILES,
        prefix=f"item{pk}",
        risks=audited_agency_risks(item.audit.agency_id),
    )
    if not form.is_valid():
        messages.error(request, _("Choose a result for the question."))
        return _back(item.audit_id, f"#item-{pk}")
    data = form.cleaned_data

    def act() -> None:
        audits.audit_item_record(
            item=item,
            user=request.user,
            result=data["result"],
            evidence=data["evidence"],
            sampled_dossiers=data["sampled_dossiers"],
            risk=data.get("risk"),
        )
        if data.get("attachment"):
            attachments.audit_item_attach(
                item=item, user=request.user, upload=data["attachment"]
            )

    if run_service(request, act):
        messages.success(request, _("Result saved."))
    return _back(item.audit_id, f"#item-{pk}")


@require_POST
def item_raise(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Tạo phiếu SKPH" from a finding in one step, naming the person responsible."""
    audit_id = (
        AuditItem.objects.values_list("audit_id", flat=True).filter(pk=pk).first() or 0
    )
    _get(AUDIT_POLICY, Audit, audit_id, request.user)
    item = AuditItem.objects.select_related("audit", "clause").get(pk=pk)
    owner = _auditee_staff(item.audit).filter(pk=request.POST.get("owner") or 0).first()
    created: list[Nonconformity] = []
    if run_service(
        request,
        lambda: created.append(
            nonconformities.nonconformity_raise_from_item(
                item=item,
                user=request.user,
                owner=owner,
                statement=request.POST.get("statement", ""),
            )
        ),
    ):
        messages.success(
            request, _("Nonconformity %(code)s created.") % {"code": created[0].code}
        )
        return redirect("audits_nc_workflow", created[0].pk)
    return _back(audit_id, f"#item-{pk}")


def _auditee_staff(audit: Audit) -> Any:
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            staff_profile__agency_id=audit.agency_id,
            staff_profile__is_active=True,
        )
        .select_related("staff_profile")
        .order_by("staff_profile__full_name")
    )


@require_POST
def audit_finish(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _get(AUDIT_POLICY, Audit, pk, request.user)
    form = ConclusionForm(request.POST)
    if form.is_valid() and run_service(
        request,
        lambda: audits.audit_finish_fieldwork(
            audit=audit, user=request.user, conclusion=form.cleaned_data["conclusion"]
        ),
    ):
        messages.success(
            request, _("Fieldwork finished; the report can now be signed.")
        )
    return _back(pk)


@require_POST
def audit_sign(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _get(AUDIT_POLICY, Audit, pk, request.user)
    form = SignForm(request.POST)
    if form.is_valid() and run_service(
        request,
        lambda: reports.audit_report_sign(
            audit=audit,
            user=request.user,
            password=form.cleaned_data["password"],
            meaning=form.cleaned_data["meaning"],
        ),
    ):
        messages.success(request, _("The report has been signed."))
    return _back(pk)


@require_POST
def audit_close(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _get(AUDIT_POLICY, Audit, pk, request.user)
    if run_service(
        request, lambda: reports.audit_close(audit=audit, user=request.user)
    ):
        messages.success(request, _("The audit is closed and its report stored."))
    return _back(pk)


def audit_report_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    audit = _get(AUDIT_POLICY, Audit, pk, request.user)
    if not audit.report_pdf:
        raise Http404
    return FileResponse(
        audit.report_pdf.open("rb"),
        content_type="application/pdf",
        filename=f"bao-cao-{audit.code}.pdf",
    )


def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An evidence file, served privately to whoever may see its audit (and its SKPH)."""
    attachment = AuditAttachment.objects.select_related("item").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    nc = Nonconformity.objects.filter(audit_item_id=attachment.item_id).first()
    if nc is None or not NC_POLICY.user_has_permission_for_instance(
        request.user, "view", nc
    ):
        # Not through the SKPH: the audit itself must be in the user's scope.
        _get(AUDIT_POLICY, Audit, attachment.item.audit_id, request.user)
    return FileResponse(attachment.file.open("rb"), filename=attachment.name)


def _checklist_rows(items: Any) -> list[pdf.ChecklistRow]:
    return [
        pdf.ChecklistRow(n, i.clause.number, i.question, i.guidance)
        for n, i in enumerate(items, start=1)
    ]


def template_checklist_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Blank checklist of a template, to print and fill in on paper."""
    template = _get(TEMPLATE_POLICY, ChecklistTemplate, pk, request.user)
    content = pdf.render_blank_checklist(
        agency=str(template.agency or "Một Cửa QMS"),
        title=template.name,
        code=f"{template.code} v{template.version}",
        rows=_checklist_rows(template.items.select_related("clause")),
        today=timezone.localdate(),
    )
    return HttpResponse(
        content,
        content_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="phieu-{template.code}.pdf"'
        },
    )


def audit_checklist_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _get(AUDIT_POLICY, Audit, pk, request.user)
    items = (
        audit.items.select_related("clause")
        if audit.status != Audit.Status.PLANNED
        else audit.template.items.select_related("clause")
    )
    content = pdf.render_blank_checklist(
        agency=str(audit.agency),
        title=audit.template.name,
        code=audit.code,
        rows=_checklist_rows(items),
        today=timezone.localdate(),
    )
    return HttpResponse(
        content,
        content_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="phieu-{audit.code}.pdf"'},
    )


def template_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then copy the template into its next version (the old one stays as used)."""
    template = _get(TEMPLATE_POLICY, ChecklistTemplate, pk, request.user)
    if request.method != "POST":
        return TemplateResponse(
            request,
            "audits/admin/confirm.html",
            {
                "title": _("Create a new version of %(name)s") % {"name": template},
                "text": _(
                    "The current version stays unchanged for the audits that used it; the "
                    "new version is a copy you can edit."
                ),
                "button": _("Create new version"),
            },
        )
    created: list[ChecklistTemplate] = []
    if run_service(
        request,
        lambda: created.append(
            checklists.checklist_template_new_version(
                template=template, user=request.user
            )
        ),
    ):
        messages.success(
            request, _("Version %(n)s created.") % {"n": created[0].version}
        )
        return redirect("checklisttemplate:edit", created[0].pk)
    return redirect("checklisttemplate:index")


# --- nonconformities ---------------------------------------------------------------------


def nc_workflow(request: HttpRequest, pk: int) -> HttpResponse:
    """A nonconformity with its analysis, actions and the form for its next step."""
    nc = _get(NC_POLICY, Nonconformity, pk, request.user)
    nc = Nonconformity.objects.select_related(
        "agency",
        "unit",
        "clause",
        "procedure",
        "owner__staff_profile",
        "verified_by__staff_profile",
        "audit",
    ).get(pk=nc.pk)
    # The finding's evidence files carry over to the SKPH it became (issue 13 part 6).
    evidence_files = (
        list(AuditAttachment.objects.filter(item_id=nc.audit_item_id).order_by("pk"))
        if nc.audit_item_id
        else []
    )
    actions: list[Any] = list(nc.actions.select_related("owner__staff_profile"))
    user = request.user
    manager = is_agency_manager(user, nc.agency_id)
    can_manage = manager or nc.owner_id == user.pk
    S = Nonconformity.Status
    context: dict[str, Any] = {
        "nc": nc,
        "actions": actions,
        "evidence_files": evidence_files,
        "history": nc.history.select_related("history_user__staff_profile").order_by(
            "-history_date"
        )[:30],
        "Status": S,
        "can_manage": can_manage,
        "is_manager": manager,
        "can_verify": nc.status == S.IMPLEMENTED
        and nonconformities.can_verify(nc, user),
        "today": timezone.localdate(),
    }
    if nc.status == S.NEW and can_manage:
        context["analyse_form"] = AnalyseForm()
    if nc.status == S.ANALYSED and can_manage:
        context["plan_forms"] = [
            ActionForm(prefix=f"a{n}", agency_id=nc.agency_id) for n in range(3)
        ]
    if context["can_verify"]:
        context["verify_form"] = VerifyForm()
        context["new_action_form"] = ActionForm(prefix="new", agency_id=nc.agency_id)
    if nc.status == S.PLANNED:
        for action in actions:
            if action.status == CorrectiveAction.Status.OPEN and (
                action.owner_id == user.pk or manager
            ):
                action.done_form = ActionDoneForm(prefix=f"done{action.pk}")
    if nc.status not in (S.CLOSED, S.CANCELLED) and manager:
        for action in actions:
            if action.status == CorrectiveAction.Status.OPEN:
                action.cancel_form = ReasonForm(prefix=f"cancel{action.pk}")
    context["reason_form"] = ReasonForm()
    context["linked_records"] = _linked_records(nc, user)
    return TemplateResponse(request, "audits/admin/nc_workflow.html", context)


def _linked_records(nc: Nonconformity, user: Any) -> list[dict[str, str]]:
    """What other apps link to this nonconformity (e.g. the citizen feedback it came from).

    Apps answer the ``audits_nonconformity_links`` hook with dicts of label, text and url,
    so this app names none of them.
    """
    from wagtail import hooks

    return [
        link
        for contribute in hooks.get_hooks("audits_nonconformity_links")
        for link in contribute(nc, user)
    ]


def _nc_back(pk: int) -> HttpResponse:
    return redirect("audits_nc_workflow", pk)


@require_POST
def nc_analyse(request: HttpRequest, pk: int) -> HttpResponse:
    nc = _get(NC_POLICY, Nonconformity, pk, request.user)
    form = AnalyseForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Ask “why?” at least once and state the root cause you reached.")
        )
    elif run_service(
        request,
        lambda: nonconformities.nonconformity_analyse(
            nc=nc,
            user=request.user,
            correction=form.cleaned_data["correction"],
            whys=form.whys(),
            root_cause=form.cleaned_data["root_cause"],
        ),
    ):
        messages.success(request, _("Analysis recorded."))
    return _nc_back(pk)


def _planned(
    request: HttpRequest, prefixes: list[str], agency_id: int
) -> list[nonconformities.PlannedAction] | None:
    planned = []
    for prefix in prefixes:
        form = ActionForm(request.POST, prefix=prefix, agency_id=agency_id)
        if not form.has_changed():
            continue
        if not form.is_valid():
            messages.error(
                request,
                _(
                    "Every action needs a description, a person responsible and a due date."
                ),
            )
            return None
        data = form.cleaned_data
        planned.append(
            nonconformities.PlannedAction(
                data["description"], data["owner"], data["due_date"]
            )
        )
    return planned


@require_POST
def nc_plan(request: HttpRequest, pk: int) -> HttpResponse:
    nc = _get(NC_POLICY, Nonconformity, pk, request.user)
    planned = _planned(request, ["a0", "a1", "a2"], nc.agency_id)
    if planned is not None and run_service(
        request,
        lambda: nonconformities.nonconformity_plan(
            nc=nc, user=request.user, actions=planned
        ),
    ):
        messages.success(request, _("Corrective actions planned."))
    return _nc_back(pk)


@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get(ACTION_POLICY, CorrectiveAction, pk, request.user)
    form = ActionDoneForm(request.POST, request.FILES, prefix=f"done{pk}")
    if not form.is_valid():
        messages.error(request, _("Describe the evidence that the action was done."))
    elif run_service(
        request,
        lambda: nonconformities.action_complete(
            action=action,
            user=request.user,
            evidence=form.cleaned_data["evidence"],
            evidence_file=form.cleaned_data.get("evidence_file"),
        ),
    ):
        messages.success(request, _("Action marked done."))
    return _nc_back(action.nonconformity_id)


@require_POST
def nc_verify(request: HttpRequest, pk: int) -> HttpResponse:
    nc = _get(NC_POLICY, Nonconformity, pk, request.user)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Say whether the actions were effective and what you checked.")
        )
        return _nc_back(pk)
    effective = form.cleaned_data["effective"]
    new_action = None
    if not effective:
        planned = _planned(request, ["new"], nc.agency_id)
        if planned is None:
            return _nc_back(pk)
        new_action = planned[0] if planned else None
    if run_service(
        request,
        lambda: nonconformities.nonconformity_verify(
            nc=nc,
            user=request.user,
            effective=effective,
            note=form.cleaned_data["note"],
            new_action=new_action,
        ),
    ):
        messages.success(request, _("Verification recorded."))
    return _nc_back(pk)


@require_POST
def action_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a corrective action with a reason: the register keeps it (never deleted)."""
    action = _get(ACTION_POLICY, CorrectiveAction, pk, request.user)
    form = ReasonForm(request.POST, prefix=f"cancel{pk}")
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if run_service(
        request,
        lambda: nonconformities.action_cancel(
            action=action, user=request.user, reason=reason
        ),
    ):
        messages.success(request, _("Corrective action cancelled."))
    return _nc_back(action.nonconformity_id)


def _reason_transition(
    service: Callable[..., Any], done: Any
) -> Callable[[HttpRequest, int], HttpResponse]:
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        nc = _get(NC_POLICY, Nonconformity, pk, request.user)
        form = ReasonForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        if run_service(
            request, lambda: service(nc=nc, user=request.user, reason=reason)
        ):
            messages.success(request, done)
        return _nc_back(pk)

    return view


nc_cancel = _reason_transition(
    nonconformities.nonconformity_cancel, gettext_lazy("Nonconformity cancelled.")
)
nc_reopen = _reason_transition(
    nonconformities.nonconformity_reopen, gettext_lazy("Nonconformity reopened.")
)


@require_POST
def nc_close(request: HttpRequest, pk: int) -> HttpResponse:
    nc = _get(NC_POLICY, Nonconformity, pk, request.user)
    if run_service(
        request, lambda: nonconformities.nonconformity_close(nc=nc, user=request.user)
    ):
        messages.success(request, _("Nonconformity closed."))
    return _nc_back(pk)


def action_nc(request: HttpRequest, pk: int) -> HttpResponse:
    action = _get(ACTION_POLICY, CorrectiveAction, pk, request.user)
    return _nc_back(action.nonconformity_id)


def programme_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The programme's audits month by month (the yearly audit calendar)."""
    programme = _get(PROGRAMME_POLICY, AuditProgramme, pk, request.user)
    visible = AUDIT_POLICY.instances_user_has_permission_for(request.user, "view")
    audits_list = list(
        visible.filter(programme=programme)
        .select_related("agency", "unit", "lead_auditor__staff_profile")
        .order_by("planned_start")
    )
    months = [
        (month, [a for a in audits_list if a.planned_start.month == month])
        for month in range(1, 13)
    ]
    return TemplateResponse(
        request,
        "audits/admin/programme_calendar.html",
        {
            "programme": programme,
            "months": months,
            "missing": audits.agencies_without_completed_audit(year=programme.year)
            if programme.year <= timezone.localdate().year
            else [],
        },
    )


@require_POST
def programme_approve(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _get(PROGRAMME_POLICY, AuditProgramme, pk, request.user)
    if run_service(
        request,
        lambda: audits.programme_approve(programme=programme, user=request.user),
    ):
        messages.success(request, _("The audit programme is approved."))
    return redirect("audits_programme_calendar", pk)
