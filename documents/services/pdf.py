"""The controlled PDF of a release: rendered, forms appended, stamped, stored with its hash."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from documents import pdf_render as render
from documents.models import (
    DocumentRelease,
    ElectronicSignature,
    InternalRulePage,
    PolicyPage,
    ProcedurePage,
)
from documents.models.blocks import format_time_limit
from qms.lib.dates import format_date
from qms.lib.filetypes import OFFICE_KINDS, PDF
from qms.lib.pdf import stamp

OFFICE_EXTENSIONS = frozenset(kind.extension for kind in OFFICE_KINDS)


def verify_url(release: DocumentRelease) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "documents:verify", args=[release.verify_token]
    )


def _paragraphs(html: Any) -> list[str]:
    text = strip_tags(
        str(html or "")
        .replace("</p>", "\n")
        .replace("<br/>", "\n")
        .replace("</li>", "\n")
    )
    return [line.strip() for line in text.splitlines() if line.strip()]


def _form_lines(release: DocumentRelease | None, page: ProcedurePage) -> list[str]:
    """Section 6: the release's frozen forms; Office ones say their type (not appended)."""
    frozen = list(release.frozen_forms.all()) if release is not None else []
    if not frozen:
        # Releases made before forms were frozen (and previews): the revision's rows.
        return [f"{form.code} {form.name}" for form in page.form_attachments.all()]
    return [
        f"{form.code} {form.name} ({form.kind_label})"
        if form.kind in OFFICE_EXTENSIONS
        else f"{form.code} {form.name}"
        for form in frozen
    ]


def _procedure_sections(
    page: ProcedurePage, release: DocumentRelease | None = None
) -> list[render.Section]:
    content: list[str] = []
    steps: list[render.StepRow] = []
    for block in page.body or []:
        if block.block_type == "text":
            content.extend(_paragraphs(block.value))
        else:
            steps.extend(
                render.StepRow(
                    step=row["step"],
                    description=row["description"],
                    responsible=row["responsible"],
                    time_limit=format_time_limit(row["time_limit"], row["time_unit"]),
                    forms=row["forms"] or "",
                )
                for row in block.value["steps"]
            )
    legal = [
        f"{basis.number} — {basis.title} ({basis.get_status_display()})"
        for basis in page.legal_bases.all()
    ]
    candidates = [
        (_("Purpose"), _paragraphs(page.purpose), []),
        (_("Scope"), _paragraphs(page.scope), []),
        (
            _("Legal basis and references"),
            [*legal, *_paragraphs(page.references)],
            [],
        ),
        (_("Definitions and abbreviations"), _paragraphs(page.definitions), []),
        (_("Content of the procedure"), content, steps),
        (_("Forms"), _form_lines(release, page), []),
    ]
    # As on the public page (documents.outline): empty sections are left out and the
    # numbers follow what is printed (issue 14 part 2).
    shown = [c for c in candidates if c[1] or c[2]]
    sections = [
        render.Section(f"{number}. {title}", paragraphs, rows)
        for number, (title, paragraphs, rows) in enumerate(shown, start=1)
    ]
    if page.kind == ProcedurePage.Kind.TTHC:
        limit = format_time_limit(page.legal_time_limit, page.legal_time_unit)
        facts = [
            (_("National procedure code"), page.national_code),
            (_("Field of activity"), page.field),
            (_("Legal processing time limit"), limit),
            (_("Fees and charges"), page.fees),
        ]
        sections.insert(
            0,
            render.Section(
                _("Administrative procedure"),
                [
                    *(f"{label}: {value}" for label, value in facts if value),
                    *_paragraphs(page.dossier),
                ],
            ),
        )
    return sections


def _sections(
    page: Any, release: DocumentRelease | None = None
) -> list[render.Section]:
    if isinstance(page, ProcedurePage):
        return _procedure_sections(page, release)
    if isinstance(page, InternalRulePage):
        sections = [render.Section("", _paragraphs(page.preamble))]
        for chapter in page.chapters or []:
            value = chapter.value
            paragraphs = []
            for article in value["articles"]:
                paragraphs.append(
                    f"{_('Article')} {article['number']}. {article['title']}"
                )
                paragraphs.extend(_paragraphs(article["body"]))
            sections.append(
                render.Section(
                    f"{_('Chapter')} {value['number']}. {value['title']}", paragraphs
                )
            )
        return sections
    if isinstance(page, PolicyPage):
        return [render.Section("", _paragraphs(page.statement))]
    return []


