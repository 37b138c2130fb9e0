"""Dossier statistics: upload and check a file, confirm it, import it, flag late dossiers.

Đã tải lên → Đã kiểm tra (preview) → Đang nhập → Hoàn thành / Thất bại. The whole file is
checked before anything is stored; a file with any error is refused at confirmation. The
import itself runs in Celery (``dossiers.tasks``) and is idempotent: a row of the same
agency, procedure code and month replaces the stored one (history keeps the old values),
rows that did not change are not written, and rows of the file's months that the new file
no longer has are removed with history. So importing a file twice changes nothing.

Writes are set-based (``bulk_*_with_history``, chunked) because an export may hold 100,000
rows; each chunk commits on its own so the progress shown to the secretary is real. A
worker that dies mid-way leaves the batch "importing"; the redelivered task (acks_late)
runs it again, which is safe because the import is an upsert.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from audits.models import Nonconformity
from audits.services.nonconformities import nonconformity_create
from documents.models import ProcedurePage
from dossiers.bulk import create_statistics
from dossiers.models import (
    DEFAULT_LATE_THRESHOLD,
    DossierImport,
    DossierSettings,
    DossierStatistic,
    LateDossierFlag,
)
from dossiers.parsing import (
    ImportFileError,
    ParsedRow,
    ParseResult,
    parse_file,
    parse_records,
)
from dossiers.signals import statistics_imported
from qms.exceptions import TransitionError
from qms.jobs import TRANSIENT_ERRORS, enqueue_on_commit
from qms.lib.changes import record_change
from qms.lib.text import clean_text
from qms.models import Agency
from qms.roles import Role
from qms.scoping import agency_scope_for, user_roles

logger = logging.getLogger(__name__)
S = DossierImport.Status
IMPORTER_ROLES = frozenset({Role.QUALITY_OFFICER, Role.HEAD})
CHUNK = 5000
PREVIEW_ROWS = 20
VALUE_FIELDS = (
    "procedure_name",
    "period_end",
    "carried_over",
    "received",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending",
    "returned",
    "apology_letters",
    "online",
)


def may_import(user: Any, agency_id: int) -> bool:
    """The ISO secretary or head of the agency (or a superuser) imports its statistics."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    writable = agency_scope_for(user).writable
    return bool(user_roles(user) & IMPORTER_ROLES) and (
        writable is None or agency_id in writable
    )


def _require_importer(user: Any, agency_id: int) -> None:
    # ``user=None`` is the system (the management command run by an administrator).
    if user is not None and not may_import(user, agency_id):
        raise PermissionDenied(
            _("Only the ISO secretary or head of the agency imports its statistics.")
        )


def late_threshold(agency_id: int) -> Decimal:
    value = (
        DossierSettings.objects.filter(agency_id=agency_id)
        .values_list("late_threshold", flat=True)
        .first()
    )
    return DEFAULT_LATE_THRESHOLD if value is None else value


@transaction.atomic
def dossier_settings_save(
    *, agency: Agency, late_threshold: Decimal, user: Any
) -> DossierSettings:
    """Set the agency's late-dossier threshold (percent of resolved dossiers)."""
    _require_importer(user, agency.pk)
    settings_row = DossierSettings.objects.select_for_update().filter(
        agency=agency
    ).first() or DossierSettings(agency=agency)
    settings_row.late_threshold = late_threshold
    return record_change(
        settings_row, user=user, reason=_("Late-dossier threshold set")
    )


def month_end(start: dt.date) -> dt.date:
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def _preview(result: ParseResult) -> list[list[Any]]:
    return [
        [
            row.row,
            row.national_code,
            row.procedure_name,
            f"{row.period_start:%m/%Y}",
            row.received,
            row.resolved_early,
            row.resolved_on_time,
            row.resolved_late,
            row.pending,
            row.returned,
            row.apology_letters,
        ]
        for row in result.rows[:PREVIEW_ROWS]
    ]


@transaction.atomic
def dossier_import_upload(
    *, agency: Agency, data: bytes, filename: str, user: Any
) -> DossierImport:
    """Store the uploaded file and check every row (nothing else is stored yet).

    A file that cannot be read at all is refused with a ``ValidationError`` on "file";
    one with row errors is kept as a batch whose preview lists them (it cannot be imported).
    """
    _require_importer(user, agency.pk)
    try:
        result = parse_file(data)
    except ImportFileError as exc:
        raise ValidationError({"file": exc.message}) from None
    batch = DossierImport(
        agency=agency,
        filename=clean_text(filename)[:255] or "upload",
        requested_by=user if getattr(user, "pk", None) else None,
    )
    batch.file.save(filename, ContentFile(data), save=False)
    batch.sha256 = hashlib.sha256(data).hexdigest()
    record_change(batch, user=user, reason=_("Statistics file uploaded"), action=None)
    batch.status = S.PREVIEWED
    batch.rows_total = result.total
    batch.row_errors = result.errors
    batch.error_count = result.error_count
    batch.preview = _preview(result)
    batch.periods = [f"{p:%Y-%m-%d}" for p in result.periods]
    reason = (
        _("File checked: %(count)s errors") % {"count": result.error_count}
        if result.error_count
        else _("File checked: %(rows)s rows, no errors") % {"rows": result.total}
    )
    return record_change(batch, user=user, reason=reason, action=None)


