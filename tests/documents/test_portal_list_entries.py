"""The portal's list entries stay exact through every change a page or release goes through.

Issue 14 part 6: the agency, unit and index pages read their lists from ``PortalListEntry``.
Each test walks a change through the real services and Wagtail's own actions and holds the
lists to what the pages and releases say, worked out here without the entries: a live
document with no view restriction of its own and a release in force, under a live
document index with none (the index's own list does not ask about the index), ordered by
type, code and page.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from wagtail.actions.move_page import MovePageAction
from wagtail.models import Page, PageViewRestriction

from documents.models import (
    DOCUMENT_PAGE_MODELS,
    DocumentIndexPage,
    InternalRulePage,
    PortalListEntry,
)
from documents.selectors import public_documents, releases_in_force
from documents.services.drafting import document_draft
from documents.services.lifecycle import document_withdraw
from documents.services.portal_lists import list_entries_rebuild
from documents.services.releases import release_withdraw
from qms.models import AgencyPage, ReceivingUnit
from tests.documents.conftest import DESK, approve, birth_procedure, publish


def _truth(parent):
    """(group rank, code, title, release, effective date, URL) from the pages themselves."""
    parent = parent.specific
    if isinstance(parent, DocumentIndexPage):
        indexes = [parent]
    else:
        indexes = (
            Page.objects.child_of(parent)
            .live()
            .type(DocumentIndexPage)
            .filter(view_restrictions__isnull=True)
        )
    ranks = list(DOCUMENT_PAGE_MODELS)
    rows = []
    for index in indexes:
        for page in Page.objects.child_of(index).live().specific():
            if page.view_restrictions.exists():
                continue
            release = releases_in_force().filter(page_id=page.pk).first()
            if release is None:
                continue
            rank = ranks.index(type(page))
            rows.append(
                (
                    (rank, release.code, page.pk),
                    release.code,
                    release.title,
                    f"{release.number:02d}",
                    release.effective_date,
                    page.url,
                )
            )
    return [row[1:] for row in sorted(rows)]


def _shown(parent):
    shown, number = [], 1
    while True:
        documents = public_documents(parent, None, number)
        shown += [
            (d.code, d.title, d.number_label, d.effective_date, d.url)
            for d in documents.object_list
        ]
        if not documents.has_next():
            return shown
        number += 1


def _assert_exact(*parents):
    for parent in parents:
        assert _shown(parent) == _truth(parent), parent.url_path


def _procedure(tree, n, parent=None):
    page = document_draft(
        parent=parent or tree["index"],
        page=birth_procedure(
            title=f"Quy trình số {n:02d}", slug=f"qt-{n:02d}", code=f"QT-{n:02d}"
        ),
        user=tree["officer"],
    )
    return approve(page, tree)


def _agency_page(tree):
    return AgencyPage.objects.get(agency=tree["agency"])


def _move(page, parent):
    MovePageAction(page, parent, pos="last-child").execute(skip_permission_checks=True)


def _entries():
    return list(PortalListEntry.objects.order_by("pk").values())


@pytest.fixture
def listed(tree, monkeypatch):
    """Three procedures in force and an internal rule, listed two to a page."""
    monkeypatch.setattr("documents.selectors.PUBLIC_PER_PAGE", 2)
    pages = [_procedure(tree, n) for n in (3, 1, 2)]
    rule = document_draft(
        parent=tree["index"],
        page=InternalRulePage(
            title="Quy chế hoạt động",
            slug="qc-01",
            code="QC-01",
            distribution_units=list(ReceivingUnit.objects.filter(name=DESK)[:1]),
        ),
        user=tree["officer"],
    )
    return [*pages, approve(rule, tree)]


@pytest.mark.django_db
def test_published_documents_are_listed_by_type_and_code(tree, listed):
    agency_page = _agency_page(tree)
    _assert_exact(agency_page, tree["index"])
    assert [row[0] for row in _shown(agency_page)] == [
        "QT-01",
        "QT-02",
        "QT-03",
        "QC-01",
    ]
    assert len(_entries()) == 4


@pytest.mark.django_db
def test_a_new_release_replaces_the_listed_one(tree, listed):
    page = listed[0]
    revision = page.get_latest_revision_as_object()
    revision.title = "Quy trình số 03 (sửa đổi)"
    revision.amendment_summary = "Sửa tên quy trình."
    revision.save_revision(user=tree["officer"])
    approve(page, tree)
    _assert_exact(_agency_page(tree), tree["index"])
    assert ("QT-03", "Quy trình số 03 (sửa đổi)", "02") in [
        row[:3] for row in _shown(tree["index"])
    ]


@pytest.mark.django_db
def test_unpublished_and_withdrawn_documents_leave_the_lists(tree, listed):
    document_withdraw(
        page=listed[1], user=tree["head"], reason="Bãi bỏ.", password=tree["password"]
    )
    _assert_exact(_agency_page(tree), tree["index"])
    assert "QT-01" not in [row[0] for row in _shown(tree["index"])]
    release_withdraw(page=listed[2], user=tree["head"], reason="Hết hiệu lực.")
    _assert_exact(_agency_page(tree), tree["index"])
    assert [row[0] for row in _shown(tree["index"])] == ["QT-03", "QC-01"]


@pytest.mark.django_db
def test_view_restrictions_on_a_document_or_its_index(tree, listed):
    restriction = PageViewRestriction.objects.create(
        page=listed[0], restriction_type=PageViewRestriction.LOGIN
    )
    _assert_exact(_agency_page(tree), tree["index"])
    assert "QT-03" not in [row[0] for row in _shown(_agency_page(tree))]
    restriction.delete()
    _assert_exact(_agency_page(tree), tree["index"])
    assert "QT-03" in [row[0] for row in _shown(_agency_page(tree))]

    PageViewRestriction.objects.create(
        page=tree["index"], restriction_type=PageViewRestriction.LOGIN
    )
    _assert_exact(_agency_page(tree), tree["index"])
    assert _shown(_agency_page(tree)) == []


@pytest.mark.django_db
def test_an_unpublished_index_lists_nothing_on_its_agency_page(tree, listed):
    tree["index"].specific.unpublish(user=tree["head"])
    _assert_exact(_agency_page(tree))
    assert _shown(_agency_page(tree)) == []


@pytest.mark.django_db
def test_moved_documents_and_indexes_are_listed_where_they_are(tree, listed):
    other_page = AgencyPage.objects.exclude(agency=tree["agency"]).get()
    other_index = publish(
        other_page, DocumentIndexPage(title="Tài liệu ISO", slug="tai-lieu")
    )
    _move(listed[0], other_index)
    _assert_exact(_agency_page(tree), tree["index"], other_page, other_index)
    assert [row[0] for row in _shown(other_page)] == ["QT-03"]
    assert "/khac/tai-lieu/qt-03/" in _shown(other_page)[0][-1]

    # An index moved to another agency takes its documents along, at their new address.
    _move(tree["index"], other_page)
    _assert_exact(_agency_page(tree), other_page, tree["index"])
    assert _shown(_agency_page(tree)) == []
    assert len(_shown(other_page)) == 4


@pytest.mark.django_db
def test_deleting_pages_leaves_no_entry_behind(tree, listed):
    """An entry left for a deleted page would break its foreign key: the constraints are
    checked at once, as the commit would. A released document is never deleted (its
    releases protect it); a restricted draft is. (Not a transactional test: one that ran
    before in the same process would have flushed the tree's root page and site.)"""
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        listed[0].delete()
    draft = document_draft(
        parent=tree["index"], page=birth_procedure(slug="qt-09"), user=tree["officer"]
    )
    PageViewRestriction.objects.create(
        page=draft, restriction_type=PageViewRestriction.LOGIN
    )
    with transaction.atomic():
        draft.delete()
    assert len(_entries()) == 4
    _assert_exact(_agency_page(tree), tree["index"])
    connection.check_constraints()


@pytest.mark.django_db
def test_a_rebuild_writes_the_same_entries_as_the_changes_did(tree, listed):
    PageViewRestriction.objects.create(
        page=listed[1], restriction_type=PageViewRestriction.LOGIN
    )
    release_withdraw(page=listed[2], user=tree["head"], reason="Hết hiệu lực.")
    kept = _entries()
    assert list_entries_rebuild() == len(kept) == 2
    assert _entries() == kept
    PortalListEntry.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_portal_lists", stdout=out)
    assert "2 documents in force" in out.getvalue()
    assert _entries() == kept


@pytest.mark.django_db
def test_the_demo_lists_what_its_pages_and_releases_say(seeded):
    """seed_demo publishes through the services: its entries need no rebuild."""
    kept = _entries()
    assert len(kept) > 5
    list_entries_rebuild()
    assert _entries() == kept
    for agency_page in AgencyPage.objects.live():
        _assert_exact(agency_page)
