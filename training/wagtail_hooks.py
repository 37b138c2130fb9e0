"""Admin of the training app: reading to confirm, the matrix, registers, courses, sessions, attendance."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup

from qms.admin_viewsets import (
    RefusedDeleteView,
    ScopedForm,
    ScopedModelViewSet,
    ServiceModelViewSet,
)
from qms.lib.history_view import FieldHistoryView
from qms.scoping import AgencyScopedPermissionPolicy
from training import admin_views
from training.certificate_views import attendance_certificate
from training.models import (
    Acknowledgment,
    Attendance,
    CompetenceRequirement,
    Quiz,
    TrainingCourse,
    TrainingSession,
)
from training.scoping import (
    EvidenceRecordsPermissionPolicy,
    OwnRecordsPermissionPolicy,
    QuizPermissionPolicy,
)
from training.services import records

REASON = FieldPanel("change_reason")


class _Refused(generic.EditView):
    """Evidence is never edited or deleted through any screen (ISO 9001:2015 7.5.3.2 c)."""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        raise PermissionDenied


class _RefusedCreate(generic.CreateView):
    """Assignments come only from the fan-out service, never from a form."""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        raise PermissionDenied


_RefusedDelete = RefusedDeleteView


class AcknowledgmentViewSet(ScopedModelViewSet):
    model = Acknowledgment
    icon = "tick-inverse"
    menu_label = _("Acknowledgments")
    url_prefix = "training/acknowledgments"
    name = "training_acknowledgments"
    add_view_class = _RefusedCreate
    edit_view_class = _Refused
    form_fields = ["staff"]
    delete_view_class = _RefusedDelete
    list_display = ["staff", "release", "status", "due_date", "signed_at"]
    list_filter = ["status", "agency"]
    search_fields = ["staff__full_name", "release__code", "release__title"]
    list_export = [
        "staff",
        "release",
        "content_hash",
        "status",
        "assigned_at",
        "due_date",
        "signed_at",
        "signed_hash",
        "signed_ip",
    ]
    export_filename = "xac-nhan-da-doc"
    inspect_view_fields = [
        "staff",
        "release",
        "content_hash",
        "status",
        "assigned_at",
        "due_date",
        "closed_at",
        "signed_at",
        "printed_name",
        "signed_hash",
        "signed_ip",
        "signed_user_agent",
    ]

    @property
    def permission_policy(self) -> AgencyScopedPermissionPolicy:
        return OwnRecordsPermissionPolicy(self.model, agency_lookups=("agency",))


class TrainingCourseViewSet(ServiceModelViewSet):
    """Province-wide course catalogue (ISO 9001 awareness, internal auditor, conduct…)."""

    model = TrainingCourse
    history_view_class = FieldHistoryView
    icon = "folder-open-inverse"
    menu_label = _("Training courses")
    url_prefix = "training/courses"
    name = "training_courses"
    save_service = staticmethod(records.course_save)
    save_service_arg = "course"
    delete_view_class = _RefusedDelete
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["title", "topic", "hours", "validity_months"]
    list_filter = ["topic"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldRowPanel(
                [
                    FieldPanel("topic"),
                    FieldPanel("hours"),
                    FieldPanel("validity_months"),
                ]
            ),
            FieldPanel("description"),
            REASON,
        ],
        base_form_class=ScopedForm,
    )

    @property
    def permission_policy(self) -> Any:
        # Everyone reads the catalogue; province-level agencies maintain it (issue 10 part 3).
        from qms.scoping import ProvinceRegisterPermissionPolicy

        return ProvinceRegisterPermissionPolicy(self.model)


class TrainingSessionViewSet(ScopedModelViewSet):
    model = TrainingSession
    icon = "date"
    menu_label = _("Training sessions")
    url_prefix = "training/sessions"
    name = "training_sessions"
    save_service = staticmethod(records.session_save)
    save_service_arg = "session"
    delete_view_class = _RefusedDelete
    list_display = ["course", "agency", "starts_on", "ends_on", "place", "trainer"]
    list_filter = ["course", "agency"]
    list_export = ["course", "agency", "starts_on", "ends_on", "place", "trainer"]
    export_filename = "lop-dao-tao"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("course"), FieldPanel("agency")]),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldRowPanel([FieldPanel("place"), FieldPanel("trainer")]),
            REASON,
        ],
        base_form_class=ScopedForm,
    )


class AttendanceForm(ScopedForm):
    _scoped_fields = {**ScopedForm._scoped_fields, TrainingSession: ("agency",)}


class AttendanceViewSet(ScopedModelViewSet):
    model = Attendance
    icon = "clipboard-list"
    menu_label = _("Attendance")
    url_prefix = "training/attendance"
    name = "training_attendance"
    save_service = staticmethod(records.attendance_record)
    save_service_arg = "attendance"
    edit_view_class = _Refused
    delete_view_class = _RefusedDelete
    list_display = ["staff", "session", "present", "result", "score", "corrects"]
    list_filter = ["present", "result", "agency"]
    search_fields = ["staff__full_name"]
    list_export = [
        "staff",
        "session",
        "present",
        "result",
        "score",
        "certificate_sha256",
    ]
    export_filename = "diem-danh"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("session"), FieldPanel("staff")]),
            FieldRowPanel(
                [FieldPanel("present"), FieldPanel("result"), FieldPanel("score")]
            ),
            FieldPanel("certificate"),
        ],
        base_form_class=AttendanceForm,
    )

    @property
    def permission_policy(self) -> AgencyScopedPermissionPolicy:
        # Attendance is evidence: corrected by a new record with its reason, never deleted.
        return EvidenceRecordsPermissionPolicy(self.model, agency_lookups=("agency",))


class CompetenceRequirementViewSet(ServiceModelViewSet):
    """Competence per position: province-wide, so edited by administrators only."""

    model = CompetenceRequirement
    history_view_class = FieldHistoryView
    icon = "user"
    menu_label = _("Competence requirements")
    url_prefix = "training/competence"
    name = "training_competence"
    delete_view_class = _RefusedDelete
    inspect_view_enabled = True
    copy_view_enabled = False
    save_service = staticmethod(records.competence_requirement_save)
    save_service_arg = "requirement"
    list_display = ["position", "min_service_years"]
    edit_handler = ObjectList(
        [
            FieldPanel("position"),
            FieldPanel("min_service_years"),
            FieldPanel("courses"),
            REASON,
        ],
        base_form_class=ScopedForm,
    )


class QuizViewSet(ScopedModelViewSet):
    """Quizzes of the agency's documents only: another agency's answers are not ours to read."""

    model = Quiz
    save_service = staticmethod(records.quiz_save)
    save_service_arg = "quiz"
    icon = "help"
    menu_label = _("Quizzes")
    url_prefix = "training/quizzes"
    name = "training_quizzes"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["page", "pass_mark"]
    edit_handler = ObjectList(
        [
            FieldPanel("page"),
            FieldPanel("pass_mark"),
            InlinePanel("questions", label=_("Questions"), min_num=1),
        ]
    )

    @property
    def permission_policy(self) -> QuizPermissionPolicy:
        return QuizPermissionPolicy(self.model)


class TrainingGroup(ViewSetGroup):
    menu_label = _("Training")
    menu_icon = "group"
    menu_order = 250
    items = (
        AcknowledgmentViewSet,
        TrainingCourseViewSet,
        TrainingSessionViewSet,
        AttendanceViewSet,
        CompetenceRequirementViewSet,
        QuizViewSet,
    )


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    # Signed reading shows in the admin's log beside the document's other events.
    actions.register_action(
        "training.acknowledgment.confirm",
        _("Confirm: read and understood"),
        _("Read and understood"),
    )


@hooks.register("register_admin_viewset")
def register_training() -> TrainingGroup:
    return TrainingGroup()


@hooks.register("register_admin_urls")
def register_training_urls() -> list[Any]:
    return [
        path("training/my-tasks/", admin_views.my_tasks, name="training_my_tasks"),
        path(
            "training/my-tasks/<int:pk>/",
            admin_views.acknowledgment_read,
            name="training_acknowledgment",
        ),
        path("training/matrix/", admin_views.matrix, name="training_matrix"),
        path(
            "training/attendance/<int:pk>/certificate.pdf",
            attendance_certificate,
            name="training_attendance_certificate",
        ),
        path(
            "training/staff/<int:staff_id>/",
            admin_views.staff_record,
            name="training_staff_record",
        ),
        path(
            "training/sessions/<int:session_id>/sign-in-sheet/",
            admin_views.sign_in_sheet,
            name="training_sign_in_sheet",
        ),
        path(
            "training/attendance/<int:pk>/correct/",
            admin_views.attendance_correction,
            name="training_attendance_correct",
        ),
    ]


class _StaffMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return hasattr(request.user, "staff_profile") or request.user.is_superuser


@hooks.register("register_reports_menu_item")
def register_matrix_menu_item() -> MenuItem:
    return _StaffMenuItem(
        _("Training matrix"), reverse("training_matrix"), icon_name="table", order=200
    )


# "Việc của tôi" is the core's page now (qms.my_work); the reading list stays at its URL as
# the full list behind this group, so reminder links keep working.
@hooks.register("qms_my_work")
def my_work_reading(user: Any) -> list[dict[str, Any]]:
    from training.my_work import reading_group

    return reading_group(user)
