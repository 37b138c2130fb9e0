"""Document change requests (issue 13 part 4; ISO 9001:2015 7.5.2, 7.5.3).

Done when: a change request raised by a member of staff reaches the ISO secretary, becomes a
draft, and the release that carries it lists it.
"""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from documents.models import ChangeRequest, DocumentRelease
from documents.services.change_requests import (
    change_request_accept,
    change_request_decline,
    change_request_raise,
)
from qms.exceptions import TransitionError
from qms.models import Notification
from qms.roles import Role
from tests.documents.conftest import approve
from tests.factories import staff_user


@pytest.fixture
def people(tree):
    other = tree["outsider"].staff_profile.agency
    return {
        **tree,
        "staff": staff_user(Role.STAFF, tree["agency"], username="congchuc-test"),
        "other_staff": staff_user(Role.STAFF, other, username="congchuc-khac"),
    }


@pytest.fixture
def released(people, draft):
    return approve(draft, people)


def _raise(page, user, what="Bước 1", why="Thiếu thành phần hồ sơ"):
    return change_request_raise(
        document=page, user=user, what=what, why=why, proposed_text="Bổ sung tờ khai"
    )


def _my_work(user):
    groups = {}
    for fn in hooks.get_hooks("qms_my_work"):
        for group in fn(user):
            groups[group["key"]] = group
    return groups


@pytest.mark.django_db
def test_request_reaches_the_secretary_becomes_a_draft_and_the_release_lists_it(
    client, people, released, django_capture_on_commit_callbacks
):
    staff, officer = people["staff"], people["officer"]
    client.force_login(staff)
    url = reverse("change_request_raise", args=[released.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"what": "  Bước 1  ", "why": "Thiếu tờ khai", "proposed_text": "Thêm"}
    )
    request = ChangeRequest.objects.get()
    assert response.status_code == 302
    assert request.code == f"PĐN-{timezone.localdate().year}-0001"
    assert request.what == "Bước 1"  # trimmed
    assert request.status == ChangeRequest.Status.SUBMITTED

    # The secretary sees it in My work and in the register.
    triage = _my_work(officer)["documents.change_requests.triage"]
    assert triage["count"] == 1
    assert request.code in triage["items"][0]["title"]
    assert _my_work(staff)["documents.change_requests.mine"]["count"] == 1
    client.force_login(officer)
    listing = client.get(reverse("change_requests:index")).content.decode()
    assert request.code in listing
    page = client.get(reverse("change_requests:inspect", args=[request.pk]))
    assert reverse("change_request_accept", args=[request.pk]) in page.content.decode()

    # Accept: a draft revision starts, linked; the requester is told by e-mail and in app.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("change_request_accept", args=[request.pk]))
    assert response.status_code == 302
    request.refresh_from_db()
    released.refresh_from_db()
    assert request.status == ChangeRequest.Status.ACCEPTED
    assert request.decided_by == officer
    assert request.draft_revision_id == released.latest_revision_id
    assert request.draft_revision.user == officer
    assert request.draft_revision_id != released.live_revision_id
    notice = Notification.objects.get(recipient=staff)
    assert request.code in notice.subject
    assert notice.url == reverse("change_requests:inspect", args=[request.pk])
    assert [m.to for m in mail.outbox if request.code in m.subject] == [[staff.email]]
    assert "documents.change_requests.triage" not in _my_work(officer)

    # The draft is edited, signed and published: the release answers the request.
    draft = request.draft_revision.as_object()
    draft.amendment_summary = "Bổ sung tờ khai vào bước 1"
    draft.save_revision(user=officer)
    approve(released, people)
    release = DocumentRelease.objects.get(page_id=released.pk, number=2)
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.ANSWERED
    assert request.answered_by_release == release
    assert release.amendment_summary.startswith("Bổ sung tờ khai vào bước 1")
    assert f"Đáp ứng phiếu đề nghị {request.code}: Bước 1" in release.amendment_summary
    view = client.get(reverse("documentrelease:inspect", args=[release.pk]))
    assert f"Đáp ứng phiếu đề nghị {request.code}" in view.content.decode()
    assert "documents.change_requests.mine" not in _my_work(staff)

    # Every step is in the request's history, with who and why.
    history = list(request.history.order_by("history_date"))
    assert [h.status for h in history] == ["submitted", "accepted", "answered"]
    assert [h.history_user for h in history[:2]] == [staff, officer]


@pytest.mark.django_db
def test_decline_needs_a_reason_and_tells_the_requester(
    people, released, django_capture_on_commit_callbacks
):
    request = _raise(released, people["staff"])
    with pytest.raises(ValidationError) as error:
        change_request_decline(request=request, user=people["officer"], reason="  ")
    assert "decline_reason" in error.value.error_dict
    with django_capture_on_commit_callbacks(execute=True):
        change_request_decline(
            request=request, user=people["officer"], reason="Đã có trong bước 2"
        )
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.DECLINED
    assert request.decline_reason == "Đã có trong bước 2"
    notice = Notification.objects.get(recipient=people["staff"])
    assert "Đã có trong bước 2" in notice.body
    assert any("Đã có trong bước 2" in m.body for m in mail.outbox)
    with pytest.raises(TransitionError):
        change_request_accept(request=request, user=people["officer"])
    assert request.history.filter(history_change_reason="Đã có trong bước 2").exists()


