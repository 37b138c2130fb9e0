"""Services of the ISO scope and its announcement: draft, approve, announce, withdraw.

Every change goes through here with its history (user, reason). Who may act: the agency's
ISO secretary and head draft the scope and record announcements (writable agency scope);
only a head of the agency approves a scope version, with the password; a generated decision
is signed by its signer with the password. Supervisors read, never write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from conformity.models import Announcement, ScopeVersion
from qms.exceptions import TransitionError
from qms.lib.changes import record_change
from qms.lib.history import printed_name
from qms.lib.pdf.validation import PdfRejected, validate_pdf
from qms.lib.signing import require_password
from qms.models import Agency
from qms.roles import Role
from qms.scoping import agency_scope_for, user_roles

MANAGER_ROLES = frozenset({Role.QUALITY_OFFICER, Role.HEAD})
APPROVE_FAILED = "conformity.scope.approve_failed"
SIGN_FAILED = "conformity.announcement.sign_failed"
Status = ScopeVersion.Status


def _writable(user: Any, agency_id: int | None) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    writable = agency_scope_for(user).writable
    return writable is None or agency_id in writable


def may_manage(user: Any, agency_id: int | None) -> bool:
    """An ISO secretary or head whose writable scope holds the agency, or a superuser."""
    if not _writable(user, agency_id):
        return False
    return bool(user.is_superuser or user_roles(user) & MANAGER_ROLES)


def may_approve(user: Any, agency_id: int | None) -> bool:
    """A head of the agency (or a superuser): the head approves the scope (ISO 5.1.1)."""
    if not _writable(user, agency_id):
        return False
    return bool(user.is_superuser or Role.HEAD in user_roles(user))


def _require(*, allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You do not have permission to do this."))


def agency_heads(agency_id: int) -> QuerySet[Any]:
    """The heads in service at the agency: who may sign its announcement."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=Role.HEAD.value,
            staff_profile__agency_id=agency_id,
            staff_profile__is_active=True,
        )
        .select_related("staff_profile__position")
        .order_by("staff_profile__position__name", "pk")
    )


def current_scope(agency_id: int) -> ScopeVersion | None:
    """The latest approved version: the scope in force."""
    return (
        ScopeVersion.objects.filter(agency_id=agency_id, status=Status.APPROVED)
        .order_by("-number")
        .first()
    )


# --- the scope (ISO 9001:2015 4.3) -----------------------------------------------------


def scope_draft_start(*, agency: Agency, user: Any) -> ScopeVersion:
    """Start the next version as a copy of the current one (or empty for the first)."""
    _require(allowed=may_manage(user, agency.pk))
    if ScopeVersion.objects.filter(agency=agency, status=Status.DRAFT).exists():
        raise TransitionError(
            _("A draft of the scope already exists: finish or change that one.")
        )
    base = current_scope(agency.pk)
    last = ScopeVersion.objects.filter(agency=agency).aggregate(n=Max("number"))["n"]
    draft = ScopeVersion(
        agency=agency,
        number=(last or 0) + 1,
        procedures=list(base.procedures) if base else [],
        processes=base.processes if base else "",
        units=list(base.units) if base else [],
        exclusions=list(base.exclusions) if base else [],
        created_by=user,
    )
    try:
        with transaction.atomic():
            return record_change(draft, user=user, reason=_("Scope version drafted"))
    except IntegrityError:  # a second click raced the first: one draft only
        raise TransitionError(
            _("A draft of the scope already exists: finish or change that one.")
        ) from None


def _clean_procedures(rows: Iterable[Mapping[str, str]]) -> list[dict[str, str]]:
    cleaned, seen = [], set()
    for row in rows:
        name = " ".join(str(row.get("name", "")).split())
        code = str(row.get("code", "")).strip()
        if not name or (code, name) in seen:
            continue
        seen.add((code, name))
        cleaned.append({"code": code, "name": name})
    return cleaned


def _clean_exclusions(rows: Iterable[Mapping[str, str]]) -> list[dict[str, str]]:
    cleaned = []
    for row in rows:
        requirement = str(row.get("requirement", "")).strip()
        justification = " ".join(str(row.get("justification", "")).split())
        if not requirement:
            continue
        # ISO 9001:2015 4.3: a requirement may be left out only with its justification.
        if not justification:
            raise ValidationError(
                {
                    "exclusions": _(
                        "Requirement %(requirement)s is excluded without a "
                        "justification. ISO 9001 (4.3) asks why it cannot be applied."
                    )
                    % {"requirement": requirement}
                }
            )
        cleaned.append({"requirement": requirement, "justification": justification})
    return cleaned


def scope_draft_save(
    *,
    version: ScopeVersion,
    user: Any,
    procedures: Iterable[Mapping[str, str]],
    processes: str,
    units: Iterable[Mapping[str, Any]],
    exclusions: Iterable[Mapping[str, str]],
    changes: str = "",
) -> ScopeVersion:
    """Change the draft: procedures covered, processes, units, exclusions, what changed."""
    _require(allowed=may_manage(user, version.agency_id))
    cleaned_exclusions = _clean_exclusions(exclusions)
    with transaction.atomic():
        version = ScopeVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != Status.DRAFT:
            raise TransitionError(_("An approved scope version cannot be changed."))
        version.procedures = _clean_procedures(procedures)
        version.processes = "\n".join(
            line.strip() for line in processes.splitlines() if line.strip()
        )
        version.units = [
            {"id": unit.get("id"), "name": str(unit["name"])} for unit in units
        ]
        version.exclusions = cleaned_exclusions
        version.changes = changes.strip()
        return record_change(version, user=user, reason=_("Scope draft changed"))


