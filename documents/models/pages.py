"""Controlled documents as Wagtail pages (ISO 9001:2015 7.5): procedures, internal rules, policy.

Pages give revisions, compare, locking, moderation workflows, scheduled go-live (= effective
date) and per-agency permissions; releases (``documents.models.releases``) freeze what was
approved. Every document belongs to the agency of the AgencyPage above it.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, ClassVar

from anyascii import anyascii
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from documents.editor import PROMOTE_PANELS, EditorDocumentForm
from documents.forms import RevisionCheckPanel
from documents.models.blocks import ChapterBlock, RecordBlock, TimeUnit, body_blocks
from documents.models.permissions import EvidencePagePermissionTester
from qms.lib.inputs import CodeField, TitleField, required_error
from qms.lib.page_reads import ServingReadsMixin
from qms.lib.slugs import AsciiSlugMixin
from qms.lib.text import clean_line
from qms.models import Agency

RICH = ["h3", "h4", "bold", "italic", "ol", "ul", "link"]


class DocumentIndexPage(ServingReadsMixin, AsciiSlugMixin, Page):
    """The list of an agency's or a unit's controlled documents on the portal."""

    # Read with its list as it is routed (qms.lib.page_reads); its template follows nothing.
    serve_related: ClassVar[tuple[str, ...]] = ()

    def permissions_for_user(self, user: Any) -> Any:
        # Evidence: no delete or move for agency users (documents.models.permissions).
        return EvidencePagePermissionTester(user, self)

    intro = RichTextField(_("introduction"), blank=True, features=RICH)

    content_panels: ClassVar[list[Any]] = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types: ClassVar[list[str]] = ["qms.AgencyPage", "qms.ReceivingUnitPage"]
    subpage_types: ClassVar[list[str]] = [
        "documents.ProcedurePage",
        "documents.InternalRulePage",
        "documents.PolicyPage",
    ]

    class Meta:
        verbose_name = _("document index")

    @classmethod
    def serving_reads(cls, page: Page, request: Any) -> dict[str, Any]:
        from documents.selectors import public_documents_read
        from documents.templatetags.documents_tags import PAGE_PARAM
        from qms.selectors import breadcrumb_read

        number = request.GET.get(PAGE_PARAM, 1)
        return {
            "documents": public_documents_read(page, request, number),
            "breadcrumb_links": breadcrumb_read(page, request),
        }

    def get_context(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        found = self.context_reads(request)
        context["documents"] = found["documents"]
        context["breadcrumb_links"] = found["breadcrumb_links"] or []
        return context


class ControlledDocumentPage(ServingReadsMixin, Page):
    """Fields and behaviour shared by every controlled document."""

    # The public page names its agency: read with the page when served (qms.models.pages).
    serve_related: ClassVar[tuple[str, ...]] = ("agency",)
    # What the public page shows of its record beyond releases and signatures
    # (documents.selectors.public_record).
    public_record_parts: ClassVar[tuple[str, ...]] = ()

    def permissions_for_user(self, user: Any) -> Any:
        # Evidence: no delete or move for agency users (documents.models.permissions).
        return EvidencePagePermissionTester(user, self)

    # Unique within the agency as a code (qms.lib.text.code_key): "QT-HT-01" typed with a
    # non-breaking hyphen (U+2011) or a zero-width space is the same code as "QT-HT-01".
    code = CodeField(
        _("document code"),
        max_length=40,
        help_text=_("Unique within the agency, e.g. QT-01 or QT-HT-01."),
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Leave empty to use the default in the document control settings."),
    )
    next_review_date = models.DateField(
        _("next review date"), null=True, blank=True, editable=False
    )
    amendment_summary = models.TextField(
        _("amendment summary"),
        blank=True,
        help_text=_("What this release changes. Required from release 02 on."),
    )
    distribution_units = ParentalManyToManyField(
        "qms.ReceivingUnit",
        verbose_name=_("distribution: one-stop units"),
        blank=True,
        related_name="+",
    )
    distribution_positions = ParentalManyToManyField(
        "qms.Position",
        verbose_name=_("distribution: positions"),
        blank=True,
        related_name="+",
    )
    legal_bases = ParentalManyToManyField(
        "documents.LegalDocument",
        verbose_name=_("legal bases"),
        blank=True,
        related_name="+",
    )

    base_form_class = EditorDocumentForm
    # No slug (it comes from the code) and no SEO tab for agency users (documents.editor).
    promote_panels: ClassVar[list[Any]] = PROMOTE_PANELS
    parent_page_types: ClassVar[list[str]] = ["documents.DocumentIndexPage"]
    subpage_types: ClassVar[list[str]] = []
    # Fields whose content an e-signature covers (reliability test ES-03): everything printed on
    # the controlled PDF or the public page, the chosen go-live (effective) date included.
    signed_fields: ClassVar[tuple[str, ...]] = (
        "title",
        "code",
        "amendment_summary",
        "go_live_at",
        "review_interval_months",
        "distribution_units",
        "distribution_positions",
        "legal_bases",
    )
    control_panels: ClassVar[list[Any]] = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("code"), FieldPanel("review_interval_months")]
                ),
                FieldPanel("amendment_summary"),
                RevisionCheckPanel(),
            ],
            heading=_("Document control"),
        ),
    ]
    distribution_panels: ClassVar[list[Any]] = [
        MultiFieldPanel(
            [
                FieldPanel("distribution_units"),
                FieldPanel("distribution_positions"),
                FieldPanel("legal_bases"),
            ],
            heading=_("Distribution and legal bases"),
        ),
    ]
    search_fields: ClassVar[list[Any]] = [
        *Page.search_fields,
        index.SearchField("code", boost=3),
        index.SearchField("search_ascii"),
        # The admin's page search and the "Tài liệu" listing autocomplete on these: the
        # code ("QT-02", "qt 02", "qt02") and the title without diacritics (issue 13).
        index.AutocompleteField("search_heading"),
        index.FilterField("agency"),
    ]

    class Meta:
        abstract = True

    def body_text(self) -> str:
        """Plain text of the document's content, for search."""
        return ""

    def full_clean(self, *args: Any, **kwargs: Any) -> None:
        from documents.editor import sync_slug_with_code

        # URLs from the code ("qt-ht-05"), set before Wagtail would make one from the title.
        sync_slug_with_code(self)
        super().full_clean(*args, **kwargs)

    def minimal_clean(self) -> None:
        from documents.editor import sync_slug_with_code

        # What Wagtail's save() runs instead of full_clean() for a page that is not live.
        sync_slug_with_code(self)
        super().minimal_clean()

    def clean(self) -> None:
        super().clean()
        # The title is Wagtail's field: cleaned here as TitleField cleans ours.
        self.title = clean_line(getattr(self, "title", ""))
        if not self.title:
            raise ValidationError({"title": required_error(_("title"))})
        self._check_code_unique()

    def _check_code_unique(self) -> None:
        from documents.selectors import document_code_taken

        # The last line behind the admin form and document_draft: an agency has one
        # document per code, however the code was typed.
        agency = getattr(self, "agency", None) if self.agency_id else None
        if agency is not None and document_code_taken(
            agency=agency, code=self.code, exclude_page_id=self.pk
        ):
            raise ValidationError(
                {
                    "code": _(
                        "Another document of this agency already uses code %(code)s."
                    )
                    % {"code": self.code}
                }
            )

    def save(self, *args: Any, **kwargs: Any) -> Any:
        from documents.publishing import guard_live_change

        # The last check below every door to "live" (signed-only publishing, issue 9).
        guard_live_change(self, kwargs.get("update_fields"))
        return super().save(*args, **kwargs)

    def publish(self, revision: Any, *args: Any, **kwargs: Any) -> Any:
        from documents.publishing import require_signed

        # Going live, creating the release and queueing its PDF succeed or fail together: the
        # release is made by the page_published handler inside this transaction.
        with transaction.atomic():
            require_signed(revision)
            return super().publish(revision, *args, **kwargs)

    @property
    def search_ascii(self) -> str:
        # Diacritic-free copy so "dang ky khai sinh" finds "Đăng ký khai sinh" (stack notes §2).
        return anyascii(f"{self.title} {self.code} {self.body_text()}")

    @property
    def search_heading(self) -> str:
        # "QT HT 01 qtht01 Quy trinh giai quyet TTHC": the code's parts as words (PostgreSQL
        # reads "QT-02" as "qt" and "-02", and the query "QT-02" as "qt" and "02"), the code
        # run together (typed without hyphens) and the title folded to ASCII.
        parts = re.findall(r"[^\W_]+", self.code or "")
        compact = "".join(parts).lower()
        return f"{' '.join(parts)} {compact} {anyascii(self.title or '')}"

    def review_due_from(self, day: dt.date, default_months: int = 12) -> dt.date:
        months = self.review_interval_months or default_months
        month_index = day.month - 1 + months
        year, month = day.year + month_index // 12, month_index % 12 + 1
        return day.replace(year=year, month=month, day=min(day.day, 28))

    def current_release(self) -> Any:
        return self.releases.filter(
            superseded_at__isnull=True, withdrawn_at__isnull=True
        ).first()

    @classmethod
    def serving_reads(cls, page: Page, request: Any) -> dict[str, Any]:
        from documents.selectors import public_record_read
        from qms.selectors import breadcrumb_read

        # One statement: the amendment record lists every release, the one in force (one
        # per page, documents_release_one_current_uniq) names the cached rendering and its
        # signatures fill the control block. A preview reads the draft's own choices.
        preview = bool(getattr(request, "is_preview", False))
        parts = () if preview else cls.public_record_parts
        return {
            "record": public_record_read(cls, page.pk, parts=parts),
            "breadcrumb_links": breadcrumb_read(page, request),
        }

    def get_context(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        # Previews show unsaved drafts: they get their own cache key and are never stored.
        context["is_preview"] = bool(getattr(request, "is_preview", False))
        found = self.context_reads(request)
        record = found["record"]
        context["breadcrumb_links"] = found["breadcrumb_links"] or []
        context["record"] = record
        context["releases"] = record.releases
        context["current_release"] = record.current
        context["signatures"] = record.signatures
        context["today"] = timezone.localdate()
        seconds = settings.QMS_FRAGMENT_CACHE_SECONDS
        context["render_cache_seconds"] = 0 if context["is_preview"] else seconds
        return context


def _rich(value: Any) -> str:
    return strip_tags(str(value or ""))


class ProcedurePage(ControlledDocumentPage):
    """A procedure (Quy trình), in the standard section order of domain-vn.md §2.2."""

    class Kind(models.TextChoices):
        SYSTEM = "system", _("System procedure")
        TTHC = "tthc", _("Administrative procedure (TTHC) procedure")
        INSTRUCTION = "instruction", _("Work instruction")

    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.SYSTEM
    )
    owner_unit = models.ForeignKey(
        "qms.ReceivingUnit",
        verbose_name=_("owner unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner_position = models.ForeignKey(
        "qms.Position",
        verbose_name=_("owner position"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purpose = RichTextField(_("purpose"), features=RICH)
    scope = RichTextField(_("scope"), features=RICH)
    references = RichTextField(_("references"), blank=True, features=RICH)
    definitions = RichTextField(
        _("definitions and abbreviations"), blank=True, features=RICH
    )
    body = StreamField(body_blocks(), verbose_name=_("content"), use_json_field=True)
    records = StreamField(
        [("record", RecordBlock())],
        verbose_name=_("records to keep"),
        blank=True,
        use_json_field=True,
    )
    # Administrative procedure (TTHC) fields.
    national_code = CodeField(_("national procedure code"), max_length=40, blank=True)
    field = TitleField(_("field (lĩnh vực)"), max_length=150, blank=True)
    legal_time_limit = models.DecimalField(
        _("legal processing time limit"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        # No TTHC takes longer than a year: 3,000 is about a year in working hours.
        validators=[
            MinValueValidator(Decimal("0.01")),
            MaxValueValidator(Decimal(3000)),
        ],
    )
    legal_time_unit = models.CharField(
        _("unit"), max_length=10, choices=TimeUnit.CHOICES, default=TimeUnit.DAYS
    )
    fees = models.CharField(_("fees and charges"), max_length=255, blank=True)
    dossier = RichTextField(_("required dossier components"), blank=True, features=RICH)

    content_panels: ClassVar[list[Any]] = [
        *Page.content_panels,
        *ControlledDocumentPage.control_panels,
        FieldRowPanel(
            [FieldPanel("kind"), FieldPanel("owner_unit"), FieldPanel("owner_position")]
        ),
        FieldPanel("purpose"),
        FieldPanel("scope"),
        FieldPanel("references"),
        FieldPanel("definitions"),
        FieldPanel("body"),
        InlinePanel("form_attachments", label=_("Forms")),
        FieldPanel("records"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("national_code"), FieldPanel("field")]),
                FieldRowPanel(
                    [FieldPanel("legal_time_limit"), FieldPanel("legal_time_unit")]
                ),
                FieldPanel("fees"),
                FieldPanel("dossier"),
            ],
            heading=_("Administrative procedure (TTHC)"),
            classname="collapsed",
        ),
        *ControlledDocumentPage.distribution_panels,
    ]
    signed_fields: ClassVar[tuple[str, ...]] = (
        *ControlledDocumentPage.signed_fields,
        "kind",
        "owner_unit",
        "owner_position",
        "purpose",
        "scope",
        "references",
        "definitions",
        "body",
        "records",
        "national_code",
        "field",
        "legal_time_limit",
        "legal_time_unit",
        "fees",
        "dossier",
        "form_attachments",
    )
    template = "documents/procedure_page.html"
    public_record_parts: ClassVar[tuple[str, ...]] = ("legal_bases", "forms")

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def get_context(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> dict[str, Any]:
        from documents.outline import section_numbers, steps_time
        from qms.lib.portal_cache import current_version

        context = super().get_context(request, *args, **kwargs)

        def outline() -> dict[str, Any]:
            # Worked out only when the cached rendering is missing (documents.outline).
            if context["is_preview"]:
                # A preview shows the draft's choices, held by the revision, not the tables.
                legal = list(self.legal_bases.select_related("replaced_by"))
                for basis in legal:
                    replaced = basis.replaced_by if basis.replaced_by_id else None
                    basis.replaced_by_number = replaced.number if replaced else None
                forms = list(self.form_attachments.all())
            else:
                legal = context["record"].legal_bases
                forms = context["record"].forms
            return {
                "legal_bases": legal,
                "forms": forms,
                "numbers": section_numbers(self, legal_bases=legal, forms=forms),
                "time": steps_time(self),
            }

        context["outline"] = SimpleLazyObject(outline)
        # A legal basis repealed after the release changes the page: the fragment key
        # follows the portal version, which every such change renews (no key, no version).
        cached = context["render_cache_seconds"]
        context["portal_version"] = current_version() if cached else ""
        return context

    def body_text(self) -> str:
        steps = " ".join(
            f"{row['description']} {row['responsible']}"
            for block in self.body or []
            if block.block_type == "steps"
            for row in block.value["steps"]
        )
        texts = " ".join(
            _rich(b.value) for b in self.body or [] if b.block_type == "text"
        )
        # Text extracted from the attached form PDFs is searchable too (issue: "PDF text").
        forms = " ".join(
            f"{form.code} {form.name} {form.file.extracted_text if form.file_id else ''}"
            for form in self.form_attachments.all()
        )
        return " ".join(
            [_rich(self.purpose), _rich(self.scope), texts, steps, self.field, forms]
        )


class FormFileFieldPanel(FieldPanel):
    """The form row's file field with the form-file chooser (PDF, DOCX, XLSX uploads).

    The widget is looked up when the edit form is built: the chooser's viewset cannot be
    imported while models load.
    """

    def get_form_options(self) -> dict[str, Any]:
        from documents.form_files import form_file_chooser_viewset

        options = super().get_form_options()
        if options:
            options["widgets"] = {
                self.field_name: form_file_chooser_viewset.widget_class
            }
        return options


class ProcedureForm(Orderable):
    """A form (Biểu mẫu) attached to a procedure: PDF (appended to the controlled PDF), DOCX
    or XLSX (listed in it). A release freezes the rows it was made with (ReleaseForm)."""

    page = ParentalKey(
        ProcedurePage, on_delete=models.CASCADE, related_name="form_attachments"
    )
    code = CodeField(_("form code"), max_length=40)
    name = TitleField(_("form name"), max_length=255)
    file = models.ForeignKey(
        "documents.QmsDocument",
        verbose_name=_("Form file (PDF, DOCX or XLSX)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    panels: ClassVar[list[Any]] = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
        FormFileFieldPanel("file"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("form")
        verbose_name_plural = _("forms")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class InternalRulePage(ControlledDocumentPage):
    """The one-stop unit's internal rules (Quy chế hoạt động của Bộ phận Một cửa)."""

    preamble = RichTextField(_("preamble"), blank=True, features=RICH)
    chapters = StreamField(
        [("chapter", ChapterBlock())], verbose_name=_("chapters"), use_json_field=True
    )

    content_panels: ClassVar[list[Any]] = [
        *Page.content_panels,
        *ControlledDocumentPage.control_panels,
        FieldPanel("preamble"),
        FieldPanel("chapters"),
        *ControlledDocumentPage.distribution_panels,
    ]
    signed_fields: ClassVar[tuple[str, ...]] = (
        *ControlledDocumentPage.signed_fields,
        "preamble",
        "chapters",
    )
    template = "documents/internal_rule_page.html"

    class Meta:
        verbose_name = _("internal rules")
        verbose_name_plural = _("internal rules")

    def body_text(self) -> str:
        parts = []
        for chapter in self.chapters or []:
            parts.append(chapter.value["title"])
            parts.extend(
                f"{a['title']} {_rich(a['body'])}" for a in chapter.value["articles"]
            )
        return " ".join(parts)


class PolicyPage(ControlledDocumentPage):
    """The agency's quality policy (Chính sách chất lượng, ISO 9001:2015 5.2)."""

    statement = RichTextField(_("policy statement"), features=RICH)

    content_panels: ClassVar[list[Any]] = [
        *Page.content_panels,
        *ControlledDocumentPage.control_panels,
        FieldPanel("statement"),
        *ControlledDocumentPage.distribution_panels,
    ]
    signed_fields: ClassVar[tuple[str, ...]] = (
        *ControlledDocumentPage.signed_fields,
        "statement",
    )
    template = "documents/policy_page.html"

    class Meta:
        verbose_name = _("quality policy")
        verbose_name_plural = _("quality policies")

    def body_text(self) -> str:
        return _rich(self.statement)


DOCUMENT_PAGE_MODELS: tuple[type[ControlledDocumentPage], ...] = (
    ProcedurePage,
    InternalRulePage,
    PolicyPage,
)