@pytest.mark.django_db
def test_what_and_why_are_required(people, released):
    with pytest.raises(ValidationError) as error:
        _raise(released, people["staff"], what="\u200b ", why="")
    assert set(error.value.error_dict) == {"what", "why"}
    assert not ChangeRequest.objects.exists()


@pytest.mark.django_db
def test_another_agency_cannot_raise_on_or_see_this_agencys_requests(
    client, people, released
):
    with pytest.raises(PermissionDenied) as error:
        _raise(released, people["other_staff"])
    assert "cơ quan" in str(error.value)  # a Vietnamese refusal
    request = _raise(released, people["staff"])
    client.force_login(people["other_staff"])
    assert (
        client.get(reverse("change_request_raise", args=[released.pk])).status_code
        == 404
    )
    assert (
        request.code
        not in client.get(reverse("change_requests:index")).content.decode()
    )
    inspect = reverse("change_requests:inspect", args=[request.pk])
    assert client.get(inspect).status_code in (302, 403, 404)
    client.force_login(people["outsider"])  # a head of the other agency
    assert client.get(inspect).status_code in (302, 403, 404)
    assert (
        client.post(reverse("change_request_accept", args=[request.pk])).status_code
        == 404
    )
    request.refresh_from_db()
    assert request.status == ChangeRequest.Status.SUBMITTED


@pytest.mark.django_db
def test_staff_see_only_their_own_and_cannot_decide(client, people, released):
    mine = _raise(released, people["staff"])
    colleague = staff_user(Role.STAFF, people["agency"], username="congchuc-2")
    theirs = _raise(released, colleague, what="Bước 2")
    client.force_login(people["staff"])
    listing = client.get(reverse("change_requests:index")).content.decode()
    assert mine.code in listing
    assert theirs.code not in listing
    with pytest.raises(PermissionDenied):
        change_request_accept(request=mine, user=people["staff"])
    with pytest.raises(PermissionDenied):
        change_request_accept(request=mine, user=people["head"])  # not the secretary
    response = client.post(reverse("change_request_accept", args=[mine.pk]))
    assert response.status_code in (302, 403)
    mine.refresh_from_db()
    assert mine.status == ChangeRequest.Status.SUBMITTED
    # The head reads the agency's requests.
    client.force_login(people["head"])
    listing = client.get(reverse("change_requests:index")).content.decode()
    assert mine.code in listing and theirs.code in listing


@pytest.mark.django_db
def test_a_document_in_review_is_not_redrafted(people, draft):
    from documents.services.drafting import document_submit

    request = _raise(draft, people["staff"])
    document_submit(page=draft, user=people["officer"])
    with pytest.raises(TransitionError):
        change_request_accept(request=request, user=people["officer"])


@pytest.mark.django_db
def test_numbers_run_per_agency_and_year(people, released):
    first = _raise(released, people["staff"])
    second = _raise(released, people["staff"], what="Bước 3")
    year = timezone.localdate().year
    assert (first.code, second.code) == (f"PĐN-{year}-0001", f"PĐN-{year}-0002")


@pytest.mark.django_db
def test_listing_queries_do_not_grow_with_rows(client, people, released):
    client.force_login(people["officer"])
    url = reverse("change_requests:index")
    _raise(released, people["staff"])
    client.get(url)  # warm caches (content types, site)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(6):
        _raise(released, people["staff"], what=f"Mục {n}")
    with CaptureQueriesContext(connection) as seven:
        assert client.get(url).status_code == 200
    assert len(seven) == len(one)


@pytest.mark.django_db
def test_my_work_entries_make_a_constant_number_of_queries(
    people, released, django_assert_max_num_queries
):
    for n in range(7):
        _raise(released, people["staff"], what=f"Mục {n}")
    officer = people["officer"]
    with django_assert_max_num_queries(3):
        groups = _my_work_entry(officer, "my_work_to_triage")
    assert groups[0]["count"] == 7 and len(groups[0]["items"]) == 5
    with django_assert_max_num_queries(3):
        groups = _my_work_entry(people["staff"], "my_work_own_requests")
    assert groups[0]["count"] == 7


def _my_work_entry(user, name):
    from documents import change_request_admin

    return getattr(change_request_admin, name)(user)


@pytest.mark.django_db
def test_a_draft_with_change_requests_is_not_deleted(
    client, people, draft, django_user_model
):
    from wagtail.models import Page

    _raise(draft, people["staff"])
    client.force_login(
        django_user_model.objects.create_superuser("root-test", "r@example.vn", "x")
    )
    client.post(reverse("wagtailadmin_pages:delete", args=[draft.pk]))
    assert Page.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_the_request_screen_speaks_vietnamese(client, people, released):
    import re

    request = _raise(released, people["staff"])
    client.force_login(people["staff"])
    html = client.get(reverse("change_requests:inspect", args=[request.pk])).content
    text = re.sub(r"<[^>]+>", " ", html.decode())
    assert "Phần, mục cần sửa đổi" in text
    assert "Đã gửi" in text
    for word in ("None", "True", "False"):
        assert not re.search(rf"\b{word}\b", text), word
