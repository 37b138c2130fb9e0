"""RL-07 with autosave on: two officers edit one document through the real edit view.

Explicit saves are plain form POSTs; autosaves are what Wagtail's editor sends every few hundred
milliseconds: the same form fields, ``Accept: application/json`` and, once the editor has an
autosave revision of its own, ``overwrite_revision_id``.
"""

import datetime as dt
import html as html_lib
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import Revision

from documents.models import LegalDocument, ProcedurePage
from documents.revision_guard import author_and_time
from documents.services.drafting import document_draft, document_submit
from qms.models import Position
from tests.documents.conftest import approve, birth_procedure, procedure_form_data
from tests.factories import ReceivingUnitFactory, StaffProfileFactory

HIDDEN = (
    "base_revision_id",
    "base_revision_at",
    "conflict_seen_at",
    "loaded_revision_id",
    "loaded_revision_created_at",
)


def _hidden_inputs(html: str) -> dict[str, str]:
    """The editor's hidden revision inputs, as the browser would post them back."""
    values = {}
    for name in HIDDEN:
        match = re.search(rf'name="{name}"(?: value="([^"]*)")?', html)
        values[name] = html_lib.unescape(match.group(1) or "") if match else ""
    return values


def _form(page, editor: dict[str, str], title: str, **extra):
    return procedure_form_data(page, title, **editor, **extra)


def _revisions(page):
    return Revision.page_revisions.filter(object_id=str(page.pk)).order_by(
        "created_at", "pk"
    )


def _latest(page):
    return _revisions(page).last()


class Editor:
    """One officer's open editor: what it loaded, and its own autosave revision."""

    def __init__(self, client, user, page):
        self.client, self.user, self.page = client, user, page
        self.url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        self.autosave_revision_id = None
        self.field_updates: dict[str, str] = {}
        client.force_login(user)
        self.hidden = _hidden_inputs(client.get(self.url).content.decode())

    def autosave(self, title: str, **extra):
        """A background save as Wagtail's autosave controller sends it."""
        self.client.force_login(self.user)
        data = {**_form(self.page, self.hidden, title, **extra), **self.field_updates}
        if self.autosave_revision_id:
            data["overwrite_revision_id"] = str(self.autosave_revision_id)
        response = self.client.post(
            self.url, data, headers={"Accept": "application/json"}
        )
        body = response.json()
        if body.get("success"):
            # What the autosave controller does with the answer: remember its own revision and
            # take the ids of new inline children, so the next save does not duplicate them.
            self.autosave_revision_id = body["revision_id"]
            self.field_updates.update(body["field_updates"])
        return response

    def save(self, title: str, **extra):
        """The officer presses "Lưu dự thảo"; a re-rendered editor keeps its hidden inputs."""
        self.client.force_login(self.user)
        data = {**_form(self.page, self.hidden, title, **extra), **self.field_updates}
        response = self.client.post(self.url, data)
        if response.status_code == 200:
            self.hidden = _hidden_inputs(response.content.decode())
            self.autosave_revision_id = (
                None  # a re-rendered page starts a new autosave session
            )
            self.field_updates = {}
        return response


@pytest.fixture
def page(tree):
    return document_draft(
        parent=tree["index"], page=birth_procedure(), user=tree["officer"]
    )


@pytest.mark.django_db
def test_an_officer_never_conflicts_with_her_own_autosave(client, tree, page):
    """GIVEN an officer whose editor autosaved twice (one revision, overwritten in place)
    WHEN she pauses and presses "Lưu dự thảo" with the inputs she loaded
    THEN the save goes through: her own autosave is no conflict."""
    a = Editor(client, tree["officer"], page)
    first = a.autosave("Tiêu đề đang gõ")
    assert first.status_code == 200, first.content
    second = a.autosave("Tiêu đề đang gõ tiếp")
    assert (
        second.json()["revision_id"] == first.json()["revision_id"]
    )  # overwritten in place

    assert a.save("Tiêu đề của A").status_code == 302
    assert _latest(page).content["title"] == "Tiêu đề của A"