def dossier_import_confirm(
    *, batch: DossierImport, user: Any, background: bool = True
) -> DossierImport:
    """Start importing a checked file without errors; the import runs in the background.

    ``background=False`` (the management command) imports here and now, once committed.
    """
    locked = _confirm(batch, user, background=background)
    if not background:
        dossier_import_run(batch_id=locked.pk, final=True)
        locked.refresh_from_db()
    return locked


@transaction.atomic
def _confirm(batch: DossierImport, user: Any, *, background: bool) -> DossierImport:
    _require_importer(user, batch.agency_id)
    locked = DossierImport.objects.select_for_update().get(pk=batch.pk)
    if locked.status != S.PREVIEWED:
        raise TransitionError(_("This file has already been imported or is importing."))
    if locked.error_count:
        raise TransitionError(
            _("The file has errors: correct them in the file and upload it again.")
        )
    locked.status = S.IMPORTING
    locked.rows_done = 0
    record_change(locked, user=user, reason=_("Import confirmed"), action=None)
    if background:
        from dossiers.tasks import run_dossier_import

        enqueue_on_commit(run_dossier_import, locked.pk)
    return locked


def dossier_import_run(*, batch_id: int, final: bool) -> str:
    """Import a confirmed batch (the Celery task's body); return its status.

    Idempotent: a finished or failed batch is left alone; an "importing" one is (re)run.
    A transient error is retried by the task unless ``final``; any other error, or the last
    attempt, marks the batch failed with the reason, so it never stays "importing".
    """
    batch = (
        DossierImport.objects.select_related("requested_by").filter(pk=batch_id).first()
    )
    if batch is None or batch.status != S.IMPORTING:
        return batch.status if batch else ""
    try:
        _import(batch)
    except TRANSIENT_ERRORS:
        if not final:
            raise
        logger.exception("Dossier import %s failed on its last attempt", batch.pk)
        return dossier_import_fail(
            batch=batch, error=_("The database or storage was unavailable.")
        )
    except Exception as exc:
        logger.exception("Dossier import %s failed", batch.pk)
        message = exc.message if isinstance(exc, ImportFileError) else ""
        return dossier_import_fail(
            batch=batch,
            error=message or _("The import stopped on an unexpected error."),
        )
    return S.DONE


def dossier_import_fail(*, batch: DossierImport, error: str) -> str:
    batch.refresh_from_db()
    batch.status = S.FAILED
    batch.failure = error[:500]
    batch.finished_at = timezone.now()
    record_change(
        batch,
        user=None,
        reason=_("Import failed: %(error)s") % {"error": error},
        action=None,
        validate=False,  # the failure must be recorded whatever the row holds
    )
    return S.FAILED


def statistics_push(
    *, agency: Agency, records: Any, source: str
) -> tuple[DossierImport | None, ParseResult]:
    """Rows pushed by the one-stop system through the API (issue 17 part 3).

    The same checks as a file, row by row; the valid rows are stored as an import batch
    (the pushed JSON kept as its file, as evidence) and upserted: pushing the same rows
    again changes nothing, a row of the same procedure and month replaces the stored one,
    and a push never removes rows it does not name. Late-dossier flags and the objectives'
    measurements follow as for a file. Returns the batch (None when no row was valid) and
    the check result with every rejected row. ``ImportFileError``: the body as a whole.
    """
    result = parse_records(records)
    if not result.rows:
        return None, result
    data = json.dumps(records, ensure_ascii=False, default=str).encode()
    name = clean_text(source)[:200] or "API"
    with transaction.atomic():
        batch = DossierImport(agency=agency, filename=name, requested_by=None)
        batch.file.save("api.json", ContentFile(data), save=False)
        batch.sha256 = hashlib.sha256(data).hexdigest()
        batch.status = S.IMPORTING
        batch.rows_total = result.total
        batch.row_errors = result.errors
        batch.error_count = result.error_count
        batch.periods = [f"{p:%Y-%m-%d}" for p in result.periods]
        record_change(
            batch,
            user=None,
            reason=_("Statistics pushed by %(source)s") % {"source": name},
            action=None,
        )
    reason = _("Pushed by %(source)s") % {"source": name}
    try:
        added, changed, _removed = write_statistics(
            batch=batch,
            rows=result.rows,
            user=None,
            reason=reason,
            remove_missing=False,
        )
        raised = raise_late_flags(batch=batch, rows=result.rows, user=None)
    except Exception:
        # Never left "importing": the batch says it failed; the caller may push again.
        logger.exception("Statistics push %s failed", batch.pk)
        dossier_import_fail(
            batch=batch, error=_("The import stopped on an unexpected error.")
        )
        raise
    batch.status = S.DONE
    batch.rows_done = len(result.rows)
    batch.created, batch.updated, batch.flags_raised = added, changed, raised
    batch.finished_at = timezone.now()
    record_change(
        batch, user=None, reason=_("Import finished"), action=None, validate=False
    )
    statistics_imported.send(
        sender=DossierImport,
        agency_id=agency.pk,
        months=sorted({row.period_start for row in result.rows}),
    )
    return batch, result


