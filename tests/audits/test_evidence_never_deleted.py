"""Evidence is never hard-deleted: every delete door answers 403/405 (AT-03, AT-04).

Nonconformities, citizens' feedback, corrective actions, legal documents and attendance are cancelled or withdrawn with a reason
instead (ISO 9001:2015 7.5.3.2 c).
"""

import contextlib
import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from audits.models import CorrectiveAction, Nonconformity
from audits.services.nonconformities import (
    PlannedAction,
    action_cancel,
    nonconformity_analyse,
    nonconformity_plan,
)
from documents.models import LegalDocument
from documents.services.legal import legal_document_withdraw
from feedback.services import feedback_submit
from qms.exceptions import TransitionError
from training.models import Attendance, TrainingCourse, TrainingSession

DUE = dt.date.today() + dt.timedelta(days=10)


def _planned(nc, people, *descriptions):
    nonconformity_analyse(
        nc=nc, user=people["officer"], correction="", whys=["Vì sao"], root_cause="Gốc"
    )
    nonconformity_plan(
        nc=nc,
        user=people["officer"],
        actions=[PlannedAction(d, people["staff"], DUE) for d in descriptions],
    )
    nc.refresh_from_db()
    return nc


@pytest.fixture
def evidence(nc, people, other_unit, other_agency):
    nc = _planned(nc, people, "Sửa bảng niêm yết")
    complaint = feedback_submit(
        unit=other_unit, description="Cán bộ hẹn trả kết quả nhưng trễ hai ngày."
    )
    law = LegalDocument.objects.create(
        number="01/2026/TT-BTP",
        title="Thông tư thử",
        issuer="Bộ Tư pháp",
        issue_date=dt.date(2026, 1, 1),
    )
    course = TrainingCourse.objects.create(title="ISO", topic="iso_awareness", hours=4)
    session = TrainingSession.objects.create(
        course=course,
        agency=other_agency,
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 3, 1),
        place="Hội trường",
        trainer="Giảng viên",
    )
    attendance = Attendance.objects.create(
        session=session, staff=people["staff"].staff_profile, agency=other_agency
    )
    return {
        "nonconformity": nc,
        "complaint": complaint,
        "correctiveaction": nc.actions.get(),
        "legaldocument": law,
        "training_attendance": attendance,
    }


def _delete_urls(name, pk):
    urls = [reverse(f"{name}:delete", args=[pk])]
    # Model viewsets have no bulk actions; snippets would.
    with contextlib.suppress(NoReverseMatch):
        urls.append(reverse(f"{name}:bulk_delete"))
    return urls


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["superuser", "officer"])
@pytest.mark.parametrize(
    "key",
    [
        "nonconformity",
        "complaint",
        "correctiveaction",
        "legaldocument",
        "training_attendance",
    ],
)
def test_every_delete_door_is_refused_and_the_row_remains(
    client, people, evidence, who, key
):
    user = people["officer"]
    if who == "superuser":
        user = get_user_model().objects.create_superuser("root", "r@example.vn", "x")
    client.force_login(user)
    obj = evidence[key]
    name = "feedback_register" if key == "complaint" else key
    for url in _delete_urls(name, obj.pk):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (403, 404, 405), (url, response.status_code)
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "index"),
    [
        ("nonconformity", "nonconformity:index"),
        ("correctiveaction", "correctiveaction:index"),
        ("legaldocument", "legaldocument:index"),
        ("training_attendance", "training_attendance:index"),
    ],
)
def test_no_delete_button_even_for_a_superuser(client, evidence, key, index):
    client.force_login(
        get_user_model().objects.create_superuser("root", "r@example.vn", "x")
    )
    obj = evidence[key]
    html = client.get(reverse(index)).content.decode()
    assert reverse(f"{key}:delete", args=[obj.pk]) not in html
    edit = client.get(reverse(f"{key}:edit", args=[obj.pk]))
    assert reverse(f"{key}:delete", args=[obj.pk]) not in edit.content.decode()


@pytest.mark.django_db
def test_a_cancelled_action_stays_in_the_register_with_its_reason(client, nc, people):
    nc = _planned(nc, people, "Hành động một", "Hành động hai")
    first, second = nc.actions.order_by("pk")
    action_cancel(
        action=first, user=people["officer"], reason="Trùng với hành động hai"
    )
    first.refresh_from_db()
    assert first.status == CorrectiveAction.Status.CANCELLED
    assert first.cancel_reason == "Trùng với hành động hai"
    record = first.history.latest()
    assert record.history_user == people["officer"]
    assert "Trùng với hành động hai" in record.history_change_reason
    # The last remaining action cannot be cancelled away: plan another first.
    with pytest.raises(TransitionError):
        action_cancel(action=second, user=people["officer"], reason="x")
    client.force_login(people["officer"])
    listing = client.get(reverse("correctiveaction:index")).content.decode()
    assert "Hành động một" in listing and "Đã hủy" in listing
    assert not first.is_overdue(on=DUE + dt.timedelta(days=1))


@pytest.mark.django_db
def test_cancelling_the_last_open_action_after_others_are_done_implements_the_nc(
    client, nc, people
):
    from audits.services.nonconformities import action_complete

    nc = _planned(nc, people, "Làm xong", "Không cần nữa")
    done, extra = nc.actions.order_by("pk")
    action_complete(action=done, user=people["staff"], evidence="Biên bản")
    client.force_login(people["officer"])
    response = client.post(
        reverse("audits_action_cancel", args=[extra.pk]),
        {f"cancel{extra.pk}-reason": "Đã giải quyết bằng hành động một"},
    )
    assert response.status_code == 302
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.IMPLEMENTED


@pytest.mark.django_db
def test_a_legal_document_is_withdrawn_with_a_reason_and_kept(client, people):
    from tests.documents.test_legal_flags import _justice_officer

    law = LegalDocument.objects.create(
        number="02/2026/TT-BTP",
        title="Nhập nhầm",
        issuer="Bộ Tư pháp",
        issue_date=dt.date(2026, 1, 1),
    )
    officer = _justice_officer()
    client.force_login(officer)
    response = client.post(
        reverse("documents_legal_withdraw", args=[law.pk]),
        {"reason": "Nhập trùng số hiệu"},
    )
    assert response.status_code == 302
    law.refresh_from_db()
    assert law.status == LegalDocument.Status.WITHDRAWN
    assert law.history.latest().history_user == officer
    with pytest.raises(ValidationError):
        legal_document_withdraw(document=law, user=officer, reason="lần hai")
    listing = client.get(reverse("legaldocument:index")).content.decode()
    assert "02/2026/TT-BTP" in listing