@pytest.mark.django_db
def test_a_stale_explicit_save_gets_the_conflict_and_keeps_the_input(
    client, tree, page
):
    """GIVEN A and B open the same draft WHEN A saves (after autosaving), then B saves
    THEN B is told who changed it and when, B's input is still in the form, A's save stands."""
    a = Editor(client, tree["officer"], page)
    b = Editor(client, tree["deputy"], page)
    a.autosave("Tiêu đề của A")
    assert a.save("Tiêu đề của A").status_code == 302
    saved_by_a = _latest(page)

    response = b.save("Tiêu đề của B")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Tiêu đề của B"' in html  # B's input is kept
    assert tree["officer"].get_full_name() in html
    assert author_and_time(saved_by_a)["time"] in html  # "changed by A at hh:mm"
    compare = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=(page.pk, b.hidden["base_revision_id"], saved_by_a.pk),
    )
    assert (
        f'<a href="{compare}" target="_blank">' in html
    )  # and the diff of what A changed
    assert _latest(page) == saved_by_a
    assert _latest(page).content["title"] == "Tiêu đề của A"


@pytest.mark.django_db
def test_autosave_never_overrides_a_conflict_but_a_second_explicit_save_may(
    client, tree, page
):
    """GIVEN B has been shown the conflict with A's revision (the editor re-rendered with A's
    revision as Wagtail's loaded revision) WHEN B's editor autosaves THEN it is refused and
    nothing is written; WHEN B deliberately saves again THEN B's revision goes on top and both
    A's and B's revisions are in the history: no edit lost."""
    a = Editor(client, tree["officer"], page)
    b = Editor(client, tree["deputy"], page)
    assert a.save("Tiêu đề của A").status_code == 302
    assert b.save("Tiêu đề của B").status_code == 200  # the conflict
    count = _revisions(page).count()

    for _ in range(2):  # the autosave after the re-render, and a retry
        refused = b.autosave("Tiêu đề của B")
        assert refused.status_code == 400
        assert refused.json()["error_code"] == "invalid_revision"
        assert tree["officer"].get_full_name() in refused.json()["error_message"]
    assert _revisions(page).count() == count
    assert _latest(page).content["title"] == "Tiêu đề của A"

    assert b.save("Tiêu đề của B").status_code == 302
    titles = [r.content["title"] for r in _revisions(page)]
    assert titles[-2:] == ["Tiêu đề của A", "Tiêu đề của B"]
    assert _latest(page).user == tree["deputy"]


@pytest.mark.django_db
def test_a_stale_autosave_never_replaces_a_newer_revision(client, tree, page):
    """GIVEN B's editor has autosaved, so A's first save is a conflict, and A then saves
    deliberately WHEN B's editor autosaves again over its own revision THEN it is refused and
    A's revision stays the latest."""
    a = Editor(client, tree["officer"], page)
    b = Editor(client, tree["deputy"], page)
    assert b.autosave("B gõ trước").status_code == 200
    assert a.save("Tiêu đề của A").status_code == 200  # B's autosave is someone else's
    assert a.save("Tiêu đề của A").status_code == 302  # A decided, having seen it

    refused = b.autosave("B gõ tiếp")
    assert refused.status_code == 400
    assert refused.json()["error_code"] == "invalid_revision"
    assert _latest(page).content["title"] == "Tiêu đề của A"
    assert [r.content["title"] for r in _revisions(page)][-2:] == [
        "B gõ trước",
        "Tiêu đề của A",
    ]


@pytest.mark.django_db
def test_someone_elses_autosave_rewritten_in_place_is_a_conflict(client, tree, page):
    """GIVEN B loads the draft while A's autosave revision is the latest WHEN A keeps typing
    (autosave rewrites that revision in place) and B then saves THEN B gets the conflict."""
    a = Editor(client, tree["officer"], page)
    assert a.autosave("A gõ lần 1").status_code == 200
    b = Editor(client, tree["deputy"], page)
    assert b.hidden["base_revision_id"] == str(a.autosave_revision_id)
    assert a.autosave("A gõ lần 2").json()["revision_id"] == a.autosave_revision_id

    assert b.save("Tiêu đề của B").status_code == 200
    assert _latest(page).content["title"] == "A gõ lần 2"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["officer", "head"])