def _read(batch: DossierImport) -> bytes:
    with batch.file.open("rb") as handle:
        return bytes(handle.read())


def _import(batch: DossierImport) -> None:
    result = parse_file(_read(batch))
    if result.error_count:
        # The stored file changed since it was checked: never import it half-right.
        raise ImportFileError(
            _("The stored file no longer passes the checks; upload it again.")
        )
    user = batch.requested_by
    reason = _("Imported from %(file)s") % {"file": batch.filename}
    counts = write_statistics(
        batch=batch, rows=result.rows, user=user, reason=reason, progress=True
    )
    raised = raise_late_flags(batch=batch, rows=result.rows, user=user)
    batch.refresh_from_db()
    batch.status = S.DONE
    batch.rows_done = batch.rows_total
    batch.created, batch.updated, batch.removed = counts
    batch.flags_raised = raised
    batch.finished_at = timezone.now()
    record_change(
        batch, user=user, reason=_("Import finished"), action=None, validate=False
    )
    statistics_imported.send(
        sender=DossierImport,
        agency_id=batch.agency_id,
        months=sorted({row.period_start for row in result.rows}),
    )


def _procedures(agency_id: int, codes: Iterable[str]) -> dict[str, int]:
    """The agency's procedure page for each national TTHC code (the oldest if several)."""
    found: dict[str, int] = {}
    pairs = (
        ProcedurePage.objects.filter(agency_id=agency_id, national_code__in=set(codes))
        .order_by("-pk")
        .values_list("national_code", "pk")
    )
    for code, pk in pairs:
        found[code] = pk
    return found


def _values(
    batch: DossierImport, row: ParsedRow, procedure_id: int | None
) -> dict[str, Any]:
    """The row's columns by attname, as stored (``VALUE_FIELDS`` order for comparing)."""
    return {
        "agency_id": batch.agency_id,
        "procedure_id": procedure_id,
        "national_code": row.national_code,
        "period_start": row.period_start,
        "procedure_name": row.procedure_name,
        "period_end": month_end(row.period_start),
        "carried_over": row.carried_over,
        "received": row.received,
        "resolved_early": row.resolved_early,
        "resolved_on_time": row.resolved_on_time,
        "resolved_late": row.resolved_late,
        "pending": row.pending,
        "returned": row.returned,
        "apology_letters": row.apology_letters,
        "online": row.online,
        "import_batch_id": batch.pk,
    }


def _compared(values: dict[str, Any]) -> tuple[Any, ...]:
    return (values["procedure_id"], *(values[name] for name in VALUE_FIELDS))


def write_statistics(
    *,
    batch: DossierImport,
    rows: list[ParsedRow],
    user: Any,
    reason: str,
    progress: bool = False,
    remove_missing: bool = True,
) -> tuple[int, int, int]:
    """Upsert the rows of ``batch``'s agency and months; return (added, changed, removed).

    Existing rows are read as plain tuples (100,000 model instances would cost seconds);
    unchanged rows are not written at all. A file stands for whole months, so its months'
    rows it no longer has are removed; a push (``remove_missing=False``) only upserts.
    """
    existing = {
        (code, start): (pk, tuple(rest))
        for code, start, pk, *rest in DossierStatistic.objects.filter(
            agency_id=batch.agency_id,
            period_start__in={row.period_start for row in rows},
        ).values_list(
            "national_code", "period_start", "pk", "procedure_id", *VALUE_FIELDS
        )
    }
    procedures = _procedures(batch.agency_id, (row.national_code for row in rows))
    added = changed = 0
    author = user if getattr(user, "pk", None) else None
    for start in range(0, len(rows), CHUNK):
        to_create: list[dict[str, Any]] = []
        to_update: list[DossierStatistic] = []
        for row in rows[start : start + CHUNK]:
            values = _values(batch, row, procedures.get(row.national_code))
            old = existing.pop((row.national_code, row.period_start), None)
            if old is None:
                to_create.append(values)
            elif old[1] != _compared(values):
                to_update.append(DossierStatistic(pk=old[0], **values))
        with transaction.atomic():
            create_statistics(to_create, user=author, reason=reason)
            if to_update:
                bulk_update_with_history(
                    to_update,
                    DossierStatistic,
                    ["procedure", "import_batch", *VALUE_FIELDS],
                    batch_size=1000,
                    default_user=author,
                    default_change_reason=reason,
                )
        added, changed = added + len(to_create), changed + len(to_update)
        if progress:
            _progress(batch, start + len(rows[start : start + CHUNK]))
    if not remove_missing:
        return added, changed, 0
    stale = DossierStatistic.objects.filter(pk__in=[pk for pk, _v in existing.values()])
    removed = _remove(stale, author, reason)
    return added, changed, removed