def _approvals(
    release: DocumentRelease,
) -> tuple[render.Approval | None, list[render.Approval]]:
    author = release.revision.user
    profile = getattr(author, "staff_profile", None) if author else None
    prepared = (
        render.Approval(
            meaning=_("Prepared by"),
            name=profile.full_name
            if profile
            else (author.get_full_name() if author else ""),
            position=profile.position.name if profile else "",
            signed_at=None,
        )
        if author
        else None
    )
    signatures = [
        render.Approval(
            meaning=s.get_meaning_display(),
            name=s.printed_name,
            position=s.position,
            signed_at=s.signed_at,
        )
        for s in ElectronicSignature.objects.filter(revision=release.revision).order_by(
            "signed_at"
        )
    ]
    return prepared, signatures


def build_release_document(release: DocumentRelease) -> render.ReleaseDocument:
    """Turn a release and its frozen revision into the renderer's plain data."""
    page = release.revision.as_object()
    prepared, approvals = _approvals(release)
    history = DocumentRelease.objects.filter(
        page_id=release.page_id, number__lte=release.number
    ).order_by("number")
    records = [
        render.RecordRow(
            name=r.value["name"],
            keeper=r.value["keeper"],
            retention=r.value["retention"],
        )
        for r in getattr(page, "records", None) or []
    ]
    return render.ReleaseDocument(
        agency=page.agency.name,
        title=release.title,
        code=release.code,
        release=release.number_label,
        effective_date=release.effective_date,
        kind=str(page._meta.verbose_name),
        approvals=approvals,
        sections=_sections(page, release),
        amendments=[
            render.Amendment(
                release=r.number_label,
                date=r.effective_date,
                summary=r.amendment_summary,
                sections="",
            )
            for r in history
        ],
        records=records,
        prepared_by=prepared,
    )


class MissingFormFileError(Exception):
    """A form attached to the procedure has no file in storage: no retry brings it back."""

    def __init__(self, form: str) -> None:
        super().__init__(form)
        self.form = form


def _form_attachments(release: DocumentRelease) -> list[tuple[str, bytes]]:
    """The PDF forms frozen with the release, to append; Office forms are only listed."""
    frozen = list(release.frozen_forms.all())
    if not frozen:
        return _legacy_form_attachments(release.revision.as_object())
    attachments = []
    for form in frozen:
        if form.kind != PDF.extension or not form.file:
            continue
        label = f"{form.code} {form.name}"
        try:
            with form.file.open("rb") as handle:
                attachments.append((label, handle.read()))
        except FileNotFoundError as exc:
            raise MissingFormFileError(label) from exc
    return attachments


def _legacy_form_attachments(page: Any) -> list[tuple[str, bytes]]:
    """Releases made before forms were frozen: the revision's rows (all PDF then)."""
    attachments = []
    for form in (
        getattr(page, "form_attachments", None) and page.form_attachments.all()
    ) or []:
        if form.file_id:
            label = f"{form.code} {form.name}"
            try:
                with form.file.file.open("rb") as handle:
                    attachments.append((label, handle.read()))
            except FileNotFoundError as exc:
                raise MissingFormFileError(label) from exc
    return attachments


def release_pdf_bytes(release: DocumentRelease) -> bytes:
    """Render, merge and stamp the controlled copy of a release (no state is changed)."""
    with translation.override("vi"):
        document = build_release_document(release)
        master = render.render_release_pdf(document)
        merged = stamp.merge_pdfs(master, _form_attachments(release))
        footer = _(
            "Controlled copy, printed from Một Cửa QMS. Scan the QR code or open the "
            "address below to check it is in force."
        )
        return stamp.stamp_controlled(
            merged, verify_url=verify_url(release), footer=footer
        )


def obsolete_copy(release: DocumentRelease) -> bytes:
    """The stored PDF stamped "HẾT HIỆU LỰC" with the successor's number (served to staff only)."""
    with release.pdf.open("rb") as handle:
        data = handle.read()
    with translation.override("vi"):
        if release.withdrawn_at:
            text = _("Withdrawn on %(date)s") % {
                "date": format_date(timezone.localdate(release.withdrawn_at))
            }
        else:
            successor = release.superseded_by
            text = _("Superseded by release %(number)s of %(date)s") % {
                "number": successor.number_label if successor else "",
                "date": format_date(successor.effective_date) if successor else "",
            }
    return stamp.stamp_obsolete(data, text=text)
