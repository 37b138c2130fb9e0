"""Admin screens: "Việc của tôi", reading and confirming, the matrix, a person's record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.lib.admin import run_service
from qms.lib.export_jobs import export_or_defer
from qms.models import Agency, ReceivingUnit, StaffProfile
from qms.scoping import scope_queryset
from training import matrix_screen
from training.forms import (
    AttendanceCorrectionForm,
    ConfirmReadingForm,
    MatrixFilterForm,
    QuizForm,
)
from training.models import Acknowledgment, Attendance, TrainingSession
from training.scoping import staff_in_view
from training.services.acknowledge import (
    acknowledgment_confirm,
    has_passed_quiz,
    quiz_attempt_submit,
    quiz_for,
)
from training.services.matrix import training_matrix
from training.services.records import attendance_correct

MY_TASKS_PER_PAGE = 50


def my_tasks(request: HttpRequest) -> HttpResponse:
    """Tài liệu cần đọc: what the person must read and has confirmed (a My-work group)."""
    acks = Acknowledgment.objects.filter(
        staff__user_id=int(request.user.pk or 0)
    ).select_related("release")
    # A new officer of a large agency may have hundreds to read: page them (issue 12).
    pending = Paginator(
        acks.filter(status=Acknowledgment.Status.PENDING).order_by("due_date", "pk"),
        MY_TASKS_PER_PAGE,
    ).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "training/admin/my_tasks.html",
        {
            "title": _("Documents to read"),
            "pending": pending,
            "page_obj": pending,
            "elided_page_range": pending.paginator.get_elided_page_range(
                pending.number
            ),
            "done": acks.filter(status=Acknowledgment.Status.ACKNOWLEDGED).order_by(
                "-signed_at"
            )[:20],
            "today": timezone.localdate(),
        },
    )


def _client_ip(request: HttpRequest) -> str | None:
    # Behind the reverse proxy of the deployment guide REMOTE_ADDR is the proxy's address
    # unless the proxy rewrites it; record what Django sees rather than a spoofable header.
    return request.META.get("REMOTE_ADDR")


def acknowledgment_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the release (the controlled PDF inline), pass the quiz if any, confirm."""
    ack = get_object_or_404(
        Acknowledgment.objects.select_related("release", "staff"),
        pk=pk,
        staff__user_id=int(request.user.pk or 0),
    )
    quiz = quiz_for(ack)
    passed = quiz is None or has_passed_quiz(ack)
    questions = list(quiz.questions.all()) if quiz else []
    quiz_form = QuizForm(
        request.POST if request.POST.get("action") == "quiz" else None,
        questions=questions,
    )
    confirm_form = ConfirmReadingForm(
        request.POST if request.POST.get("action") == "confirm" else None
    )
    if request.method == "POST" and ack.is_open:
        attempts: list[Any] = []
        if (
            quiz_form.is_bound
            and quiz_form.is_valid()
            and run_service(
                request,
                lambda: attempts.append(
                    quiz_attempt_submit(
                        acknowledgment_id=ack.pk,
                        user=request.user,
                        answers=quiz_form.answers(),
                    )
                ),
                form=quiz_form,
            )
        ):
            (messages.success if attempts[0].passed else messages.error)(
                request,
                _("Your score: %(score)d%% (pass mark %(mark)d%%).")
                % {"score": attempts[0].score, "mark": quiz.pass_mark if quiz else 0},
            )
            return redirect("training_acknowledgment", pk=ack.pk)
        if (
            confirm_form.is_bound
            and confirm_form.is_valid()
            and run_service(
                request,
                lambda: acknowledgment_confirm(
                    acknowledgment_id=ack.pk,
                    user=request.user,
                    password=confirm_form.cleaned_data["password"],
                    ip=_client_ip(request),
                    user_agent=request.headers.get("User-Agent", ""),
                ),
                form=confirm_form,
            )
        ):
            messages.success(
                request,
                _(
                    "Recorded: you have read and understood %(code)s, release %(number)s."
                )
                % {"code": ack.release.code, "number": ack.release.number_label},
            )
            return redirect("training_my_tasks")
    return TemplateResponse(
        request,
        "training/admin/acknowledgment.html",
        {
            "title": _("Read and confirm"),
            "ack": ack,
            "release": ack.release,
            "pdf_url": reverse(
                "documents:release_pdf", args=[ack.release.verify_token]
            ),
            "quiz": quiz,
            "quiz_passed": passed,
            "attempts": ack.quiz_attempts.all(),
            "quiz_form": quiz_form,
            "confirm_form": confirm_form,
        },
    )


