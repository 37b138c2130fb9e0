"""A province dataset on PostgreSQL for the province benchmarks (issue 12 part 1).

``ensure_province()`` returns a small summary (counts, a sample agency with its quality officer
and head, the supervisor) after building the dataset or restoring it from its cache: the first
build is dumped with ``pg_dump -Fc`` to ``artifacts/bench/province-<key>.dump`` (key: a hash of
the migrations, the demo seed modules and this file) and restored with ``pg_restore`` on the
next run into an empty database. Run alone it prints the counts:
``scripts/with-services.sh .venv/bin/python bench/province.py``.

What is built, and how:
- Through the project's own services and Wagtail publishing: the demo province
  (``seed_demo``: the real users giamsat (supervisor), thuky and lanhdao of UBND phường Phố
  Hiến with their roles, the demo documents signed and published through the workflow); 100
  more agencies (20 sở, 80 xã/phường) with ``qms.services.agency_save``, a one-stop unit each
  with ``receiving_unit_save``, an agency page and a document index published by Wagtail and
  granted to the agency's groups (``agency_page_groups_sync``); a quality officer and a head
  per agency with ``staff_create`` and their roles; the agencies' file collections.
- Set-based, because the services would take too long (one publication through the workflow
  costs ~50 ms and a password hash ~0.3 s): ~2,100 staff accounts (one password hash for all,
  role Công chức, profiles with their history rows); ~5,100 procedure pages under the
  agencies' document indexes, each cloned from a demo procedure published through the workflow
  (page, procedure row, distribution to the unit), with 2–3 revisions and releases each (the
  older ones superseded, the current one in force; PDF fields copied from the template's);
  ~200,000 acknowledgments in one INSERT … SELECT (current releases: a third signed, a third
  overdue, a third pending; superseded releases: superseded, half of them signed before);
  ~2,300 nonconformities (codes SKPH-<year>-<n> after the demo's, history rows written with
  ``bulk_create_with_history``), a third with a corrective action, some overdue; three courses
  required of the one-stop position, two sessions per agency, attendance for most staff.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The script's own directory is on sys.path, as for any script run by path.
from _postgres import analyze, log, setup_django  # noqa: E402 - after sys.path

DUMP_DIR = ROOT / "artifacts" / "bench"
NEW_DEPARTMENTS = 20
NEW_WARDS = 80
STAFF_PER_AGENCY = 20
SAMPLE_EXTRA_STAFF = 40  # UBND phường Phố Hiến: 47 staff, as the ward of issue 12
DOCS_PER_AGENCY = 50
SAMPLE_DOCS = 300  # 47 staff × ~320 releases: the ward measured in issue 12
NCS_PER_AGENCY = 20
BATCH = 2_000
SAMPLE_AGENCY = "UBND phường Phố Hiến"
PASSWORD = "Demo@2026"  # noqa: S105 - the demo password, documented in the README


# -- cache -------------------------------------------------------------------------------


def dataset_key() -> str:
    """Hash of what decides the dataset: migrations, demo seed modules and this script."""
    digest = hashlib.sha256()
    files = sorted(ROOT.glob("*/migrations/*.py"))
    files += [*sorted(ROOT.glob("*/demo*.py")), Path(__file__).resolve()]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _pg_bin(name: str) -> str:
    """A PostgreSQL client of the newest installed server version (as with-services.sh)."""
    if os.environ.get("PG_BIN"):
        return str(Path(os.environ["PG_BIN"]) / name)
    found = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    return str(found[-1]) if found else name


def _database_url() -> str:
    return os.environ["QMS_DATABASE_URL"].replace("postgres://", "postgresql://", 1)


def _database_is_empty() -> bool:
    from django.db import connection

    return "django_migrations" not in connection.introspection.table_names()


def _restore(dump: Path) -> None:
    from django.db import connection

    connection.close()
    subprocess.run(
        [
            _pg_bin("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--jobs=2",
            "-d",
            _database_url(),
            str(dump),
        ],
        check=True,
    )


def _dump(dump: Path) -> None:
    dump.parent.mkdir(parents=True, exist_ok=True)
    partial = dump.with_suffix(".partial")
    subprocess.run(
        [_pg_bin("pg_dump"), "-Fc", "-Z1", "-f", str(partial), _database_url()],
        check=True,
    )
    partial.rename(dump)
    for old in dump.parent.glob("province-*.dump"):
        if old != dump:
            old.unlink()  # a dataset of older migrations is never restored again


def ensure_province() -> dict[str, Any]:
    """The province dataset in the configured database: restored, or built and dumped."""
    setup_django()
    dump = DUMP_DIR / f"province-{dataset_key()}.dump"
    if _database_is_empty() and dump.exists():
        log(f"restoring {dump.name}")
        _restore(dump)
        analyze()
        log("restored")
    elif not _province_built():
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        log("migrated")
        build()
        analyze()
        _dump(dump)
        log(f"dumped to {dump.relative_to(ROOT)}")
    return summary()


def _province_built() -> bool:
    if _database_is_empty():
        return False
    from qms.models import Agency

    return Agency.objects.count() >= 100 + 14


# -- build -------------------------------------------------------------------------------


def build() -> None:
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    log("demo seeded")
    agencies = new_agencies()
    log(f"{len(agencies)} agencies with units, pages and officers")
    sample = _sample_agency()
    staff_by_agency = bulk_staff(
        [(a, STAFF_PER_AGENCY) for a in agencies] + [(sample, SAMPLE_EXTRA_STAFF)]
    )
    log("staff inserted")
    template = _template_procedure()
    plan = [(a, DOCS_PER_AGENCY) for a in agencies] + [(sample, SAMPLE_DOCS)]
    bulk_documents(template, plan)
    log("documents and releases inserted")
    bulk_acknowledgments()
    log("acknowledgments inserted")
    bulk_nonconformities([*agencies, sample])
    log("nonconformities inserted")
    bulk_training([*agencies, sample], staff_by_agency)
    log("training inserted")


def _sample_agency() -> Any:
    from qms.models import Agency

    return Agency.objects.get(name=SAMPLE_AGENCY)


def new_agencies() -> list[Any]:
    """100 agencies through the services, each with a unit, pages, an officer and a head."""
    from qms import services
    from qms.models import Agency, AgencyPage, Position, ReceivingUnit
    from qms.roles import Role

    province = Agency.objects.get(kind=Agency.Kind.PROVINCIAL_COMMITTEE, valid_to=None)
    province_page = AgencyPage.objects.get(agency=province)
    positions = {p.code: p for p in Position.objects.all()}
    rows = [
        (f"Sở Chuyên ngành số {n:02d} tỉnh Hưng Yên", Agency.Kind.DEPARTMENT)
        for n in range(1, NEW_DEPARTMENTS + 1)
    ]
    rows += [
        (
            f"UBND {'phường' if n % 3 == 0 else 'xã'} Bench {n:03d}",
            Agency.Kind.WARD_COMMITTEE if n % 3 == 0 else Agency.Kind.COMMUNE_COMMITTEE,
        )
        for n in range(1, NEW_WARDS + 1)
    ]
    result = []
    for number, (name, kind) in enumerate(rows, start=1):
        agency = services.agency_save(
            agency=Agency(
                name=name,
                kind=kind,
                parent=province,
                admin_code=f"B{number:04d}",
                valid_from=dt.date(2025, 7, 1),
            ),
            reason="Dữ liệu benchmark tỉnh",
        )
        unit = services.receiving_unit_save(
            unit=ReceivingUnit(
                agency=agency,
                name=f"Bộ phận Một cửa {name}",
                address=f"Trụ sở {name}",
                opening_hours="Thứ Hai – Thứ Sáu: 7h30 – 17h00",
            ),
            reason="Dữ liệu benchmark tỉnh",
        )
        _agency_pages(province_page, agency, number)
        for role, position, prefix in (
            (Role.QUALITY_OFFICER, "thu-ky-iso", "thuky"),
            (Role.HEAD, "chu-tich", "lanhdao"),
        ):
            services.staff_create(
                username=f"{prefix}-b{number:03d}",
                email=f"{prefix}-b{number:03d}@hungyen.example.vn",
                full_name=f"Trần Văn {prefix.title()} {number:03d}",
                agency=agency,
                receiving_unit=unit,
                position=positions[position],
                service_start=dt.date(2012, 1, 1),
                roles=[role],
                send_welcome=False,
            )
        result.append(agency)
    services.agency_collections_ensure()
    return result


def _agency_pages(province_page: Any, agency: Any, number: int) -> None:
    from documents.models import DocumentIndexPage
    from qms import services
    from qms.models import AgencyPage

    page = AgencyPage(title=agency.name, slug=f"co-quan-b{number:03d}", agency=agency)
    province_page.add_child(instance=page)
    page.save_revision().publish()
    services.agency_page_groups_sync(page=page)
    index = DocumentIndexPage(title="Hệ thống tài liệu ISO", slug="tai-lieu-iso")
    page.add_child(instance=index)
    index.save_revision().publish()


def bulk_staff(plan: list[tuple[Any, int]]) -> dict[int, list[int]]:
    """Users (one password hash), Công chức role, profiles with history; ids by agency."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from simple_history.utils import bulk_create_with_history

    from qms.models import Position, ReceivingUnit, StaffProfile
    from qms.roles import Role

    User = get_user_model()
    password = make_password(PASSWORD)
    group = Group.objects.get(name=Role.STAFF.value)
    one_stop = Position.objects.get(code="cong-chuc-mot-cua")
    specialist = Position.objects.get(code="chuyen-vien")
    units = {u.agency_id: u for u in ReceivingUnit.objects.order_by("-pk")}
    result: dict[int, list[int]] = {}
    serial = 0
    for agency, count in plan:
        numbers = range(serial, serial + count)
        serial += count
        users = User.objects.bulk_create(
            User(
                username=f"cc{n:05d}",
                email=f"cc{n:05d}@hungyen.example.vn",
                first_name="Nguyễn Thị",
                last_name=f"Công Chức {n:05d}",
                password=password,
            )
            for n in numbers
        )
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=u.pk, group_id=group.pk) for u in users
        )
        profiles = bulk_create_with_history(
            [
                StaffProfile(
                    user_id=user.pk,
                    full_name=f"Nguyễn Thị Công Chức {n:05d}",
                    agency=agency,
                    receiving_unit=units.get(agency.pk),
                    position=one_stop if n % 4 else specialist,
                    service_start=dt.date(2008 + n % 18, 1 + n % 12, 1),
                )
                for n, user in zip(numbers, users, strict=True)
            ],
            StaffProfile,
            batch_size=BATCH,
            default_change_reason="Dữ liệu benchmark tỉnh",
        )
        result[agency.pk] = [p.pk for p in profiles]
    return result


