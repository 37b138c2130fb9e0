"""Another agency's world for the generated access test: one record of every scoped model.

Each record is a copy of a demo record moved into an agency that no demo role but the
supervisor may read, with its text fields carrying a canary string. A door that shows or
changes any of them is a leak, whatever the view. Records of a draft carry another canary,
which not even the supervisor may read (drafts are not registers).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Model
from wagtail.models import Page, Revision, WorkflowState

DRAFT = "Dự thảo CANARY-9Z của cơ quan khác"
REGISTER = "CANARY-REG-7Q"

# How a record of each model is placed in an agency (the field path to the agency).
AGENCY_PATHS = {
    "qms.ReceivingUnit": "agency",
    "qms.StaffProfile": "agency",
    "qms.Succession": "successor",
    "documents.ReviewFlag": "agency",
    "documents.DocumentRelease": "page__path__startswith",
    "documents.ChangeRequest": "agency",
    "training.Acknowledgment": "agency",
    "training.TrainingSession": "agency",
    "training.Attendance": "agency",
    "training.Quiz": "page__path__startswith",
    "audits.ChecklistTemplate": "agency",
    "audits.AuditProgramme": "agency",
    "audits.Audit": "agency",
    "audits.AuditItem": "audit__agency",
    "audits.Nonconformity": "agency",
    "audits.CorrectiveAction": "nonconformity__agency",
    "documents.QmsDocument": "collection__agency",
    "wagtailimages.Image": "collection__agency",
    "planning.ContextIssue": "agency",
    "planning.InterestedParty": "agency",
    "planning.RiskLevelScale": "agency",
    "planning.Risk": "agency",
    "planning.TreatmentAction": "agency",
    "dossiers.DossierImport": "agency",
    "dossiers.DossierStatistic": "agency",
    "performance.QualityObjective": "agency",
    "review.ManagementReview": "agency",
    "review.ReviewAction": "review__agency",
    "conformity.ScopeVersion": "agency",
    "conformity.Announcement": "agency",
    "reporting.AnnualReport": "agency",
    "inspections.Inspection": "agencies",
    "inspections.InspectionFinding": "agency",
}


@dataclass
class CanaryWorld:
    agency: Any
    agency_page: Page
    draft: Page
    records: dict[str, Model] = field(default_factory=dict)

    def record(self, label: str) -> Model | None:
        if label == "wagtailcore.Page":
            return self.draft
        return self.records.get(label)


def _with_canary_text(obj: Model, person: Any, **fixed: Any) -> Model:
    """A copy of ``obj`` saved with the given fields and the canary in its text fields.

    Every person it names becomes ``person``, of the world's agency: a demo user left as an
    owner or verifier would rightly be allowed to see the copy.
    """
    obj.pk = None
    obj.id = None  # type: ignore[attr-defined]
    obj._state.adding = True
    for f in type(obj)._meta.concrete_fields:
        if (
            isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and f.name not in fixed
            and (f.max_length is None or f.max_length > len(REGISTER) + 2)
            and getattr(obj, f.name)
        ):
            text = f"{REGISTER} {f.name}"
            setattr(obj, f.name, text[: f.max_length] if f.max_length else text)
        if (
            f.is_relation
            and f.related_model is get_user_model()
            and f.name not in fixed
        ):
            setattr(obj, f.name, person if getattr(obj, f.attname) else None)
    for name, value in fixed.items():
        setattr(obj, name, value)
    obj.save()
    return obj


def _copy(label: str, person: Any, **fixed: Any) -> Model:
    model = apps.get_model(label)
    original = model._default_manager.order_by("pk").first()
    assert original is not None, f"the demo has no {label} to copy"
    return _with_canary_text(original, person, **fixed)


def build(readable_sets: Iterable[frozenset[int] | None]) -> CanaryWorld:
    """Build the world in an agency none of ``readable_sets`` may read."""
    from audits.models import Audit, AuditProgramme
    from documents.forms import agency_for_parent
    from documents.models import (
        DocumentIndexPage,
        DocumentRelease,
        LegalDocument,
        ReviewFlag,
    )
    from documents.services.drafting import document_draft
    from qms.models import Agency, AgencyPage, StaffProfile, Succession
    from qms.roles import Role
    from tests.documents.conftest import birth_procedure
    from tests.factories import staff_user
    from training.models import Quiz

    hidden: set[int] = set()
    for readable in readable_sets:
        hidden |= set(readable or ())
    index = next(
        i
        for i in DocumentIndexPage.objects.order_by("path")
        if agency_for_parent(i).pk not in hidden
        and DocumentRelease.objects.filter(page__path__startswith=i.path).exists()
    )
    agency = agency_for_parent(index)
    agency_page = index.get_ancestors().type(AgencyPage).specific().last()
    author = get_user_model().objects.get(username="admin")
    draft = document_draft(
        parent=index,
        page=birth_procedure(title=DRAFT, slug="ban-nhap-canary", code="QT-CANARY"),
        user=author,
    )
    # Logged like an editor's save, so logs and reports have something to leak.
    draft.save_revision(user=author, log_action=True)
    world = CanaryWorld(agency=agency, agency_page=agency_page, draft=draft)
    put = world.records.__setitem__

    user = staff_user(Role.STAFF, agency, username="canary-user")
    user.first_name, user.last_name = REGISTER, "user"
    user.save()
    profile = StaffProfile.objects.get(user=user)
    profile.full_name = f"{REGISTER} staff"
    profile.save()
    put("auth.User", user)
    put("qms.StaffProfile", profile)
    put(
        "auth.Group",
        Group.objects.filter(name__contains=agency.name).first() or Group(),
    )
    put("qms.ReceivingUnit", _copy("qms.ReceivingUnit", user, agency=agency))
    other = Agency.objects.exclude(pk__in=hidden | {agency.pk}).first()
    put(
        "qms.Succession",
        _copy("qms.Succession", user, predecessor=other, successor=agency),
    )
    release = DocumentRelease.objects.filter(page__path__startswith=index.path).first()
    assert release is not None
    put("documents.DocumentRelease", release)
    put(
        "documents.ReviewFlag",
        ReviewFlag.objects.create(
            agency=agency,
            page=release.page,
            legal_document=LegalDocument.objects.order_by("pk")[0],
            status=LegalDocument.Status.AMENDED,
            due_date=dt.date(2026, 12, 31),
        ),
    )
    put(
        "documents.ChangeRequest",
        _copy(
            "documents.ChangeRequest",
            user,
            agency=agency,
            document=release.page,
            draft_revision=None,
            answered_by_release=None,
        ),
    )
    put("training.Quiz", Quiz.objects.create(page=draft, pass_mark=80))
    put(
        "training.Acknowledgment",
        _copy(
            "training.Acknowledgment",
            user,
            agency=agency,
            staff=profile,
            release=world.records["documents.DocumentRelease"],
        ),
    )
    session = _copy("training.TrainingSession", user, agency=agency)
    put("training.TrainingSession", session)
    put(
        "training.Attendance",
        _copy(
            "training.Attendance",
            user,
            agency=agency,
            session=session,
            staff=profile,
            corrects=None,
            certificate="",
        ),
    )
    put(
        "audits.ChecklistTemplate",
        _copy("audits.ChecklistTemplate", user, agency=agency),
    )
    programme = _copy("audits.AuditProgramme", user, agency=agency)
    assert isinstance(programme, AuditProgramme)
    programme.agencies_in_scope.set([agency])
    put("audits.AuditProgramme", programme)
    lead = staff_user(Role.AUDITOR, agency, username="canary-auditor")
    audit = _copy(
        "audits.Audit",
        user,
        agency=agency,
        unit=world.records["qms.ReceivingUnit"],
        programme=programme,
        lead_auditor=lead,
        template=world.records["audits.ChecklistTemplate"],
    )
    assert isinstance(audit, Audit)
    audit.team.set([])
    put("audits.Audit", audit)
    put(
        "audits.AuditItem", _copy("audits.AuditItem", user, audit=audit, procedure=None)
    )
    nc = _copy(
        "audits.Nonconformity",
        user,
        agency=agency,
        unit=world.records["qms.ReceivingUnit"],
        audit=audit,
        audit_item=None,
        procedure=None,
        sequence=9999,
    )
    put("audits.Nonconformity", nc)
    put(
        "audits.CorrectiveAction",
        _copy("audits.CorrectiveAction", user, nonconformity=nc),
    )
    batch = _copy("dossiers.DossierImport", user, agency=agency, requested_by=user)
    put("dossiers.DossierImport", batch)
    put(
        "dossiers.DossierStatistic",
        _copy(
            "dossiers.DossierStatistic",
            user,
            agency=agency,
            import_batch=batch,
            procedure=None,
        ),
    )
    put(
        "performance.QualityObjective",
        _copy("performance.QualityObjective", user, agency=agency, owner_unit=None),
    )
    review = _copy("review.ManagementReview", user, agency=agency)
    put("review.ManagementReview", review)
    put("review.ReviewAction", _copy("review.ReviewAction", user, review=review))
    put(
        "reporting.AnnualReport",
        _copy("reporting.AnnualReport", user, agency=agency, year=2019),
    )
    assert Succession.objects.filter(successor=agency).exists()
    _planning(world, user)
    scope = _copy("conformity.ScopeVersion", user, agency=agency, number=9999)
    put("conformity.ScopeVersion", scope)
    put(
        "conformity.Announcement",
        _copy("conformity.Announcement", user, agency=agency, scope=scope),
    )
    _inspections(world, user)
    _files(world)
    return world


def _inspections(world: CanaryWorld, user: Any) -> None:
    """An external inspection of the agency with a finding (issue 16 part 4)."""
    inspection = _copy("inspections.Inspection", user)
    inspection.agencies.set([world.agency])  # type: ignore[attr-defined]
    inspection.team_users.set([])  # type: ignore[attr-defined]
    world.records["inspections.Inspection"] = inspection
    world.records["inspections.InspectionFinding"] = _copy(
        "inspections.InspectionFinding",
        user,
        inspection=inspection,
        agency=world.agency,
        nonconformity=None,
    )


def _planning(world: CanaryWorld, user: Any) -> None:
    """The risk register's records (issue 15), copied from Phố Hiến's demo register."""
    from planning.models import RiskLevelScale

    agency, put = world.agency, world.records.__setitem__
    for label in ("planning.ContextIssue", "planning.InterestedParty"):
        put(label, _copy(label, user, agency=agency))
    put(
        "planning.RiskLevelScale",
        RiskLevelScale.objects.create(
            agency=agency, likelihood_labels=[REGISTER, "b", "c"]
        ),
    )
    risk = _copy(
        "planning.Risk",
        user,
        agency=agency,
        process=None,
        process_name=f"{REGISTER} process",
        likelihood=1,
        impact=1,
        residual_likelihood=None,
        residual_impact=None,
    )
    put("planning.Risk", risk)
    put(
        "planning.TreatmentAction",
        _copy("planning.TreatmentAction", user, agency=agency, risk=risk),
    )


def _files(world: CanaryWorld) -> None:
    """A file and an image in the agency's private collection (issue 10 part 2)."""
    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    from documents.models import QmsDocument
    from qms.services import agency_collection_ensure
    from tests.documents import pdf_fixtures

    collection = agency_collection_ensure(agency=world.agency)
    document = QmsDocument(title=f"{REGISTER} tệp", collection=collection)
    document.file.save("canary.pdf", ContentFile(pdf_fixtures.clean_pdf()), save=False)
    # As an upload would: size and hash known, so no screen has to fill them in later.
    document._set_document_file_metadata()
    document.save()
    png = io.BytesIO()
    PILImage.new("RGB", (4, 4)).save(png, "PNG")
    image = get_image_model()(
        title=f"{REGISTER} ảnh",
        collection=collection,
        file=ImageFile(png, name="canary.png"),
    )
    image._set_image_file_metadata()
    image.save()
    world.records["documents.QmsDocument"] = document
    world.records["wagtailimages.Image"] = image


def snapshot(world: CanaryWorld) -> dict[str, Any]:
    """Everything an out-of-scope write could change in the world, as comparable values."""
    state: dict[str, Any] = {}
    for label, record in world.records.items():
        model = type(record)
        state[label] = model._base_manager.filter(pk=record.pk).values().first()
        history = getattr(model, "history", None)
        if history is not None:
            state[f"{label} history"] = history.filter(id=record.pk).count()
    for label, path in AGENCY_PATHS.items():
        model = apps.get_model(label)
        value = (
            world.agency_page.path
            if path.endswith("path__startswith")
            else world.agency
        )
        state[f"{label} rows"] = model._base_manager.filter(**{path: value}).count()
    pages = Page.objects.filter(path__startswith=world.agency_page.path)
    state["pages"] = list(
        pages.order_by("pk").values_list(
            "pk", "title", "live", "latest_revision_id", "locked", "path", "draft_title"
        )
    )
    ids = [str(pk) for pk, *_rest in state["pages"]]
    state["revisions"] = Revision.objects.filter(
        base_content_type__model="page", object_id__in=ids
    ).count()
    state["workflows"] = WorkflowState.objects.filter(object_id__in=ids).count()
    return state
