"""Integrity check of the stored records (BR-01, ISO 9001:2015 7.5.3.1 b, 7.5.3.2 c).

Every stored file is compared with the SHA-256 recorded when it was stored, missing files and
orphans in the media folder are listed, every signature chain is verified and every release in
force must have its controlled PDF. The weekly beat task and ``manage.py check_integrity`` call
the same service, so a machine without a worker can run it from cron.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents.models import DocumentRelease
from documents.services.signing import (
    releases_without_signature_chain,
    signature_mismatches,
)
from qms.lib.notify import notify
from qms.models import Notification

# A file written a moment ago may belong to a transaction not yet committed (an upload, a
# PDF render): only files older than this count as orphans.
ORPHAN_MIN_AGE = dt.timedelta(hours=24)
# A release just published is rendered in the background; give the worker (and the sweeper's
# retries) this long before a PDF that is not ready counts as a fault.
PDF_GRACE = dt.timedelta(hours=1)
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredFileField:
    """A FileField and, when the model records one, the field holding its SHA-256."""

    model: type[models.Model]
    name: str
    hash_name: str | None


@dataclass
class IntegrityReport:
    """What one run found; ``problems`` are the lines of the report, empty when all is well."""

    files_checked: int = 0
    hashes_checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return _(
            "%(files)d stored files checked (%(hashes)d against their SHA-256); "
            "%(problems)d problems found."
        ) % {
            "files": self.files_checked,
            "hashes": self.hashes_checked,
            "problems": len(self.problems),
        }


def stored_file_fields() -> list[StoredFileField]:
    """Every FileField of every installed model, with its hash field if the model has one."""
    # Found by convention rather than listed, so that a file field added by any app is
    # checked without anyone remembering to register it here.
    found = []
    for model in apps.get_models():
        file_fields = [
            f for f in model._meta.concrete_fields if isinstance(f, models.FileField)
        ]
        names = {f.name for f in model._meta.concrete_fields}
        for file_field in file_fields:
            candidates = [
                f"{file_field.name}_sha256",
                f"{file_field.name.removesuffix('_pdf')}_sha256",
            ]
            if len(file_fields) == 1:
                candidates.append("sha256")
            hash_name = next((c for c in candidates if c in names), None)
            found.append(StoredFileField(model, file_field.name, hash_name))
    return found


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file, read in chunks (release PDFs can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def integrity_check(*, now: dt.datetime | None = None) -> IntegrityReport:
    """Check stored files, orphans, signature chains and release PDFs; return the findings."""
    now = now or timezone.now()
    report = IntegrityReport()
    media_root = Path(settings.MEDIA_ROOT)
    referenced: set[str] = set()
    for stored in stored_file_fields():
        _check_field(stored, _field_root(stored, media_root), report, referenced)
    referenced |= _historical_references()
    _check_orphans(media_root, referenced, now, report)
    _check_signatures(report)
    _check_release_pdfs(now, report)
    return report


def _field_root(stored: StoredFileField, media_root: Path) -> Path:
    """Where the field's storage keeps files: MEDIA_ROOT, or e.g. the private storage."""
    field = stored.model._meta.get_field(stored.name)
    location = getattr(getattr(field, "storage", None), "location", None)
    return Path(location) if location else media_root


def _check_field(
    stored: StoredFileField, root: Path, report: IntegrityReport, referenced: set[str]
) -> None:
    columns = [stored.name, *([stored.hash_name] if stored.hash_name else [])]
    rows = (
        stored.model._default_manager.exclude(**{stored.name: ""})
        .order_by("pk")
        .values_list("pk", *columns)
    )
    label = stored.model._meta.verbose_name
    for pk, name, *expected in rows.iterator():
        referenced.add(name)
        report.files_checked += 1
        path = root / name
        if not path.is_file():
            report.problems.append(
                _("Missing file: %(name)s (%(model)s #%(pk)s).")
                % {"name": name, "model": label, "pk": pk}
            )
            continue
        # Files stored before the model recorded a hash have none to compare with.
        if expected and expected[0]:
            report.hashes_checked += 1
            if file_sha256(path) != expected[0]:
                report.problems.append(
                    _(
                        "SHA-256 mismatch: %(name)s (%(model)s #%(pk)s) was altered "
                        "after it was stored."
                    )
                    % {"name": name, "model": label, "pk": pk}
                )


def _historical_references() -> set[str]:
    """File names still named by history rows: evidence of earlier versions, not orphans."""
    names: set[str] = set()
    for stored in stored_file_fields():
        history = getattr(stored.model, "history", None)
        history_model = getattr(history, "model", None)
        if history_model is None or history_model is stored.model:
            continue
        if stored.name not in {f.name for f in history_model._meta.concrete_fields}:
            continue
        names.update(
            history_model._default_manager.exclude(**{stored.name: ""})
            .values_list(stored.name, flat=True)
            .distinct()
        )
    return names


def _media_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from (p for p in root.rglob("*") if p.is_file())


def _check_orphans(
    root: Path, referenced: set[str], now: dt.datetime, report: IntegrityReport
) -> None:
    oldest_allowed = (now - ORPHAN_MIN_AGE).timestamp()
    for path in sorted(_media_files(root)):
        name = path.relative_to(root).as_posix()
        if name in referenced or path.stat().st_mtime > oldest_allowed:
            continue
        report.problems.append(
            _("Orphan file: %(name)s is referenced by no record.") % {"name": name}
        )


def _check_signatures(report: IntegrityReport) -> None:
    for signature in signature_mismatches():
        report.problems.append(
            _(
                "Signature #%(pk)s by %(name)s (page %(page)s, revision %(revision)s) "
                "does not match the signed content."
            )
            % {
                "pk": signature.pk,
                "name": signature.printed_name,
                "page": signature.page_id,
                "revision": signature.revision_id,
            }
        )
    for release, problems in releases_without_signature_chain():
        report.problems.append(
            _("Release %(release)s: %(problems)s")
            % {"release": release, "problems": " ".join(str(p) for p in problems)}
        )


def _check_release_pdfs(now: dt.datetime, report: IntegrityReport) -> None:
    in_force = DocumentRelease.objects.filter(
        superseded_at__isnull=True, withdrawn_at__isnull=True
    ).order_by("pk")
    for release in in_force:
        if release.pdf_status == DocumentRelease.PdfStatus.READY and release.pdf:
            continue
        since = release.pdf_status_at or release.published_at
        if release.pdf_status != DocumentRelease.PdfStatus.FAILED and (
            since and now - since < PDF_GRACE
        ):
            continue
        report.problems.append(
            _("Release %(release)s in force has no ready PDF (status: %(status)s).")
            % {"release": release, "status": release.get_pdf_status_display()}
        )


def integrity_check_and_alert() -> IntegrityReport:
    """Run the check; on any problem notify every active superuser in-app and by e-mail."""
    with translation.override("vi"):
        report = integrity_check()
        if not report.ok:
            _alert(report)
    return report


def _alert(report: IntegrityReport) -> None:
    superusers = get_user_model().objects.filter(is_superuser=True, is_active=True)
    notify(
        recipients=superusers,
        template="integrity-alert",
        context={
            "count": len(report.problems),
            "summary": report.summary(),
            "problems": report.problems,
        },
        kind=Notification.Kind.REMINDER,
        # One alert a day: a retried weekly task does not alert twice.
        event_key=f"documents.integrity:{timezone.localdate()}",
    )