def _template_procedure() -> Any:
    """A demo procedure published through the signing workflow, cloned by bulk_documents."""
    from documents.models import ProcedurePage

    return (
        ProcedurePage.objects.live()
        .filter(releases__superseded_at__isnull=True, agency__name=SAMPLE_AGENCY)
        .order_by("pk")
        .first()
    )


def bulk_documents(template: Any, plan: list[tuple[Any, int]]) -> None:
    """Procedure pages under each agency's index, each with 2–3 revisions and releases."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from documents.models import DocumentIndexPage, ProcedurePage
    from qms.models import AgencyPage, ReceivingUnit

    content_type = ContentType.objects.get_for_model(ProcedurePage)
    units = {u.agency_id: u.pk for u in ReceivingUnit.objects.order_by("-pk")}
    now = _now()
    pages: list[Page] = []
    agencies: list[int] = []
    for agency, count in plan:
        agency_page = AgencyPage.objects.get(agency=agency)
        index = DocumentIndexPage.objects.child_of(agency_page).first()
        start = index.numchild
        for n in range(1, count + 1):
            code = f"QT-TT-{n:03d}"
            slug = code.lower()
            pages.append(
                Page(
                    path=Page._get_path(index.path, index.depth + 1, start + n),
                    depth=index.depth + 1,
                    numchild=0,
                    title=f"Quy trình giải quyết thủ tục hành chính số {n:03d}",
                    draft_title=f"Quy trình giải quyết thủ tục hành chính số {n:03d}",
                    slug=slug,
                    content_type=content_type,
                    live=True,
                    has_unpublished_changes=False,
                    url_path=f"{index.url_path}{slug}/",
                    owner_id=template.owner_id,
                    locale_id=template.locale_id,
                    first_published_at=now - dt.timedelta(days=400),
                    last_published_at=now - dt.timedelta(days=30),
                )
            )
            agencies.append(agency.pk)
        Page.objects.filter(pk=index.pk).update(numchild=start + count)
    Page.objects.bulk_create(pages, batch_size=BATCH)
    _procedure_rows(template, pages, agencies)
    ProcedurePage.distribution_units.through.objects.bulk_create(
        (
            ProcedurePage.distribution_units.through(
                procedurepage_id=page.pk, receivingunit_id=units[agency_id]
            )
            for page, agency_id in zip(pages, agencies, strict=True)
            if agency_id in units
        ),
        batch_size=BATCH,
    )
    _releases(template, pages)
    # Inserted in bulk, bypassing the services that keep the portal's lists: rebuild them.
    from documents.services.portal_lists import list_entries_rebuild

    list_entries_rebuild()


def _now() -> dt.datetime:
    from django.utils import timezone

    return timezone.now()


def _procedure_rows(template: Any, pages: list[Any], agencies: list[int]) -> None:
    """One documents_procedurepage row per page, copied from the template's in SQL."""
    from django.db import connection

    from documents.models import ProcedurePage

    replaced = {
        "page_ptr_id": "n.id",
        "code": "n.code",
        "agency_id": "n.agency",
        "owner_unit_id": "NULL",
        "amendment_summary": "''",
    }
    columns = [f.column for f in ProcedurePage._meta.local_concrete_fields]
    select = ", ".join(replaced.get(c, f't."{c}"') for c in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    # Column names come from the model; the values are parameters.
    head = f"INSERT INTO documents_procedurepage ({names}) SELECT {select} "
    sql = head + (
        "FROM documents_procedurepage t, "
        "unnest(%s::int[], %s::text[], %s::int[]) AS n(id, code, agency) "
        "WHERE t.page_ptr_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                [p.pk for p in pages],
                [p.slug.upper() for p in pages],
                agencies,
                template.pk,
            ],
        )