def _filtered_staff(
    request: HttpRequest,
) -> tuple[QuerySet[StaffProfile], MatrixFilterForm, bool]:
    """The staff the filters select, the form, and whether to show the per-agency summary.

    Without an agency or unit chosen, a reader of one agency gets their agency (the default
    filter) and a reader of many agencies gets the summary (issue 12: a province never fits).
    """
    staff = staff_in_view(request.user).filter(is_active=True)
    agencies = scope_queryset(
        Agency.objects.order_by("name"), request.user, lookups=("id",)
    )
    units = scope_queryset(
        ReceivingUnit.objects.order_by("name"), request.user, lookups=("agency",)
    )
    data = request.GET.copy()
    summary = False
    if not data.get("agency") and not data.get("unit"):
        if matrix_screen.spans_many_agencies(request.user):
            summary = True
        elif own := matrix_screen.own_agency_id(request.user):
            data["agency"] = str(own)
    form = MatrixFilterForm(data or None, agencies=agencies, units=units)
    if form.is_valid():
        for name, lookup in (
            ("agency", "agency"),
            ("unit", "receiving_unit"),
            ("position", "position"),
        ):
            if form.cleaned_data.get(name):
                staff = staff.filter(**{lookup: form.cleaned_data[name]})
    return staff, form, summary


def matrix(request: HttpRequest) -> HttpResponseBase:
    """Ma trận đào tạo: a page of one agency's staff, or a per-agency summary; XLSX export."""
    staff, form, summary = _filtered_staff(request)
    if request.GET.get("export") == "xlsx":
        return _matrix_xlsx(request, staff)
    context: dict[str, Any] = {"title": _("Training matrix"), "form": form}
    if summary:
        context.update(matrix_screen.summary_context(request, staff))
        template = "training/admin/matrix_summary.html"
    else:
        context.update(matrix_screen.staff_page_context(request, staff))
        template = "training/admin/matrix.html"
    return TemplateResponse(request, template, context)


def _matrix_xlsx(
    request: HttpRequest, staff: QuerySet[StaffProfile]
) -> HttpResponseBase:
    from training.exports import matrix_workbook, write_matrix_workbook

    def inline() -> HttpResponse:
        response = HttpResponse(
            matrix_workbook(training_matrix(staff)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="ma-tran-dao-tao.xlsx"'
        return response

    # A ward's matrix comes at once; a province's is built by a task (issue 12, part 3).
    return export_or_defer(
        request,
        title=_("Training matrix"),
        filename="ma-tran-dao-tao",
        fmt="xlsx",
        count=staff.count,
        write=lambda out: write_matrix_workbook(training_matrix(staff), out),
        inline=inline,
    )


def staff_record(request: HttpRequest, staff_id: int) -> HttpResponse:
    """Hồ sơ đào tạo: every acknowledgment and training of one person; PDF for auditors."""
    staff = get_object_or_404(
        staff_in_view(request.user).select_related(
            "agency", "receiving_unit", "position"
        ),
        pk=staff_id,
    )
    acks = list(
        Acknowledgment.objects.filter(staff=staff)
        .select_related("release")
        .order_by("-assigned_at")
    )
    attendances = list(
        Attendance.objects.filter(staff=staff, correction__isnull=True)
        .select_related("session__course")
        .order_by("-session__starts_on")
    )
    if request.GET.get("export") == "pdf":
        from training.pdf import staff_training_record

        response = HttpResponse(
            staff_training_record(staff, acks, attendances),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = (
            f'inline; filename="ho-so-dao-tao-{staff.pk}.pdf"'
        )
        return response
    row = training_matrix(StaffProfile.objects.filter(pk=staff.pk)).rows
    return TemplateResponse(
        request,
        "training/admin/staff_record.html",
        {
            "title": _("Training record"),
            "staff": staff,
            "acks": acks,
            "attendances": attendances,
            "competence": row[0] if row else None,
        },
    )


def _session_in_scope(request: HttpRequest, session_id: int) -> TrainingSession:
    sessions = scope_queryset(
        TrainingSession.objects.select_related("course", "agency"),
        request.user,
        lookups=("agency",),
    )
    return get_object_or_404(sessions, pk=session_id)


def sign_in_sheet(request: HttpRequest, session_id: int) -> HttpResponse:
    """Printable sign-in sheet (PDF) for one training session."""
    from training.pdf import session_sign_in_sheet

    session = _session_in_scope(request, session_id)
    response = HttpResponse(
        session_sign_in_sheet(session), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'inline; filename="danh-sach-ky-{session.pk}.pdf"'
    )
    return response


def attendance_correction(request: HttpRequest, pk: int) -> HttpResponse:
    """A correction is a new attendance record with a reason; the original stays."""
    if not request.user.has_perm("training.add_attendance"):
        raise PermissionDenied
    original = get_object_or_404(
        scope_queryset(
            Attendance.objects.select_related("session__course", "staff"),
            request.user,
            lookups=("agency",),
            action="change",
        ),
        pk=pk,
    )
    form = AttendanceCorrectionForm(
        request.POST or None, request.FILES or None, instance=Attendance()
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: attendance_correct(
                original=original,
                correction=form.instance,
                user=request.user,
                reason=form.cleaned_data["correction_reason"],
            ),
            form=form,
        )
    ):
        messages.success(request, _("The correction has been recorded."))
        return redirect("training_attendance:index")
    return TemplateResponse(
        request,
        "training/admin/attendance_correction.html",
        {
            "title": _("Correct an attendance record"),
            "original": original,
            "form": form,
        },
    )
