"""Demo documents in every state, built through the real workflow and signing services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from documents import demo_data as data
from documents import records_demo
from documents.forms import agency_for_parent
from documents.models import (
    ControlledDocumentPage,
    DocumentIndexPage,
    InternalRulePage,
    LegalDocument,
    PolicyPage,
    ProcedurePage,
)
from documents.services.drafting import (
    document_draft,
    document_sign_current_step,
    document_submit,
)
from documents.services.lifecycle import document_withdraw
from documents.services.workflow import workflow_assign, workflow_ensure
from qms.demo_data import AGENCIES, DEMO_PASSWORD
from qms.models import (
    AgencyPage,
    Position,
    ReceivingUnit,
    ReceivingUnitPage,
    StaffProfile,
)
from qms.roles import Role

Log = Callable[[str], None]
INDEX_SLUG = "tai-lieu-iso"
RULES_SLUG = "quy-che-hoat-dong"


@transaction.atomic
def seed(log: Log) -> None:
    """Create legal bases, document indexes and documents in every state (idempotent)."""
    workflow_ensure()
    legal = _legal_documents()
    agency_pages = {
        row.key: AgencyPage.objects.filter(agency__name=row.name).first()
        for row in AGENCIES
    }
    for key, page in agency_pages.items():
        if page is not None and page.agency.valid_to is None:
            _agency_documents(key, page, legal)
    for unit_page in ReceivingUnitPage.objects.select_related("unit__agency"):
        if unit_page.unit.agency.valid_to is None:
            _internal_rules(unit_page)
    records_demo.seed(log)
    from documents import demo_change_requests

    demo_change_requests.seed(log)
    log("Tài liệu mẫu đã sẵn sàng.")


def _legal_documents() -> dict[str, LegalDocument]:
    result = {}
    for number, title, issuer, issued, effective in data.LEGAL:
        result[number], _created = LegalDocument.objects.get_or_create(
            number=number,
            defaults={
                "title": title,
                "issuer": issuer,
                "issue_date": issued,
                "effective_date": effective,
            },
        )
    return result


def _index(parent: Page, title: str, slug: str) -> DocumentIndexPage:
    existing = parent.get_children().type(DocumentIndexPage).filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    index = DocumentIndexPage(title=title, slug=slug)
    parent.add_child(instance=index)
    index.save_revision().publish()
    workflow_assign(page=index)
    return index


def _people(agency: Any) -> tuple[Any, Any, Any]:
    """The agency's quality officer (drafts), a deputy (reviews) and its head (approves)."""
    User = get_user_model()
    heads = list(
        StaffProfile.objects.filter(agency=agency, user__groups__name=Role.HEAD.value)
        .select_related("user")
        .order_by("pk")
    )
    officer = (
        StaffProfile.objects.filter(
            agency=agency, user__groups__name=Role.QUALITY_OFFICER.value
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    author = officer.user if officer else User.objects.get(username="admin")
    if len(heads) < 2:
        return author, None, None
    return author, heads[1].user, heads[0].user


def _release(
    page: ControlledDocumentPage,
    people: tuple[Any, Any, Any],
    *,
    go_live: dt.datetime | None = None,
    age_days: int = 0,
) -> None:
    """Submit the latest draft; the deputy reviews and the head approves (demo password).

    A future ``go_live`` schedules the release. ``age_days`` makes demo history: the release is
    signed and published through the real workflow as of that many days ago, so no release
    starts before it was approved (issue 9: never back-dated).
    """
    author, reviewer, head = people
    with _days_ago(age_days):
        if go_live is not None:
            page.go_live_at = go_live
            page.save_revision(user=author)
        document_submit(page=page, user=author)
        for signer in (reviewer, head):
            page.refresh_from_db()
            document_sign_current_step(page=page, user=signer, password=DEMO_PASSWORD)


def _readers(index: Page, *, system: bool = False) -> dict[str, list[Any]]:
    """Who reads the index's documents: nothing goes to review without them (documents.editor).

    The system procedures concern the leadership and the ISO secretary; the policy and the
    rest everyone at the agency's one-stop units, or everyone by position where it has none
    (ISO 9001:2015 5.2.2, 7.3).
    """
    agency = agency_for_parent(index)
    held = Position.objects.filter(staff__agency=agency).distinct()
    if system:
        leaders = held.filter(Q(is_head=True) | Q(code="thu-ky-iso"))
        return {"distribution_positions": list(leaders)}
    units = list(ReceivingUnit.objects.filter(agency=agency))
    if units:
        return {"distribution_units": units}
    return {"distribution_positions": list(held)}


@contextmanager
def _days_ago(days: int) -> Iterator[None]:
    """Run the real workflow with the clock set ``days`` back.

    Releases and signatures are append-only: PostgreSQL refuses any change to their dates
    (AT-03), so old releases are made by signing and publishing them "then", not by moving
    their dates afterwards. Django, Wagtail and our services all read ``timezone.now``.
    """
    if not days:
        yield
        return
    real_now = timezone.now
    shift = dt.timedelta(days=days)
    with mock.patch("django.utils.timezone.now", lambda: real_now() - shift):
        yield


def _revise(
    page: ControlledDocumentPage,
    people: tuple[Any, Any, Any],
    summary: str,
    age_days: int,
) -> None:
    page = page.get_latest_revision_as_object()
    page.amendment_summary = summary
    with _days_ago(age_days):
        page.save_revision(user=people[0])
    _release(page, people, age_days=age_days)


def _agency_documents(
    key: str, agency_page: AgencyPage, legal: dict[str, LegalDocument]
) -> None:
    people = _people(agency_page.agency)
    if people[2] is None:
        return
    index = _index(agency_page, "Hệ thống tài liệu ISO", INDEX_SLUG)
    if key in {"p-pho-hien", "so-tu-phap"}:
        _policy(index, agency_page, people)
    if key == "p-pho-hien":
        _system_procedures(index, people)
    for row in data.TTHC:
        if row.agency == key:
            _tthc(index, row, people, legal)


def _exists(index: Page, code: str) -> bool:
    return any(
        model.objects.child_of(index).filter(code=code).exists()
        for model in (ProcedurePage, PolicyPage, InternalRulePage)
    )


def _policy(
    index: DocumentIndexPage, agency_page: AgencyPage, people: tuple[Any, Any, Any]
) -> None:
    if _exists(index, "CSCL"):
        return
    name = agency_page.agency.name
    statement = (
        data.POLICY_PHO_HIEN if "Phố Hiến" in name else data.POLICY_SO.format(name=name)
    )
    page = document_draft(
        parent=index,
        page=PolicyPage(
            title=f"Chính sách chất lượng của {name}",
            slug="chinh-sach-chat-luong",
            code="CSCL",
            statement=statement,
            **_readers(index),
        ),
        user=people[0],
    )
    _release(page, people, age_days=200)


def _procedure_text(title: str, clause: str) -> dict[str, Any]:
    return {
        "purpose": f"<p>Quy định thống nhất cách thức thực hiện: {title.lower()} (TCVN ISO 9001:2015, điều {clause}).</p>",
        "scope": "<p>Áp dụng đối với các phòng, bộ phận và Trung tâm Phục vụ hành chính công của cơ quan.</p>",
        "references": "<p>TCVN ISO 9001:2015; Quyết định 19/2014/QĐ-TTg; Mô hình khung HTQLCL (QĐ 101/QĐ-BKHCN).</p>",
        "definitions": "<p>HTQLCL: Hệ thống quản lý chất lượng; TTHC: thủ tục hành chính.</p>",
    }


def _system_procedures(index: DocumentIndexPage, people: tuple[Any, Any, Any]) -> None:
    author = people[0]
    for number, (code, title, clause) in enumerate(data.SYSTEM_PROCEDURES):
        if _exists(index, code):
            continue
        steps = [
            data.Step("Lập kế hoạch, dự thảo", "Thư ký ISO", Decimal(2), data.D),
            data.Step("Soát xét, phê duyệt", "Lãnh đạo", Decimal(1), data.D),
            data.Step("Triển khai, lưu hồ sơ", "Các bộ phận", Decimal(1), data.D),
        ]
        page = _draft_procedure(
            index,
            author,
            code,
            title,
            ProcedurePage.Kind.SYSTEM,
            steps,
            text=_procedure_text(title, clause),
        )
        if code == "QT-06":
            document_submit(page=page, user=author)  # stays "in review"
            continue
        _release(page, people, age_days=400 - number)
        if code == "QT-01":
            _revise(
                page,
                people,
                "Bổ sung quy định ban hành tài liệu điện tử có chữ ký số.",
                120,
            )
            _revise(
                page,
                people,
                "Cập nhật theo Nghị định 118/2025/NĐ-CP và mô hình chính quyền hai cấp.",
                30,
            )
    if not _exists(index, "QT-07"):
        _draft_procedure(
            index,
            author,
            "QT-07",
            "Quy trình đo lường sự hài lòng của người dân",
            ProcedurePage.Kind.SYSTEM,
            [data.Step("Khảo sát, tổng hợp ý kiến", "Thư ký ISO", Decimal(5), data.D)],
            text=_procedure_text("đo lường sự hài lòng", "9.1.2"),
        )


def _draft_procedure(
    index: Page,
    author: Any,
    code: str,
    title: str,
    kind: str,
    steps: list[data.Step],
    *,
    text: dict[str, Any],
    **extra: Any,
) -> ProcedurePage:
    body = [
        (
            "steps",
            {
                "heading": "",
                "steps": [
                    {
                        "step": str(i + 1),
                        "description": s.description,
                        "responsible": s.responsible,
                        "time_limit": s.amount,
                        "time_unit": s.unit,
                        "forms": s.forms,
                    }
                    for i, s in enumerate(steps)
                ],
            },
        ),
    ]
    records = [
        (
            "record",
            {
                "name": "Hồ sơ giải quyết TTHC"
                if kind == ProcedurePage.Kind.TTHC
                else "Hồ sơ thực hiện quy trình",
                "keeper": "Công chức phụ trách",
                "retention": "05 năm",
            },
        )
    ]
    page = ProcedurePage(
        title=title,
        slug=code.lower(),
        code=code,
        kind=kind,
        body=body,
        records=records,
        **text,
        **{**_readers(index, system=kind == ProcedurePage.Kind.SYSTEM), **extra},
    )
    return document_draft(parent=index, page=page, user=author)


def _tthc(
    index: DocumentIndexPage,
    row: data.Tthc,
    people: tuple[Any, Any, Any],
    legal: dict[str, LegalDocument],
) -> None:
    if _exists(index, row.code):
        return
    author, _reviewer, head = people
    page = _draft_procedure(
        index,
        author,
        row.code,
        f"Quy trình giải quyết TTHC: {row.title}",
        ProcedurePage.Kind.TTHC,
        row.steps,
        text=_procedure_text(row.title, "8.1"),
        field=row.field,
        national_code=data.NATIONAL_CODES.get(row.code, ""),
        legal_time_limit=row.limit,
        legal_time_unit=row.unit,
        fees=row.fees,
        dossier="<ul><li>Tờ khai theo mẫu</li><li>Giấy tờ tùy thân của người yêu cầu</li></ul>",
    )
    page.legal_bases.set([legal[number] for number in row.legal])
    # Everyone at the agency's one-stop desks applies the procedure, so everyone reads it.
    page.distribution_units.set(ReceivingUnit.objects.filter(agency_id=page.agency_id))
    if row.code == "QT-HT-02" and row.agency == "p-pho-hien":
        from documents.demo_forms import attach_marriage_forms

        attach_marriage_forms(page, user=author)
    page.save_revision(user=author)
    if row.code == "QT-HT-04":
        _release(
            page, people, go_live=timezone.now() + dt.timedelta(days=20)
        )  # future effective date
        return
    _release(page, people, age_days=300)
    if row.code == "QT-HT-01" and row.agency == "p-pho-hien":
        _revise(
            page,
            people,
            "Cập nhật thời hạn theo mô hình Trung tâm Phục vụ hành chính công phường.",
            60,
        )
    if row.code == "QT-HT-03":
        page.refresh_from_db()
        document_withdraw(
            page=page,
            user=head,
            reason="Thủ tục được thay thế, chờ ban hành quy trình liên thông mới.",
            password=DEMO_PASSWORD,
        )


def _internal_rules(unit_page: ReceivingUnitPage) -> None:
    people = _people(unit_page.unit.agency)
    author = people[0]
    if people[2] is None:
        return
    index = _index(unit_page, "Quy chế hoạt động", RULES_SLUG)
    if _exists(index, "QCHD"):
        return
    chapters = [("chapter", chapter) for chapter in data.RULE_CHAPTERS]
    page = document_draft(
        parent=index,
        page=InternalRulePage(
            title=f"Quy chế hoạt động của {unit_page.unit.name}",
            slug="quy-che",
            code="QCHD",
            chapters=chapters,
            preamble="<p>Ban hành kèm theo Quyết định của Chủ tịch UBND.</p>",
        ),
        user=author,
    )
    page.distribution_units.set([unit_page.unit])
    page.save_revision(user=author)
    _release(page, people, age_days=150)
