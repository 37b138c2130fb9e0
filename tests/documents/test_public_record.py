"""A document page's public record, read in one written statement (issue 14 part 6).

``documents.selectors.public_record`` replaced four ORM and raw reads; these tests hold it to
what the ORM gives: the same rows, in the same order, with the same values.
"""

import pytest

from documents.models import DocumentRelease, ElectronicSignature, LegalDocument
from documents.selectors import public_record
from tests.documents.conftest import approve
from tests.documents.test_query_counts import _grow


def _values(instances, names):
    return [tuple(getattr(i, name) for name in names) for i in instances]


RELEASE = (
    *("pk", "page_id", "number", "amendment_summary", "effective_date"),
    *("verify_token", "superseded_at", "withdrawn_at", "pdf_status", "is_current"),
)
SIGNATURE = ("pk", "release_id", "printed_name", "position", "meaning", "signed_at")
LEGAL = ("pk", "number", "title", "issuer", "issue_date", "status", "replaced_by_id")
FORM = ("pk", "release_id", "position", "code", "name", "file", "kind", "kind_label")


def _legal_bases(page):
    for number, day, status in (
        ("04/2020/TT-BTP", "2020-05-28", LegalDocument.Status.REPEALED),
        ("01/2022/TT-BTP", "2022-01-04", LegalDocument.Status.IN_FORCE),
        ("03/2022/TT-BTP", "2022-01-04", LegalDocument.Status.AMENDED),
    ):
        page.legal_bases.add(
            LegalDocument.objects.create(
                number=number,
                title=f"Thông tư {number}",
                issuer="Bộ Tư pháp",
                issue_date=day,
                status=status,
            )
        )
    old = LegalDocument.objects.get(number="04/2020/TT-BTP")
    old.replaced_by = LegalDocument.objects.get(number="01/2022/TT-BTP")
    old.save()


def check_public_record(tree, draft, django_assert_num_queries):
    _legal_bases(draft)
    draft.save_revision(user=tree["officer"])
    page = approve(draft, tree)
    _grow(page, tree, 4)  # four releases, the last with four forms

    with django_assert_num_queries(1):
        record = public_record(page, parts=("legal_bases", "forms"))
        # What the page reads of each row is there: no deferred field loads.
        _values(record.releases, RELEASE)
        _values(record.signatures, SIGNATURE)
        _values(record.legal_bases, LEGAL)
        _values(record.forms, FORM)

    releases = DocumentRelease.objects.filter(page=page).order_by("-number")
    assert _values(record.releases, RELEASE) == _values(releases, RELEASE)
    assert [r.number for r in record.releases] == [4, 3, 2, 1]
    current = releases.get(superseded_at__isnull=True, withdrawn_at__isnull=True)
    assert record.current.pk == current.pk
    signatures = ElectronicSignature.objects.filter(release=current)
    assert _values(record.signatures, SIGNATURE) == _values(
        signatures.order_by("signed_at", "id"), SIGNATURE
    )
    stored = type(page).objects.get(pk=page.pk)
    legal = LegalDocument.objects.filter(
        pk__in=[b.pk for b in stored.legal_bases.all()]
    )
    legal = legal.order_by("-issue_date", "number")
    assert _values(record.legal_bases, LEGAL) == _values(legal, LEGAL)
    assert [b.replaced_by_number for b in record.legal_bases] == [
        None,
        None,
        "01/2022/TT-BTP",
    ]
    forms = current.frozen_forms.order_by("position")
    assert _values(record.forms, FORM) == _values(forms, FORM)
    assert len(record.forms) == 4

    # Another document type reads releases and signatures only.
    bare = public_record(page, parts=())
    assert bare.legal_bases == [] and bare.forms == []
    assert [r.pk for r in bare.releases] == [r.pk for r in record.releases]


@pytest.mark.django_db
def test_public_record_is_what_the_orm_reads(tree, draft, django_assert_num_queries):
    check_public_record(tree, draft, django_assert_num_queries)


@pytest.mark.django_db
def test_a_document_without_a_release_has_an_empty_record(tree, draft):
    record = public_record(draft, parts=("legal_bases", "forms"))
    assert record.releases == [] and record.current is None
    assert record.signatures == [] and record.forms == []
