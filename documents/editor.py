"""The document editor for agency users (issue 13 part 3): URLs from the code, choices limited
to the document's agency, no submission without a distribution.

ISO 9001:2015 7.5.3.1(a): a controlled document reaches the people who need it, so the
distribution is chosen before anyone is asked to review it; 7.5.3.2(a): its public URL is
stable once released.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from documents.forms import ControlledDocumentForm
from qms.lib.slugs import ascii_slug, available_slug

# No agency user holds it, so Django grants it to superusers only (User.has_perm).
SUPERUSER_ONLY = "documents.superuser_only"

# Wagtail's "Promote" tab ("Quảng bá") without the slug, for superusers: the slug of a
# document comes from its code, and SEO fields mean nothing to a ward's secretary.
PROMOTE_PANELS: list[Any] = [
    MultiFieldPanel(
        [
            FieldPanel("seo_title", permission=SUPERUSER_ONLY),
            FieldPanel("search_description", permission=SUPERUSER_ONLY),
        ],
        heading=gettext_lazy("For search engines"),
        permission=SUPERUSER_ONLY,
    ),
    MultiFieldPanel(
        [FieldPanel("show_in_menus", permission=SUPERUSER_ONLY)],
        heading=gettext_lazy("For site menus"),
        permission=SUPERUSER_ONLY,
    ),
]


def sync_slug_with_code(page: Any) -> None:
    """Make a never-published document's slug its code in ASCII ("QT-HT-05" → "qt-ht-05").

    Once released, the slug stays whatever the code becomes: printed QR codes and links point
    at it. Costs no query when the slug already matches the code.
    """
    if page.first_published_at is not None or page.live:
        return
    base = ascii_slug(page.code or "", max_length=200)
    if not base:
        # A draft saved before its code was typed: a readable slug from the title meanwhile.
        if page.slug:
            return
        base = ascii_slug(page.title or "", max_length=200)
    if page.slug == base or not base:
        return
    page.slug = available_slug(page, page.get_parent(), base) if page.path else base


def distribution_missing_message() -> str:
    return _(
        "Choose at least one unit or position to receive the document before sending it "
        "for review."
    )


def revision_has_distribution(page: Any) -> bool:
    """Whether the revision a workflow would review names at least one unit or position."""
    latest = page.get_latest_revision_as_object()
    return bool(latest.distribution_units.all()) or bool(
        latest.distribution_positions.all()
    )


def require_distribution(page: Any) -> None:
    """Refuse to send a document with nobody to read it into review (the last check)."""
    if not revision_has_distribution(page):
        raise ValidationError(distribution_missing_message())


# --- Choices of the editor: the document's agency only (AC-03) ------------------------------


def unit_choices(agency: Any) -> QuerySet[Any]:
    from qms.models import ReceivingUnit

    # Acknowledgments fan out to the staff of the document's own agency (training.services).
    return ReceivingUnit.objects.filter(agency=agency).order_by("name")


def position_choices(agency: Any, chosen: list[int]) -> QuerySet[Any]:
    from qms.models import Position

    # Positions are a province-wide catalogue: offer those someone at the agency holds (a
    # position nobody holds reaches nobody), and keep what the document already names.
    held = Q(staff__agency=agency, staff__is_active=True)
    return Position.objects.filter(held | Q(pk__in=chosen)).distinct().order_by("name")


def legal_choices(chosen: list[int]) -> QuerySet[Any]:
    from documents.models import LegalDocument

    # The legal basis register is province-wide (national and provincial acts), so every
    # agency cites from all of it; entries withdrawn as mistakes are not offered again.
    withdrawn = LegalDocument.Status.WITHDRAWN
    return LegalDocument.objects.filter(~Q(status=withdrawn) | Q(pk__in=chosen))


class EditorDocumentForm(ControlledDocumentForm):
    """Checkboxes limited to the document's agency; submission needs a distribution."""

    _SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self._agency()
        chosen = self._chosen_ids()
        checkboxes = {
            "distribution_units": unit_choices(agency),
            "distribution_positions": position_choices(agency, chosen["positions"]),
            "legal_bases": legal_choices(chosen["legal"]),
        }
        for name, queryset in checkboxes.items():
            self._limit(name, queryset, agency, forms.CheckboxSelectMultiple)
        # The procedure's owner is chosen from the same units and positions (no other
        # agency's names in the select either).
        self._limit("owner_unit", unit_choices(agency), agency)
        self._limit("owner_position", checkboxes["distribution_positions"], agency)

    def _limit(
        self, name: str, queryset: QuerySet[Any], agency: Any, widget: Any = None
    ) -> None:
        field = self.fields.get(name)
        if field is None:
            return
        if widget is not None:
            field.widget = widget(attrs={"class": "qms-checkboxes"})
        # An id outside these choices (a forged POST) fails the field's own validation.
        field.queryset = queryset if agency is not None else queryset.none()

    def _chosen_ids(self) -> dict[str, list[int]]:
        page = self.instance
        if page.pk is None:
            return {"positions": [], "legal": []}
        owner = [getattr(page, "owner_position_id", None)]
        return {
            "positions": [p.pk for p in page.distribution_positions.all()]
            + [pk for pk in owner if pk],
            "legal": [d.pk for d in page.legal_bases.all()],
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self._submitting() and not (
            cleaned.get("distribution_units") or cleaned.get("distribution_positions")
        ):
            # Nothing is saved and nothing submitted: the editor shows the page as typed,
            # the message in its banner (which lists the form's own errors, not fields').
            self.add_error(None, distribution_missing_message())
        return cleaned

    def _submitting(self) -> bool:
        data = self.data
        return any(data.get(action) for action in self._SUBMIT_ACTIONS)


def refuse_review_without_distribution(
    sender: Any, instance: Any, **kwargs: Any
) -> None:
    """``pre_save`` of WorkflowState: no workflow starts on a document nobody would read.

    Below every door (editor, create-and-submit, restart, scripts): the editor's form says
    it first, with the page kept as typed; this refuses whatever gets past a door.
    """
    if kwargs.get("raw") or not instance._state.adding:
        return
    from documents.models import ControlledDocumentPage

    # The state points at the base Page row; the check needs the document's own fields.
    page = getattr(instance.content_object, "specific", None)
    if isinstance(page, ControlledDocumentPage):
        require_distribution(page)


def connect() -> None:
    from django.db.models.signals import pre_save
    from wagtail.models import WorkflowState

    pre_save.connect(
        refuse_review_without_distribution,
        sender=WorkflowState,
        dispatch_uid="documents_review_needs_distribution",
    )
