"""A small agency with a document index under the signing workflow, and its people."""

import pytest
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from documents.models import DocumentIndexPage, ProcedurePage
from documents.services.drafting import document_draft
from documents.services.workflow import workflow_assign
from qms import services as org
from qms.models import AgencyPage, HomePage, ReceivingUnit
from qms.roles import Role
from tests.factories import PASSWORD, AgencyFactory, ReceivingUnitFactory, staff_user

CANARY = "CANARY-DU-THAO-7f3a"
# The tree's one-stop unit: every test document is distributed to it, since nothing goes to
# review without a distribution (documents.editor).
DESK = "Bộ phận Một cửa phường Phố Hiến"


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def tree(db):
    root = Page.get_first_root_node()
    home = publish(root, HomePage(title="Cổng thông tin", slug="trang-chu"))
    Site.objects.update(root_page=home)
    agency = AgencyFactory(name="UBND phường Phố Hiến", kind="ubnd_phuong")
    other = AgencyFactory(name="UBND phường Khác", kind="ubnd_phuong")
    agency_page = publish(
        home, AgencyPage(title=agency.name, slug="pho-hien", agency=agency)
    )
    other_page = publish(home, AgencyPage(title=other.name, slug="khac", agency=other))
    index = publish(
        agency_page,
        DocumentIndexPage(title="Hệ thống tài liệu ISO", slug="tai-lieu-iso"),
    )
    workflow_assign(page=index)
    desk = ReceivingUnitFactory(agency=agency, name=DESK)
    officer = staff_user(Role.QUALITY_OFFICER, agency, username="thuky-test")
    head = staff_user(Role.HEAD, agency, username="lanhdao-test")
    deputy = staff_user(Role.HEAD, agency, username="phochutich-test")
    outsider = staff_user(Role.HEAD, other, username="lanhdao-khac")
    org.agency_page_groups_sync(page=agency_page)
    org.agency_page_groups_sync(page=other_page)
    return {
        "home": home,
        "agency": agency,
        "desk": desk,
        "index": index,
        "officer": officer,
        "head": head,
        "deputy": deputy,
        "outsider": outsider,
        "password": PASSWORD,
    }


def birth_procedure(**overrides) -> ProcedurePage:
    fields = {
        "title": "Quy trình giải quyết TTHC: Đăng ký khai sinh",
        "slug": "qt-ht-01",
        "code": "QT-HT-01",
        "kind": ProcedurePage.Kind.TTHC,
        "purpose": "<p>Quy định trình tự đăng ký khai sinh.</p>",
        "scope": "<p>Trung tâm Phục vụ hành chính công phường.</p>",
        "legal_time_limit": 1,
        "legal_time_unit": "days",
        "body": [
            ("text", f"<p>Tiếp nhận hồ sơ khai sinh {CANARY}</p>"),
            (
                "steps",
                {
                    "heading": "",
                    "steps": [
                        {
                            "step": "1",
                            "description": "Tiếp nhận hồ sơ",
                            "responsible": "Công chức",
                            "time_limit": 2,
                            "time_unit": "hours",
                            "forms": "Mẫu 01",
                        },
                        {
                            "step": "2",
                            "description": "Ký Giấy khai sinh",
                            "responsible": "Chủ tịch",
                            "time_limit": 1,
                            "time_unit": "hours",
                            "forms": "",
                        },
                    ],
                },
            ),
        ],
    }
    fields["distribution_units"] = list(ReceivingUnit.objects.filter(name=DESK)[:1])
    return ProcedurePage(**{**fields, **overrides})


@pytest.fixture
def draft(tree):
    return document_draft(
        parent=tree["index"], page=birth_procedure(), user=tree["officer"]
    )


def approve(page, people):
    """Submit the latest draft; the deputy reviews and the head approves; return the fresh page."""
    from documents.services.drafting import document_sign_current_step, document_submit

    document_submit(page=page, user=people["officer"])
    for signer in (people["deputy"], people["head"]):
        page.refresh_from_db()
        document_sign_current_step(page=page, user=signer, password=people["password"])
    page.refresh_from_db()
    return page


def procedure_form_data(page, title, **fields):
    """What the page editor posts for a procedure; ``fields`` override or add inputs.

    Multiple choices stay lists: the test client posts each as a repeated key, as a browser does.
    """
    # The boxes the editor shows ticked: the page's own distribution, unless overridden.
    fields = {
        "distribution_units": [str(u.pk) for u in page.distribution_units.all()],
        **fields,
    }
    choices = {k: fields.pop(k) for k in list(fields) if isinstance(fields[k], list)}
    return {
        **nested_form_data(
            {
                "title": title,
                "slug": page.slug,
                "code": page.code,
                "kind": page.kind,
                "purpose": rich_text("<p>Mục đích</p>"),
                "scope": rich_text("<p>Phạm vi</p>"),
                "legal_time_limit": "1",
                "legal_time_unit": "days",
                "body": streamfield([("text", rich_text("<p>Nội dung</p>"))]),
                "records": streamfield([]),
                "form_attachments-TOTAL_FORMS": 0,
                "form_attachments-INITIAL_FORMS": 0,
                "form_attachments-MIN_NUM_FORMS": 0,
                "form_attachments-MAX_NUM_FORMS": 1000,
                **fields,
            }
        ),
        **choices,
    }
