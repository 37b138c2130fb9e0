"""Organisation services: guards, history and the welcome e-mail (eager Celery)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from qms import services
from qms.models import Agency, Notification, StaffProfile
from qms.roles import Role
from qms.scoping import agency_scope_for
from tests.factories import AgencyFactory, PositionFactory, staff_user


@pytest.mark.django_db
def test_agency_cannot_become_its_own_ancestor(province, own_agency):
    """Bad input changes nothing: a cycle in the hierarchy is refused with a Vietnamese error."""
    province.parent = own_agency
    with pytest.raises(ValidationError) as exc:
        services.agency_save(agency=province)
    assert "cơ quan cấp trên" in str(exc.value.message_dict["parent"])
    province.refresh_from_db()
    assert province.parent is None


@pytest.mark.django_db
def test_agency_cannot_be_its_own_parent(own_agency):
    own_agency.parent = own_agency
    with pytest.raises(ValidationError):
        services.agency_save(agency=own_agency)


@pytest.mark.django_db
def test_valid_to_must_not_precede_valid_from(own_agency):
    own_agency.valid_to = own_agency.valid_from - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.agency_save(agency=own_agency)
    assert "Ngày hết hiệu lực" in str(exc.value.message_dict["valid_to"])
    own_agency.refresh_from_db()
    assert own_agency.valid_to is None


@pytest.mark.django_db
def test_no_new_staff_in_a_dissolved_agency(province):
    dissolved = AgencyFactory(
        parent=province, valid_from=dt.date(2015, 1, 1), valid_to=dt.date(2025, 6, 30)
    )
    with pytest.raises(ValidationError) as exc:
        services.staff_create(
            username="moi",
            email="moi@example.vn",
            full_name="Nguyễn Văn Mới",
            agency=dissolved,
            position=PositionFactory(),
            service_start=dt.date(2020, 1, 1),
            roles=[Role.STAFF],
        )
    assert "đã giải thể" in str(exc.value)
    assert not StaffProfile.objects.filter(full_name="Nguyễn Văn Mới").exists()
    assert not type(dissolved).objects.none().exists()


@pytest.mark.django_db
def test_changes_are_recorded_with_user_and_reason(users, own_agency):
    officer = users[Role.QUALITY_OFFICER]
    own_agency.address = "Số 1 đường Nguyễn Văn Linh"
    services.agency_save(
        agency=own_agency, user=officer, reason="Cập nhật địa chỉ trụ sở"
    )
    last = own_agency.history.latest()
    assert last.history_user == officer
    assert last.history_change_reason == "Cập nhật địa chỉ trụ sở"
    assert last.address == "Số 1 đường Nguyễn Văn Linh"


@pytest.mark.django_db
def test_user_cannot_write_outside_their_scope(users, other_agency):
    other_agency.address = "Không được sửa"
    with pytest.raises(PermissionDenied):
        services.agency_save(agency=other_agency, user=users[Role.QUALITY_OFFICER])


@pytest.mark.django_db
def test_successor_reads_the_records_of_a_dissolved_predecessor(province):
    """Records of a dissolved agency stay attached to it and become visible to its successor."""
    old_city = AgencyFactory(
        name="UBND thành phố cũ",
        kind="ubnd_huyen",
        parent=province,
        valid_from=dt.date(2015, 1, 1),
    )
    ward = AgencyFactory(name="UBND phường mới", kind="ubnd_phuong", parent=province)
    unrelated = AgencyFactory(name="UBND xã khác", kind="ubnd_xa", parent=province)
    services.agency_dissolve(
        agency=old_city,
        last_day=dt.date(2025, 6, 30),
        basis="NQ 1666/NQ-UBTVQH15",
        successors=[ward],
    )
    officer = staff_user(Role.QUALITY_OFFICER, ward)
    scope = agency_scope_for(officer)
    assert old_city.pk in scope.readable
    assert unrelated.pk not in scope.readable
    # History stays read-only for the successor.
    assert old_city.pk not in scope.writable
    assert Agency.objects.get(pk=old_city.pk).valid_to == dt.date(2025, 6, 30)


@pytest.mark.django_db
def test_dissolving_twice_is_refused(province):
    old = AgencyFactory(parent=province, valid_from=dt.date(2015, 1, 1))
    services.agency_dissolve(
        agency=old, last_day=dt.date(2025, 6, 30), basis="NQ", successors=[]
    )
    with pytest.raises(ValidationError):
        services.agency_dissolve(
            agency=old, last_day=dt.date(2025, 7, 30), basis="NQ", successors=[]
        )


@pytest.mark.django_db
def test_supervisor_reads_everything_and_writes_nothing(users, other_agency):
    scope = agency_scope_for(users[Role.SUPERVISOR])
    assert scope.readable is None
    assert scope.writable == frozenset()


@pytest.mark.django_db(transaction=False)
def test_staff_create_sends_one_welcome_email_in_vietnamese(
    own_agency, users, django_capture_on_commit_callbacks
):
    """The welcome e-mail task runs on commit (eagerly here) and has an in-app twin."""
    with django_capture_on_commit_callbacks(execute=True):
        profile = services.staff_create(
            username="ctv.moi",
            email="ctv.moi@example.vn",
            full_name="Trần Thị Bình",
            agency=own_agency,
            position=PositionFactory(),
            service_start=dt.date(2024, 9, 1),
            roles=[Role.STAFF],
            created_by=users[Role.QUALITY_OFFICER],
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ctv.moi@example.vn"]
    assert "Tài khoản của bạn đã được tạo" in message.subject
    assert "Kính gửi Trần Thị Bình" in message.body
    assert "/admin/password_reset/" in message.body
    assert "Đặt mật khẩu" in message.alternatives[0][0]
    assert (
        Notification.objects.filter(recipient=profile.user, kind="welcome").count() == 1
    )
    assert not profile.user.has_usable_password()
    # A redelivered task sends nothing twice (RL-02).
    assert services.staff_send_welcome(profile_id=profile.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_rolled_back_creation_sends_nothing(
    own_agency, django_capture_on_commit_callbacks
):
    """RL-03: a task enqueued in a transaction that rolls back never runs."""
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        services.staff_create(
            username="bad user!",
            email="not-an-email",
            full_name="Lỗi",
            agency=own_agency,
            position=PositionFactory(),
            service_start=dt.date(2024, 9, 1),
            roles=[Role.STAFF],
        )
    assert callbacks == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_quality_officer_cannot_grant_head_role(users, own_agency):
    with pytest.raises(PermissionDenied):
        services.staff_create(
            username="leo.thang",
            email="x@example.vn",
            full_name="Leo Thang",
            agency=own_agency,
            position=PositionFactory(),
            service_start=dt.date(2010, 1, 1),
            roles=[Role.HEAD],
            created_by=users[Role.QUALITY_OFFICER],
        )


@pytest.mark.django_db
def test_one_stop_service_criterion(own_agency):
    """NĐ 61/2018: one-stop staff need at least 3 years of civil service."""
    profile = StaffProfile(agency=own_agency, service_start=dt.date(2023, 6, 1))
    assert profile.years_of_service(on=dt.date(2026, 5, 31)) == 2
    assert profile.years_of_service(on=dt.date(2026, 6, 1)) == 3