def _progress(batch: DossierImport, done: int) -> None:
    # rows_done is an operational counter, excluded from the batch's history.
    DossierImport.objects.filter(pk=batch.pk).update(rows_done=done)


def _remove(stale: Iterable[DossierStatistic], user: Any, reason: str) -> int:
    """Remove rows of the file's months that the new file no longer has (rare)."""
    count = 0
    with transaction.atomic():
        for stat in stale:
            stat._history_user = user  # type: ignore[attr-defined]
            stat._change_reason = _("%(reason)s: no longer in the file") % {  # type: ignore[attr-defined]
                "reason": reason
            }
            stat.delete()
            count += 1
    return count


def _over_threshold(row: ParsedRow, threshold: Decimal) -> Decimal | None:
    resolved = row.resolved_early + row.resolved_on_time + row.resolved_late
    if not resolved:
        return None
    rate = Decimal(row.resolved_late * 100) / Decimal(resolved)
    return rate.quantize(Decimal("0.01")) if rate > threshold else None


def raise_late_flags(*, batch: DossierImport, rows: list[ParsedRow], user: Any) -> int:
    """Raise one "late dossier" nonconformity per procedure and month over the threshold.

    A month already flagged (by an earlier import of the same figures or of corrected ones)
    is never flagged again: ``LateDossierFlag`` is unique per agency, code and month.
    """
    threshold = late_threshold(batch.agency_id)
    over = [
        (row, rate)
        for row in rows
        if (rate := _over_threshold(row, threshold)) is not None
    ]
    if not over:
        return 0
    flagged = set(
        LateDossierFlag.objects.filter(
            agency_id=batch.agency_id,
            period_start__in={row.period_start for row, _rate in over},
        ).values_list("national_code", "period_start")
    )
    procedures = _procedures(batch.agency_id, (row.national_code for row, _r in over))
    raised = 0
    for row, rate in over:
        if (row.national_code, row.period_start) in flagged:
            continue
        _raise_one(batch, row, rate, procedures.get(row.national_code), user, threshold)
        raised += 1
    return raised


@transaction.atomic
def _raise_one(
    batch: DossierImport,
    row: ParsedRow,
    rate: Decimal,
    procedure_id: int | None,
    user: Any,
    threshold: Decimal,
) -> LateDossierFlag:
    month = f"{row.period_start:%m/%Y}"
    values = {
        "code": row.national_code,
        "name": row.procedure_name,
        "month": month,
        "rate": f"{rate:.2f}".replace(".", ","),
        "threshold": f"{threshold:.2f}".replace(".", ","),
        "late": row.resolved_late,
        "resolved": row.resolved_early + row.resolved_on_time + row.resolved_late,
    }
    title = _("Late dossiers %(month)s: %(code)s %(name)s") % values
    nc = nonconformity_create(
        nc=Nonconformity(
            source=Nonconformity.Source.LATE_DOSSIER,
            severity=Nonconformity.Severity.MINOR,
            agency_id=batch.agency_id,
            procedure_id=procedure_id,
            title=title[:255],
            description=_(
                "In %(month)s, %(late)s of the %(resolved)s dossiers of procedure "
                "%(code)s (%(name)s) were resolved late: %(rate)s %%, above the agency's "
                "threshold of %(threshold)s %%."
            )
            % values,
            evidence=_("Dossier statistics imported from %(file)s.")
            % {"file": batch.filename},
            detected_on=timezone.localdate(),
        ),
        user=user,
        reason=_("Raised by the dossier statistics import"),
    )
    flag = LateDossierFlag(
        agency_id=batch.agency_id,
        national_code=row.national_code,
        period_start=row.period_start,
        nonconformity=nc,
        late_rate=rate,
    )
    return record_change(
        flag, user=user, reason=_("Late dossiers over the threshold"), action=None
    )