def test_a_submitted_revision_is_never_rewritten_by_autosave(client, tree, page, role):
    """GIVEN an editor autosaved a revision that was then sent for review WHEN that open
    editor autosaves again over it THEN it is refused: the revision in the workflow is exactly
    what was submitted. The officer (the submitter) is stopped by the workflow lock; the head,
    whom the lock lets through as the reviewer, by the frozen-revision guard (what was saved is
    what is published)."""
    user = tree[role]
    a = Editor(client, user, page)
    a.autosave("Bản gửi duyệt")
    submitted = _latest(page)
    assert submitted.pk == a.autosave_revision_id
    document_submit(page=page, user=tree["officer"])  # "Gửi duyệt" from the listing
    assert page.current_workflow_task_state.revision_id == submitted.pk

    response = a.autosave("Sửa sau khi gửi duyệt")
    assert response.status_code == 400
    expected = {"officer": "locked", "head": "invalid_revision"}[role]
    assert response.json()["error_code"] == expected
    submitted.refresh_from_db()
    assert submitted.content["title"] == "Bản gửi duyệt"


@pytest.mark.django_db
def test_a_released_revision_cannot_be_overwritten_in_place(client, tree, page):
    """GIVEN a released, signed revision WHEN its author's editor autosaves over it
    THEN the autosave is refused and the released revision is unchanged."""
    released = approve(page, tree).releases.get().revision
    a = Editor(client, tree["officer"], page)
    a.autosave_revision_id = released.pk  # an editor opened before the release
    response = a.autosave("Sửa bản đã ban hành", amendment_summary="Sửa lần 2")
    assert response.status_code == 400
    assert response.json()["error_code"] == "invalid_revision"
    released.refresh_from_db()
    assert released.content["title"] == birth_procedure().title


@pytest.mark.django_db
def test_the_model_guard_refuses_rewriting_frozen_revisions(tree, page):
    """Any code path, not only the editor: a revision in a workflow, signed or released is never
    rewritten in place; scheduling data may still change."""
    revision = page.get_latest_revision()
    revision.content["title"] = "Sửa trực tiếp"
    revision.save()  # a plain draft revision may be rewritten (that is what autosave does)

    document_submit(page=page, user=tree["officer"])
    revision.content["title"] = "Sửa khi đang duyệt"
    with pytest.raises(PermissionDenied):
        revision.save()
    revision.save(update_fields=["approved_go_live_at"])  # not content: allowed


@pytest.mark.django_db
def test_distribution_legal_bases_and_forms_survive_autosave_and_save(
    client, tree, page
):
    """GIVEN an officer chooses distribution, legal bases and a form WHEN her editor autosaves
    and she then saves THEN every revision and the published page carry exactly her choice."""
    unit = ReceivingUnitFactory(agency=tree["agency"])
    position = Position.objects.create(code="thu-ky-iso", name="Thư ký ISO")
    # The editor offers the positions someone at the agency holds (documents.editor).
    StaffProfileFactory(agency=tree["agency"], position=position)
    legal = LegalDocument.objects.create(
        number="63/2010/NĐ-CP",
        title="Nghị định về kiểm soát thủ tục hành chính",
        issuer="Chính phủ",
        issue_date=dt.date(2010, 6, 8),
    )
    choice = {
        "distribution_units": [str(unit.pk)],
        "distribution_positions": [str(position.pk)],
        "legal_bases": [str(legal.pk)],
        "form_attachments-TOTAL_FORMS": 1,
        "form_attachments-0-code": "BM-01",
        "form_attachments-0-name": "Tờ khai đăng ký khai sinh",
        "form_attachments-0-ORDER": 1,
    }
    a = Editor(client, tree["officer"], page)
    assert a.autosave("Có phân phối", **choice).status_code == 200
    assert a.autosave("Có phân phối", **choice).status_code == 200
    autosaved = _latest(page).as_object()
    assert list(autosaved.distribution_units.all()) == [unit]
    assert list(autosaved.distribution_positions.all()) == [position]
    assert list(autosaved.legal_bases.all()) == [legal]
    assert [f.code for f in autosaved.form_attachments.all()] == ["BM-01"]

    assert a.save("Có phân phối", **choice).status_code == 302
    saved = _latest(page).as_object()
    assert list(saved.legal_bases.all()) == [legal]
    assert list(saved.distribution_units.all()) == [unit]
    assert [f.code for f in saved.form_attachments.all()] == ["BM-01"]

    live = ProcedurePage.objects.get(pk=approve(page, tree).pk)
    assert list(live.distribution_units.all()) == [unit]
    assert list(live.distribution_positions.all()) == [position]
    assert list(live.legal_bases.all()) == [legal]
    assert [f.code for f in live.form_attachments.all()] == ["BM-01"]