def _releases(template: Any, pages: list[Any]) -> None:
    """2–3 revisions and releases per page, newest first so each older one points at it."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.models import Page, Revision

    from documents.models import DocumentRelease

    base = ContentType.objects.get_for_model(Page)
    model = template.specific_class
    content_type = ContentType.objects.get_for_model(model)
    current = template.releases.get(superseded_at__isnull=True)
    content = template.live_revision.content
    now = _now()
    newer: dict[int, DocumentRelease] = {}
    live: dict[int, int] = {}
    for number in (3, 2, 1):
        chosen = [p for p in pages if number <= 2 + p.pk % 2]
        revisions = Revision.objects.bulk_create(
            (
                Revision(
                    content_type=content_type,
                    base_content_type=base,
                    object_id=str(page.pk),
                    created_at=now - dt.timedelta(days=100 * (3 - number) + 30),
                    user_id=template.owner_id,
                    object_str=page.title,
                    content={
                        **content,
                        "pk": page.pk,
                        "title": page.title,
                        "draft_title": page.title,
                        "slug": page.slug,
                        "code": page.slug.upper(),
                        "path": page.path,
                        "url_path": page.url_path,
                    },
                )
                for page in chosen
            ),
            batch_size=BATCH,
        )
        releases = DocumentRelease.objects.bulk_create(
            (
                _release(page, revision, number, newer.get(page.pk), current, now)
                for page, revision in zip(chosen, revisions, strict=True)
            ),
            batch_size=BATCH,
        )
        for page, revision, release in zip(chosen, revisions, releases, strict=True):
            live.setdefault(page.pk, revision.pk)
            newer[page.pk] = release
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE wagtailcore_page p SET live_revision_id = n.rev, "
            "latest_revision_id = n.rev, latest_revision_created_at = r.created_at "
            "FROM unnest(%s::int[], %s::int[]) AS n(page, rev) "
            "JOIN wagtailcore_revision r ON r.id = n.rev WHERE p.id = n.page",
            [list(live), list(live.values())],
        )


def _release(
    page: Any, revision: Any, number: int, newer: Any, current: Any, now: dt.datetime
) -> Any:
    from documents.models import DocumentRelease

    content_hash = hashlib.sha256(f"{page.pk}-{number}".encode()).hexdigest()
    return DocumentRelease(
        page_id=page.pk,
        number=number,
        amendment_summary="Ban hành lần đầu"
        if number == 1
        else f"Sửa đổi thành phần hồ sơ, lần {number}",
        effective_date=revision.created_at.date(),
        revision=revision,
        content_hash=content_hash,
        code=page.slug.upper(),
        title=page.title,
        published_by_id=page.owner_id,
        superseded_by=newer,
        superseded_at=newer and newer.revision.created_at,
        pdf=current.pdf.name,
        pdf_sha256=current.pdf_sha256,
        pdf_status=current.pdf_status,
        pdf_status_at=now,
        announced_at=now,
    )


ACKNOWLEDGMENTS = """
INSERT INTO training_acknowledgment
    (staff_id, release_id, page_id, agency_id, content_hash, status, assigned_at, due_date,
     closed_at, signed_at, signed_hash, signed_ip, signed_user_agent, printed_name)