def scope_approve(*, version: ScopeVersion, user: Any, password: str) -> ScopeVersion:
    """The head approves the draft with the password: it becomes the scope in force."""
    _require(allowed=may_approve(user, version.agency_id))
    version = ScopeVersion.objects.get(
        pk=version.pk
    )  # what was saved, not a stale copy
    if version.status != Status.DRAFT:
        raise TransitionError(_("Only a draft can be approved."))
    if not (version.procedures or version.process_lines):
        raise ValidationError(
            _("Name at least one administrative procedure or process before approving.")
        )
    # Outside the transaction: a refused signature's log entry must survive.
    require_password(
        user=user, password=password, instance=version, failed_action=APPROVE_FAILED
    )
    with transaction.atomic():
        version = ScopeVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != Status.DRAFT:
            raise TransitionError(_("Only a draft can be approved."))
        version.status = Status.APPROVED
        version.approved_by, version.approved_at = user, timezone.now()
        return record_change(
            version,
            user=user,
            reason=_("Scope version approved by the head"),
            action="conformity.scope.approve",
        )


# --- the announcement (QĐ 19/2014 Art. 4, TT 26/2014) ---------------------------------


def _check_announcement(
    agency: Agency, scope: ScopeVersion, signer: Any, decision_date: dt.date
) -> None:
    if scope.agency_id != agency.pk or scope.status != Status.APPROVED:
        raise ValidationError(
            {"scope": _("Choose an approved scope version of this agency.")}
        )
    if not agency_heads(agency.pk).filter(pk=signer.pk).exists():
        raise ValidationError({"signer": _("The signer must be a head of the agency.")})
    if decision_date > timezone.localdate():
        raise ValidationError(
            {"decision_date": _("A decision cannot be dated in the future.")}
        )


def _signer_position(signer: Any) -> str:
    profile = getattr(signer, "staff_profile", None)
    position = getattr(profile, "position", None)
    return str(position.name) if position else ""


def announcement_create(
    *,
    agency: Agency,
    user: Any,
    scope: ScopeVersion,
    decision_number: str,
    decision_date: dt.date,
    signer: Any,
    standard: str = Announcement.Standard.V2015,
    is_public: bool = True,
    upload: bytes | None = None,
    password: str = "",
) -> Announcement:
    """Record an announcement with its decision: a scanned signed PDF, or one generated.

    An upload passes the PDF validator first: a refused file stores nothing. A generated
    decision is signed by its signer, who must be the one acting, with the password.
    """
    _require(allowed=may_manage(user, agency.pk))
    _check_announcement(agency, scope, signer, decision_date)
    decision_number = " ".join(decision_number.split())
    if Announcement.objects.filter(
        agency=agency, decision_number__iexact=decision_number
    ).exists():
        raise ValidationError(
            {
                "decision_number": _(
                    "This agency already has a decision with this number."
                )
            }
        )
    announcement = Announcement(
        agency=agency,
        scope=scope,
        decision_number=decision_number,
        decision_date=decision_date,
        signer=signer,
        signer_name=printed_name(signer),
        signer_position=_signer_position(signer),
        standard=standard,
        is_public=is_public,
        created_by=user,
    )
    if upload is not None:
        content = _validated(upload)
        announcement.source = Announcement.Source.UPLOADED
    else:
        if signer.pk != user.pk:
            raise PermissionDenied(
                _(
                    "Only the signer signs a generated decision; upload the scan instead."
                )
            )
        require_password(
            user=user, password=password, instance=scope, failed_action=SIGN_FAILED
        )
        content = _generated(announcement)
        announcement.source = Announcement.Source.GENERATED
    return _store(announcement, content, user)


def _validated(upload: bytes) -> bytes:
    try:
        validate_pdf(upload)
    except PdfRejected as exc:
        raise ValidationError({"file": exc.message}, code=exc.code) from None
    return upload


def _generated(announcement: Announcement) -> bytes:
    from conformity.pdf import decision_data, decision_pdf

    return decision_pdf(decision_data(announcement, signed_at=timezone.now()))


def _store(announcement: Announcement, content: bytes, user: Any) -> Announcement:
    announcement.sha256 = hashlib.sha256(content).hexdigest()
    # Validated before the file is written, so a refused record leaves no file behind.
    announcement.full_clean(exclude=["file", "source", "sha256"])
    announcement.file.save(
        f"quyet-dinh-cong-bo-{announcement.agency_id}.pdf",
        ContentFile(content),
        save=False,
    )
    try:
        with transaction.atomic():
            return record_change(
                announcement,
                user=user,
                reason=_("ISO announcement recorded"),
                action="conformity.announcement.create",
                validate=False,  # validated above, before the file was written
            )
    except Exception:
        announcement.file.storage.delete(announcement.file.name)
        raise


def announcement_withdraw(
    *, announcement: Announcement, user: Any, reason: str
) -> Announcement:
    """Withdraw a wrong announcement with the reason; it stays in the history."""
    _require(allowed=may_manage(user, announcement.agency_id))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the announcement is withdrawn.")})
    with transaction.atomic():
        announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
        if announcement.status != Announcement.Status.ACTIVE:
            raise TransitionError(_("This announcement is already withdrawn."))
        announcement.status = Announcement.Status.WITHDRAWN
        announcement.withdrawn_reason = reason.strip()
        announcement.withdrawn_at = timezone.now()
        return record_change(
            announcement,
            user=user,
            reason=_("ISO announcement withdrawn"),
            action="conformity.announcement.withdraw",
        )