@pytest.mark.django_db
def test_choices_of_a_live_document_change_only_in_the_draft(client, tree, page):
    """GIVEN a live procedure WHEN the officer's editor autosaves another legal basis THEN the
    draft revision carries it and the live page keeps the approved one until the next release."""
    old, new = (
        LegalDocument.objects.create(
            number=number,
            title=title,
            issuer="Chính phủ",
            issue_date=dt.date(2020, 1, 1),
        )
        for number, title in (("1/2020/NĐ-CP", "Cũ"), ("2/2024/NĐ-CP", "Mới"))
    )
    page.legal_bases.set([old])
    page.save_revision(user=tree["officer"])
    live = approve(page, tree)
    assert live.live

    a = Editor(client, tree["officer"], live)
    response = a.autosave(
        live.title, amendment_summary="Đổi căn cứ", legal_bases=[str(new.pk)]
    )
    assert response.status_code == 200, response.content
    assert list(_latest(live).as_object().legal_bases.all()) == [new]
    assert list(ProcedurePage.objects.get(pk=live.pk).legal_bases.all()) == [old]


@pytest.mark.django_db
def test_a_new_procedure_autosaved_from_the_create_view_obeys_the_same_rules(
    client, tree
):
    """GIVEN an officer's create view autosaved a new procedure (the editor is then hydrated into
    an edit view, with Wagtail's loaded revision inputs but no base of ours) WHEN she keeps
    typing THEN her own revision is no conflict; WHEN someone else then saves THEN her autosave
    is refused, her explicit save gets the conflict, and only her second save goes on top."""
    officer = tree["officer"]
    client.force_login(officer)
    add_url = reverse(
        "wagtailadmin_pages:add", args=("documents", "procedurepage", tree["index"].pk)
    )
    draft = birth_procedure(slug="qt-moi", code="QT-MOI")
    hidden = dict.fromkeys(HIDDEN, "")
    created = client.post(
        add_url,
        _form(draft, hidden, "Quy trình mới"),
        headers={"Accept": "application/json"},
    )
    assert created.status_code == 200, created.content
    body = created.json()
    page = ProcedurePage.objects.get(pk=body["pk"])
    a = Editor.__new__(Editor)
    a.client, a.user, a.page = client, officer, page
    a.url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    a.autosave_revision_id, a.field_updates = body["revision_id"], {}
    # What the hydration puts into the form: the revision the create view just wrote.
    a.hidden = {
        **hidden,
        "loaded_revision_id": str(body["revision_id"]),
        "loaded_revision_created_at": body["revision_created_at"],
    }
    assert (
        a.autosave("Quy trình mới, gõ tiếp").status_code == 200
    )  # her own: no conflict

    b = Editor(client, tree["deputy"], page)
    assert b.save("Quy trình mới, B sửa").status_code == 302
    assert a.autosave("A gõ tiếp").status_code == 400
    assert a.save("A gõ tiếp").status_code == 200  # the conflict
    assert _latest(page).content["title"] == "Quy trình mới, B sửa"
    assert a.save("A gõ tiếp").status_code == 302  # deliberate, after seeing it
    titles = [r.content["title"] for r in _revisions(page)]
    assert titles[-3:] == [
        "Quy trình mới, gõ tiếp",
        "Quy trình mới, B sửa",
        "A gõ tiếp",
    ]
