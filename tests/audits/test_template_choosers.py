"""AC-03 for choosers: a template's question rows offer only procedures the user may read."""

import pytest
from django.urls import reverse

from audits.models import ChecklistTemplate, Clause
from documents.models import DocumentIndexPage, ProcedurePage
from documents.services.drafting import document_draft
from tests.documents.conftest import (
    birth_procedure,
    tree,  # noqa: F401  (the portal tree fixture)
)


@pytest.mark.django_db
def test_question_rows_offer_only_in_scope_procedures(client, tree):  # noqa: F811
    other_page = tree["home"].get_children().get(slug="khac")
    other_index = other_page.add_child(
        instance=DocumentIndexPage(title="Tài liệu", slug="tai-lieu")
    )
    document_draft(
        parent=other_index,
        page=birth_procedure(title="Quy trình nội bộ khác", code="QT-X-99", slug="x"),
        user=tree["outsider"],
    )
    own = document_draft(
        parent=tree["index"], page=birth_procedure(), user=tree["officer"]
    )
    foreign = ProcedurePage.objects.get(code="QT-X-99")
    client.force_login(tree["officer"])
    url = reverse("checklisttemplate:add")
    assert client.get(url).status_code == 200

    def post(procedure):
        return client.post(
            url,
            {
                "code": "CL-TEST",
                "agency": tree["agency"].pk,
                "name": "Danh mục kiểm tra thử",
                "description": "",
                "change_reason": "",
                "items-TOTAL_FORMS": "1",
                "items-INITIAL_FORMS": "0",
                "items-MIN_NUM_FORMS": "0",
                "items-MAX_NUM_FORMS": "1000",
                "items-0-sort_order": "1",
                "items-0-clause": Clause.objects.first().pk,
                "items-0-question": "Có thực hiện đúng quy trình không?",
                "items-0-procedure": procedure.pk,
                "items-0-guidance": "",
                "items-0-ORDER": "1",
                "items-0-DELETE": "",
                "items-0-id": "",
            },
        )

    refused = post(foreign)
    assert refused.status_code == 200
    assert not ChecklistTemplate.objects.filter(code="CL-TEST").exists()
    accepted = post(own)
    assert accepted.status_code == 302, accepted.content.decode()[-3000:]
    template = ChecklistTemplate.objects.get(code="CL-TEST")
    assert template.items.get().procedure_id == own.pk
