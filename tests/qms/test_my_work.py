"""Việc của tôi (issue 13 part 1): each demo role's page and dashboard list what that role
acts on, and nothing it does not; the page costs the same queries whatever the rows."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audits.models import Audit, CorrectiveAction, Nonconformity
from documents.models import ProcedurePage
from documents.services.drafting import document_sign_current_step
from qms.demo_data import DEMO_PASSWORD
from qms.my_work import my_work_groups

MY_WORK = "/admin/viec-cua-toi/"


def _groups(username):
    user = User.objects.get(username=username)
    return {group["key"]: group for group in my_work_groups(user)}


def _titles(group):
    return " | ".join(entry["title"] for entry in group["items"])


def _page(client, username, url=MY_WORK):
    client.force_login(User.objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _group_html(html, key):
    found = re.search(
        rf'<section[^>]*data-my-work-group="{re.escape(key)}".*?</section>', html, re.S
    )
    assert found, f"no group {key}"
    return found.group(0)


def test_the_menu_points_to_my_work(seeded, client):
    html = _page(client, "congchuc", reverse("wagtailadmin_home"))
    assert MY_WORK in html
    assert reverse("qms_my_work") == MY_WORK


def test_danhgia_sees_the_overdue_audit_in_progress(seeded, client):
    audits = _groups("danhgia")["audits.audits"]
    first = audits["items"][0]
    assert first["title"].startswith("DG-2026-02")
    assert first["overdue"] is True  # planned to end on 25/11, still in progress
    # The closed audit DG-2026-01 is done: nothing to act on.
    assert "DG-2026-01" not in _titles(audits)
    html = _group_html(_page(client, "danhgia"), "audits.audits")
    assert "DG-2026-02" in html
    assert "quá hạn" in html
    # An audit's date is its planned end, not a reading's "Hạn xác nhận".
    assert "Thời hạn" in html
    assert "Hạn xác nhận" not in html


def test_danhgia_dashboard_is_not_empty(seeded, client):
    html = _page(client, "danhgia", reverse("wagtailadmin_home"))
    assert 'data-my-work-group="audits.audits"' in html
    assert "DG-2026-02" in html


def test_congchuc_sees_the_corrective_actions_he_owns(seeded, client):
    congchuc = User.objects.get(username="congchuc")
    nc = Nonconformity.objects.filter(owner=congchuc, status="planned").first()
    assert nc is not None, "the demo plans an action for congchuc"
    mine = CorrectiveAction.objects.create(
        nonconformity=nc,
        description="Cập nhật sổ theo dõi hồ sơ tháng 11",
        owner=congchuc,
        due_date=timezone.localdate() + dt.timedelta(days=5),
    )
    someone_else = CorrectiveAction.objects.create(
        nonconformity=nc,
        description="Việc của người khác",
        owner=User.objects.get(username="thuky"),
        due_date=timezone.localdate() + dt.timedelta(days=5),
    )
    actions = _groups("congchuc")["audits.actions"]
    assert (
        actions["count"]
        == CorrectiveAction.objects.filter(owner=congchuc, status="open").count()
    )
    assert "Cập nhật sổ theo dõi hồ sơ tháng 11" in _titles(actions)
    assert someone_else.description not in _titles(actions)
    assert actions["items"][0]["overdue"] is True  # the demo's action is ten days late
    full = _page(client, "congchuc", actions["url"])
    assert mine.description in full
    assert someone_else.description not in full


def test_congchuc_sees_reading_and_nonconformities_he_owns(seeded):
    groups = _groups("congchuc")
    assert "QT-HT-01" in _titles(groups["training.reading"])
    assert groups["training.reading"]["url"] == reverse("training_my_tasks")
    analyse = groups["audits.analyse"]
    assert "Niêm yết phí chưa cập nhật" in _titles(analyse)
    # He signs nothing and verifies nothing.
    assert "documents.signing" not in groups
    assert "audits.verify" not in groups


def test_congchuc_dashboard_has_no_review_panel(seeded, client):
    html = _page(client, "congchuc", reverse("wagtailadmin_home"))
    assert "Tài liệu đến hạn xem xét" not in html  # the agency's review panel
    assert "Chờ bạn soát xét" not in html  # Wagtail's "Awaiting your review"
    assert "PDF lỗi" not in html
    # My work is the first panel.
    first = re.search(r'<section class="w-panel"[^>]*aria-labelledby="([^"]+)"', html)
    assert first and first.group(1) == "qms-my-work-heading"


def test_thuky_sees_reviews_due_but_not_her_own_submission(seeded, client):
    groups = _groups("thuky")
    review = groups["documents.review_due"]
    assert "QT-02" in _titles(review)
    assert all(entry["overdue"] for entry in review["items"])
    # QT-06 is her submission: waiting for the deputy's review, not hers.
    assert "documents.signing" not in groups
    html = _page(client, "thuky", reverse("wagtailadmin_home"))
    assert "Chờ bạn soát xét" not in html
    assert "QT-06" not in _group_html(_page(client, "thuky"), "documents.review_due")


def test_phochutich_reviews_and_lanhdao_then_approves(seeded, client):
    assert "QT-06" in _titles(_groups("phochutich")["documents.signing"])
    page = ProcedurePage.objects.get(code="QT-06", agency__name__contains="Phố Hiến")
    document_sign_current_step(
        page=page, user=User.objects.get(username="phochutich"), password=DEMO_PASSWORD
    )
    # The reviewer does not approve what he reviewed; the head now has an approval.
    assert "documents.signing" not in _groups("phochutich")
    signing = _groups("lanhdao")["documents.signing"]
    assert signing["count"] == 1
    assert "QT-06" in _titles(signing)
    assert "Phê duyệt" in _titles(signing)
    html = _group_html(_page(client, "lanhdao"), "documents.signing")
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in html
    # On the dashboard the approval is in My work, and Wagtail's "Awaiting your review"
    # panel, whose row action signs, stays for whoever has a step to sign.
    dashboard = _page(client, "lanhdao", reverse("wagtailadmin_home"))
    assert 'data-my-work-group="documents.signing"' in dashboard
    assert "Chờ bạn soát xét" in dashboard


def test_giamsat_acts_on_nothing_and_oversees_reviews(seeded, client):
    assert _groups("giamsat") == {}
    assert "Hiện không có việc nào chờ bạn" in _page(client, "giamsat")
    dashboard = _page(client, "giamsat", reverse("wagtailadmin_home"))
    assert "Tài liệu đến hạn xem xét" in dashboard


def test_the_reading_list_keeps_its_url_and_new_title(seeded, client):
    html = _page(client, "congchuc", reverse("training_my_tasks"))
    assert "<title>Tài liệu cần đọc" in html or "Tài liệu cần đọc" in html
    assert "QT-HT-01" in html


def test_an_unknown_full_list_is_refused(seeded, client):
    client.force_login(User.objects.get(username="congchuc"))
    assert client.get(reverse("audits_my_work", args=["nothing"])).status_code == 404


def _grow(n, start):
    """n more actions, nonconformities and audits for congchuc and danhgia."""
    congchuc = User.objects.get(username="congchuc")
    danhgia = User.objects.get(username="danhgia")
    nc = Nonconformity.objects.filter(owner=congchuc, status="planned").first()
    template_nc = Nonconformity.objects.filter(owner=congchuc, status="new").first()
    audit = Audit.objects.get(code="DG-2026-02")
    today = timezone.localdate()
    for i in range(start, start + n):
        CorrectiveAction.objects.create(
            nonconformity=nc,
            description=f"Hành động {i}",
            owner=congchuc,
            due_date=today,
        )
        Nonconformity.objects.create(
            code=f"SKPH-2026-9{i:03d}",
            year=2026,
            sequence=900 + i,
            source="late_dossier",
            agency=template_nc.agency,
            unit=template_nc.unit,
            owner=congchuc,
            title=f"Hồ sơ trễ hạn {i}",
            description="d",
            detected_on=today,
        )
        joined = Audit.objects.create(
            programme=audit.programme,
            code=f"DG-2026-9{i:02d}",
            agency=audit.agency,
            template=audit.template,
            scope="s",
            criteria="c",
            lead_auditor=congchuc,
            planned_start=today,
            planned_end=today,
        )
        joined.team.add(danhgia)


def _count(client, url):
    client.get(url)  # warm the per-request caches (site, settings)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("username", ["congchuc", "danhgia", "thuky", "lanhdao"])
@pytest.mark.parametrize("url", [MY_WORK, "/admin/"])
def test_my_work_costs_the_same_queries_for_1_and_20_rows(
    seeded, client, django_assert_num_queries, username, url
):
    client.force_login(User.objects.get(username=username))
    _grow(1, 0)
    small = _count(client, url)
    _grow(19, 1)
    client.get(url)
    with django_assert_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200


def test_a_full_list_costs_the_same_queries_for_1_and_20_rows(
    seeded, client, django_assert_num_queries
):
    client.force_login(User.objects.get(username="congchuc"))
    url = reverse("audits_my_work", args=["analyse"])
    _grow(1, 0)
    small = _count(client, url)
    _grow(19, 1)
    client.get(url)
    with django_assert_num_queries(small):
        html = client.get(url).content.decode()
    assert "Hồ sơ trễ hạn 19" in html


def test_the_dashboard_asks_for_the_signing_steps_once(seeded, client, monkeypatch):
    """The review panel's gate reads My work's signing group instead of computing it again."""
    from documents import my_work as documents_my_work

    calls = []
    original = documents_my_work.signing_group

    def counted(user):
        calls.append(user.username)
        return original(user)

    monkeypatch.setattr(documents_my_work, "signing_group", counted)
    dashboard = _page(client, "phochutich", reverse("wagtailadmin_home"))

    assert calls == ["phochutich"]
    assert "Chờ bạn soát xét" in dashboard