SELECT s.id, r.id, r.page_id, s.agency_id, r.content_hash,
       CASE WHEN r.superseded_at IS NOT NULL THEN 'superseded'
            WHEN (s.id + r.id) %% 3 = 0 THEN 'acknowledged' ELSE 'pending' END,
       r.published_at - interval '20 days',
       CASE WHEN r.superseded_at IS NULL AND (s.id + r.id) %% 3 = 1
            THEN current_date - 7 ELSE current_date + 7 END,
       CASE WHEN r.superseded_at IS NOT NULL THEN r.superseded_at
            WHEN (s.id + r.id) %% 3 = 0 THEN r.published_at - interval '18 days' END,
       CASE WHEN r.superseded_at IS NULL AND (s.id + r.id) %% 3 = 0
            THEN r.published_at - interval '18 days' END,
       CASE WHEN r.superseded_at IS NULL AND (s.id + r.id) %% 3 = 0
            THEN r.content_hash ELSE '' END,
       NULL, '',
       CASE WHEN r.superseded_at IS NULL AND (s.id + r.id) %% 3 = 0
            THEN s.full_name ELSE '' END
  FROM documents_documentrelease r
  JOIN documents_procedurepage_distribution_units d ON d.procedurepage_id = r.page_id
  JOIN qms_staffprofile s ON s.receiving_unit_id = d.receivingunit_id AND s.is_active
 WHERE r.id > %s AND (r.superseded_at IS NULL OR r.number = (
        SELECT max(number) - 1 FROM documents_documentrelease x WHERE x.page_id = r.page_id))
ON CONFLICT DO NOTHING
"""


def bulk_acknowledgments() -> None:
    """The readings of each bench release by the unit's staff, in mixed states, in SQL."""
    from django.db import connection

    from documents.models import DocumentRelease

    first = (
        DocumentRelease.objects.filter(code__startswith="QT-TT-")
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if first is None:
        sys.exit("no bench release to acknowledge")
    with connection.cursor() as cursor:
        cursor.execute(ACKNOWLEDGMENTS, [first - 1])


def bulk_nonconformities(agencies: list[Any]) -> None:
    """Nonconformities (with history rows) after the demo's codes; a third with an action."""
    from simple_history.utils import bulk_create_with_history

    from audits.models import CorrectiveAction, Nonconformity, NonconformitySequence
    from qms.models import StaffProfile

    S = Nonconformity.Status
    year = dt.date.today().year
    sequence = NonconformitySequence.objects.filter(year=year).first()
    last = sequence.last if sequence else 0
    officers = {
        p.agency_id: p.user_id
        for p in StaffProfile.objects.filter(
            agency__in=agencies, user__groups__name="Thư ký ISO"
        )
    }
    states = [S.NEW, S.ANALYSED, S.PLANNED, S.PLANNED, S.IMPLEMENTED, S.CLOSED]
    ncs = []
    for agency in agencies:
        for n in range(NCS_PER_AGENCY):
            last += 1
            status = states[last % len(states)]
            ncs.append(
                Nonconformity(
                    code=f"SKPH-{year}-{last:04d}",
                    year=year,
                    sequence=last,
                    source=list(Nonconformity.Source)[last % 6],
                    severity=Nonconformity.Severity.MINOR,
                    status=status,
                    agency=agency,
                    title=f"Hồ sơ trả kết quả trễ hạn số {n + 1}",
                    description="Hồ sơ được trả kết quả sau thời hạn quy định.",
                    detected_by_id=officers.get(agency.pk),
                    detected_on=dt.date.today() - dt.timedelta(days=last % 200),
                    owner_id=officers.get(agency.pk),
                    root_cause="Chưa phân công người theo dõi hạn."
                    if status != S.NEW
                    else "",
                    closed_at=_now() if status == S.CLOSED else None,
                )
            )
    ncs = bulk_create_with_history(
        ncs, Nonconformity, batch_size=BATCH, default_change_reason="Dữ liệu benchmark"
    )
    NonconformitySequence.objects.update_or_create(year=year, defaults={"last": last})
    actions = [
        CorrectiveAction(
            nonconformity=nc,
            description="Phân công công chức theo dõi hạn trả kết quả hằng ngày.",
            owner_id=nc.owner_id,
            due_date=dt.date.today() + dt.timedelta(days=(nc.sequence % 40) - 20),
            status=CorrectiveAction.Status.DONE
            if nc.status in (S.IMPLEMENTED, S.CLOSED)
            else CorrectiveAction.Status.OPEN,
        )
        for nc in ncs
        if nc.status in (S.PLANNED, S.IMPLEMENTED, S.CLOSED)
    ]
    bulk_create_with_history(
        actions,
        CorrectiveAction,
        batch_size=BATCH,
        default_change_reason="Dữ liệu benchmark",
    )


def bulk_training(agencies: list[Any], staff_by_agency: dict[int, list[int]]) -> None:
    """Three courses the one-stop position requires; sessions per agency; attendance."""
    from decimal import Decimal

    from simple_history.utils import bulk_create_with_history

    from qms.models import Position
    from training.models import (
        Attendance,
        CompetenceRequirement,
        TrainingCourse,
        TrainingSession,
    )

    requirement, _ = CompetenceRequirement.objects.get_or_create(
        position=Position.objects.get(code="cong-chuc-mot-cua"),
        defaults={"min_service_years": 3},
    )
    courses = []
    for title, topic, months in (
        ("Bench: nhận thức ISO 9001:2015", TrainingCourse.Topic.ISO_AWARENESS, 24),
        ("Bench: giao tiếp với người dân", TrainingCourse.Topic.CITIZEN_CONDUCT, 12),
        ("Bench: phần mềm một cửa điện tử", TrainingCourse.Topic.IT_SYSTEMS, None),
    ):
        course = TrainingCourse.objects.create(
            title=title, topic=topic, hours=Decimal(8), validity_months=months
        )
        requirement.courses.add(course)
        courses.append(course)
    sessions = bulk_create_with_history(
        [
            TrainingSession(
                course=course,
                agency=agency,
                starts_on=day,
                ends_on=day,
                place=f"Hội trường {agency.name}",
                trainer="Trung tâm Chứng nhận Phù hợp",
            )
            for agency in agencies
            for course in courses
            for day in (dt.date(2024, 3, 5), dt.date(2026, 3, 5))
        ],
        TrainingSession,
        batch_size=BATCH,
        default_change_reason="Dữ liệu benchmark",
    )
    by_key = {(s.agency_id, s.course_id, s.starts_on.year): s for s in sessions}
    attendance = [
        Attendance(
            session=by_key[(agency.pk, course.pk, 2024 if (n + index) % 2 else 2026)],
            staff_id=staff_id,
            agency=agency,
        )
        for agency in agencies
        for index, course in enumerate(courses)
        for n, staff_id in enumerate(staff_by_agency.get(agency.pk, []))
        if (n + index) % 7
    ]
    bulk_create_with_history(
        attendance,
        Attendance,
        batch_size=BATCH,
        default_change_reason="Dữ liệu benchmark",
    )


# -- summary -----------------------------------------------------------------------------


def summary() -> dict[str, Any]:
    """Counts and the ids the screen benchmarks log in as or open."""
    from django.contrib.auth import get_user_model

    from audits.models import CorrectiveAction, Nonconformity
    from documents.models import DocumentRelease, ProcedurePage
    from qms.models import Agency, StaffProfile
    from training.models import Acknowledgment, Attendance

    User = get_user_model()
    sample = _sample_agency()
    return {
        "agencies": Agency.objects.count(),
        "staff": StaffProfile.objects.count(),
        "procedures": ProcedurePage.objects.count(),
        "releases": DocumentRelease.objects.count(),
        "acknowledgments": Acknowledgment.objects.count(),
        "nonconformities": Nonconformity.objects.count(),
        "corrective_actions": CorrectiveAction.objects.count(),
        "attendance": Attendance.objects.count(),
        "sample_agency_id": sample.pk,
        "sample_staff": StaffProfile.objects.filter(agency=sample).count(),
        "officer_user_id": User.objects.get(username="thuky").pk,
        "head_user_id": User.objects.get(username="lanhdao").pk,
        "supervisor_user_id": User.objects.get(username="giamsat").pk,
    }


def main() -> None:
    start = time.perf_counter()
    result = ensure_province()
    for name, value in result.items():
        print(f"{name}: {value}")
    print(f"METRIC province_ready_s {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
