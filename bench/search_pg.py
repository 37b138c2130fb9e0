"""Public document search over 20,000 procedure pages on PostgreSQL: p95 latency.

Prints `METRIC search_p95_ms_20k_pg` (the in-process ``documents.views._search`` call, the
function behind /search/), `METRIC search_p95_ms_20k_pg_view` (GET /search/?q=… through
Django's test client), `METRIC search_index_build_s` (filling the public search table) and
`METRIC search_docs`.

Needs PostgreSQL: run it as ``scripts/with-services.sh .venv/bin/python bench/search_pg.py``
(a throwaway cluster; the script migrates it and fills it). Exits 2 on any other database.

Data: 25 agencies, each with an AgencyPage, a DocumentIndexPage and 800 live TTHC procedures
generated from a Vietnamese vocabulary (codes unique per agency). The scaffolding is built
with Wagtail's ``add_child``; the 20,000 procedures are inserted in batches
(``wagtailcore_page`` rows with computed treebeard paths, then the
``documents_procedurepage`` rows), the parents' ``numchild`` is set and the tree must pass
treebeard's find_problems() checks. The public search table is then filled by
``documents.services.search.rebuild()``, the service behind the ``rebuild_search`` command,
which builds each entry with the same code the page_published handler uses. Wagtail's own
index (``update_index``) serves only the admin and is not built here. The settings are the
project's, unchanged. Total run: about 3 minutes on 2 cores.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The script's own directory is on sys.path, as for any script run by path.
from _postgres import log  # noqa: E402 - after the sys.path line above

AGENCY_COUNT = 25
PER_AGENCY = 800
BATCH = 500
WARMUP_ROUNDS = 2
TIMED_ROUNDS = 25  # x 8 queries = 200 timed _search calls
VIEW_ROUNDS = 10  # x 8 queries = 80 timed GET /search/
QUERIES = [
    "dang ky khai sinh",
    "Đăng ký khai sinh",
    "chứng thực",
    "quy trình",  # in every document
    "hồ sơ",  # in every document
    "QT-HT-01",
    "tiep nhan ho so",  # in every document
    "ly lich tu phap",
]

WARDS = [
    "Phố Hiến",
    "Sơn Nam",
    "Hồng Châu",
    "Mỹ Hào",
    "Đường Hào",
    "Thượng Hồng",
    "Văn Giang",
    "Phụng Công",
    "Như Quỳnh",
    "Lạc Đạo",
    "Đại Đồng",
    "Nghĩa Trụ",
    "Phạm Ngũ Lão",
    "Hoàng Hoa Thám",
    "Trần Hưng Đạo",
]
DEPARTMENTS = [
    "Sở Tư pháp",
    "Sở Xây dựng",
    "Sở Nông nghiệp và Môi trường",
    "Sở Y tế",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Giáo dục và Đào tạo",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Dân tộc và Tôn giáo",
]
# Field (lĩnh vực) -> (code abbreviation, procedure names).
FIELDS: dict[str, tuple[str, list[str]]] = {
    "Hộ tịch": (
        "HT",
        [
            "Đăng ký khai sinh",
            "Đăng ký kết hôn",
            "Đăng ký khai tử",
            "Đăng ký nhận cha, mẹ, con",
            "Đăng ký giám hộ",
            "Đăng ký lại khai sinh",
            "Cấp bản sao trích lục hộ tịch",
            "Cấp Giấy xác nhận tình trạng hôn nhân",
            "Thay đổi, cải chính, bổ sung thông tin hộ tịch",
        ],
    ),
    "Chứng thực": (
        "CT",
        [
            "Chứng thực bản sao từ bản chính",
            "Chứng thực chữ ký trong giấy tờ, văn bản",
            "Chứng thực hợp đồng, giao dịch liên quan đến tài sản",
            "Chứng thực di chúc",
            "Chứng thực văn bản thỏa thuận phân chia di sản",
        ],
    ),
    "Lý lịch tư pháp": (
        "LLTP",
        [
            "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
            "Cấp Phiếu lý lịch tư pháp cho người nước ngoài",
        ],
    ),
    "Xây dựng": (
        "XD",
        [
            "Cấp giấy phép xây dựng nhà ở riêng lẻ",
            "Cấp giấy phép xây dựng sửa chữa, cải tạo",
            "Điều chỉnh giấy phép xây dựng",
            "Gia hạn giấy phép xây dựng",
            "Thẩm định báo cáo kinh tế - kỹ thuật",
        ],
    ),
    "Đất đai": (
        "DD",
        [
            "Đăng ký biến động quyền sử dụng đất",
            "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
            "Chuyển mục đích sử dụng đất",
            "Giải quyết tranh chấp đất đai",
            "Tách thửa, hợp thửa đất",
        ],
    ),
    "Thành lập và hoạt động của hộ kinh doanh": (
        "KD",
        [
            "Đăng ký thành lập hộ kinh doanh",
            "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
            "Thông báo tạm ngừng kinh doanh",
            "Cấp Giấy chứng nhận đủ điều kiện kinh doanh",
        ],
    ),
    "Bảo trợ xã hội": (
        "XH",
        [
            "Trợ cấp xã hội hằng tháng đối với người cao tuổi",
            "Hỗ trợ chi phí mai táng",
            "Xác định mức độ khuyết tật",
        ],
    ),
    "Người có công": (
        "NCC",
        [
            "Giải quyết chế độ mai táng phí đối với cựu chiến binh",
            "Cấp giấy giới thiệu đi thăm viếng mộ liệt sĩ",
        ],
    ),
    "Y tế": (
        "YT",
        [
            "Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
            "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        ],
    ),
    "Văn hóa": (
        "VH",
        [
            "Công nhận gia đình văn hóa",
            "Đăng ký tổ chức lễ hội",
            "Cấp giấy phép kinh doanh dịch vụ karaoke",
        ],
    ),
    "Giáo dục": (
        "GD",
        [
            "Chuyển trường cho học sinh trung học cơ sở",
            "Cho phép trường mầm non hoạt động giáo dục",
        ],
    ),
    "Tín ngưỡng, tôn giáo": (
        "TG",
        ["Đăng ký hoạt động tín ngưỡng", "Thông báo tổ chức quyên góp"],
    ),
    "Phổ biến giáo dục pháp luật": (
        "PL",
        ["Công nhận hòa giải viên", "Thôi làm hòa giải viên"],
    ),
    "Môi trường": (
        "MT",
        [
            "Đăng ký kế hoạch bảo vệ môi trường",
            "Cấp giấy phép khai thác nước dưới đất",
        ],
    ),
}
VARIANTS = [
    "",
    " (trường hợp có yếu tố nước ngoài)",
    " (thực hiện trực tuyến toàn trình)",
    " (liên thông điện tử)",
    " (trường hợp lưu động)",
    " (nộp qua dịch vụ bưu chính công ích)",
    " (cấp lại)",
    " (trường hợp đặc biệt)",
    " (đối với người cao tuổi, người khuyết tật)",
    " (tại Trung tâm Phục vụ hành chính công)",
]
SENTENCES = [
    "Trường hợp hồ sơ chưa đầy đủ, công chức hướng dẫn tổ chức, cá nhân bổ sung, hoàn thiện một lần.",
    "Kết quả giải quyết được trả trực tiếp hoặc qua dịch vụ bưu chính công ích theo yêu cầu.",
    "Hồ sơ được số hóa và cập nhật trên Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh.",
    "Trường hợp quá hạn, cơ quan giải quyết gửi văn bản xin lỗi và hẹn lại ngày trả kết quả.",
    "Phí, lệ phí thu theo nghị quyết của Hội đồng nhân dân tỉnh, miễn cho đối tượng chính sách.",
    "Thư ký ISO theo dõi, thống kê kết quả thực hiện quy trình hằng quý và báo cáo lãnh đạo.",
    "Biểu mẫu, tờ khai được niêm yết công khai tại nơi tiếp nhận và trên Cổng dịch vụ công.",
    "Thời hạn giải quyết tính theo ngày làm việc, không kể ngày nghỉ lễ, Tết theo quy định.",
    "Người yêu cầu xuất trình bản chính giấy tờ tùy thân có ảnh còn giá trị sử dụng.",
    "Công chức kiểm tra thông tin trong Cơ sở dữ liệu quốc gia về dân cư trước khi tiếp nhận.",
    "Lãnh đạo phòng chuyên môn chịu trách nhiệm về tính chính xác của kết quả trình ký.",
    "Việc đánh giá mức độ hài lòng của người dân được thực hiện sau khi trả kết quả.",
    "Trường hợp từ chối giải quyết, cơ quan trả lời bằng văn bản và nêu rõ lý do.",
    "Hồ sơ lưu được bảo quản theo thời hạn quy định tại danh mục hồ sơ của cơ quan.",
    "Tổ chức, cá nhân có thể nộp hồ sơ trực tuyến có ký số trên Cổng dịch vụ công quốc gia.",
    "Ủy ban nhân dân cấp xã phối hợp với cơ quan công an trong việc xác minh thông tin cư trú.",
]
STEPS = [
    ("Tiếp nhận hồ sơ, kiểm tra, cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "Công chức Bộ phận Một cửa", "4", "hours"),
    ("Chuyển hồ sơ đến phòng chuyên môn", "Công chức Bộ phận Một cửa", "4", "hours"),
    ("Thẩm định hồ sơ, dự thảo kết quả", "Công chức chuyên môn {field}", "2", "days"),
    ("Trình lãnh đạo xem xét, ký duyệt", "Lãnh đạo phòng chuyên môn", "1", "days"),
    ("Trả kết quả, thu phí, lệ phí, lưu hồ sơ", "Công chức Bộ phận Một cửa", "4", "hours"),
]  # fmt: skip


def p95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20)[18]


def procedure_fields(
    rng: random.Random, agency_name: str, field: str, name: str, variant: str
) -> dict[str, Any]:
    """The content of one TTHC procedure, in the project's StreamField format."""
    lower = name[0].lower() + name[1:]
    text = " ".join(
        [
            f"Thành phần hồ sơ {lower} gồm: tờ khai theo mẫu; giấy tờ tùy thân; giấy tờ chứng minh nội dung yêu cầu.",
            *rng.sample(SENTENCES, 6),
        ]
    )
    steps = [
        {
            "step": str(number),
            "description": description,
            "responsible": responsible.format(field=field.lower()),
            "time_limit": limit,
            "time_unit": unit,
            "forms": f"Mẫu {number:02d}" if number == 1 else "",
        }
        for number, (description, responsible, limit, unit) in enumerate(STEPS, 1)
    ]
    return {
        "title": f"Quy trình giải quyết TTHC: {name}{variant}",
        "kind": "tthc",
        "field": field,
        "national_code": f"1.{rng.randrange(1000, 14000):06d}",
        "legal_time_limit": rng.choice([1, 3, 5, 7, 10, 15]),
        "legal_time_unit": "days",
        "purpose": f"<p>Quy định trình tự, cách thức {lower}{variant} tại {agency_name}.</p>",
        "scope": f"<p>Áp dụng đối với Bộ phận Một cửa và các phòng chuyên môn của {agency_name}.</p>",
        "body": [
            ("text", f"<p>{text}</p>"),
            ("steps", {"heading": "Các bước thực hiện", "steps": steps}),
        ],
        "records": [],
    }


def build_tree() -> int:
    """Agencies, their pages and indexes (Wagtail's add_child), then 20,000 procedures."""
    import datetime as dt

    from anyascii import anyascii
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from wagtail.models import Page, Site

    from documents.models import DocumentIndexPage, ProcedurePage
    from qms.models import Agency, AgencyPage, HomePage

    rng = random.Random(20_000)  # noqa: S311 - reproducible test data, not security
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Cổng thông tin", slug="trang-chu"))
    Site.objects.update(root_page=home)
    names = [f"UBND phường {ward}" for ward in WARDS] + DEPARTMENTS
    indexes: list[tuple[Agency, DocumentIndexPage]] = []
    for name in names[:AGENCY_COUNT]:
        agency = Agency.objects.create(
            name=name,
            kind=Agency.Kind.WARD_COMMITTEE
            if "phường" in name
            else Agency.Kind.DEPARTMENT,
            valid_from=dt.date(2025, 7, 1),
        )
        agency_page = home.add_child(
            instance=AgencyPage(title=name, slug=slugify(anyascii(name)), agency=agency)
        )
        index = agency_page.add_child(
            instance=DocumentIndexPage(
                title="Hệ thống tài liệu ISO", slug="tai-lieu-iso"
            )
        )
        indexes.append((agency, index))
    log(f"scaffolding: {len(indexes)} agencies with pages and document indexes")

    catalogue = [
        (field, abbr, name)
        for field, (abbr, procedure_names) in FIELDS.items()
        for name in procedure_names
    ]
    content_type = ContentType.objects.get_for_model(ProcedurePage)
    now = timezone.now()
    page_fields = Page._meta.concrete_fields
    child_fields = ProcedurePage._meta.local_concrete_fields
    total = 0
    for agency, index in indexes:
        numbers: Counter[str] = Counter()
        pages: list[ProcedurePage] = []
        for step in range(1, PER_AGENCY + 1):
            field, abbr, name = rng.choice(catalogue)
            numbers[abbr] += 1
            code = f"QT-{abbr}-{numbers[abbr]:02d}"
            fields = procedure_fields(
                rng, agency.name, field, name, rng.choice(VARIANTS)
            )
            slug = code.lower()
            pages.append(
                ProcedurePage(
                    **fields,
                    code=code,
                    agency=agency,
                    slug=slug,
                    draft_title=fields["title"],
                    content_type=content_type,
                    locale_id=index.locale_id,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    depth=index.depth + 1,
                    path=Page._get_path(index.path, index.depth + 1, step),
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                )
            )
        with transaction.atomic():
            for start in range(0, len(pages), BATCH):
                batch = pages[start : start + BATCH]
                rows = Page.objects.bulk_create(
                    [
                        Page(**{f.attname: getattr(p, f.attname) for f in page_fields})
                        for p in batch
                    ]
                )
                for page, row in zip(batch, rows, strict=True):
                    page.id = page.page_ptr_id = row.id
                # Multi-table inheritance: the child rows, keyed by page_ptr_id.
                ProcedurePage._base_manager._insert(batch, fields=child_fields)
            Page.objects.filter(pk=index.pk).update(numchild=len(pages))
        total += len(pages)
        log(f"procedures: {total}/{AGENCY_COUNT * PER_AGENCY}")
    check_tree(indexes[0][1])
    return total


# treebeard's find_problems() checks, set-based over the whole tree: characters outside the
# alphabet, path length not a multiple of steplen, depth, orphans, numchild.
TREE_CHECKS = {
    "evil_chars": "SELECT count(*) FROM wagtailcore_page WHERE path !~ '^[0-9A-Z]+$'",
    "bad_steplen": "SELECT count(*) FROM wagtailcore_page WHERE length(path) % 4 <> 0",
    "wrong_depth": "SELECT count(*) FROM wagtailcore_page WHERE depth <> length(path) / 4",
    "orphans": (
        "SELECT count(*) FROM wagtailcore_page c LEFT JOIN wagtailcore_page p"
        " ON p.path = left(c.path, -4) WHERE c.depth > 1 AND p.id IS NULL"
    ),
    "wrong_numchild": (
        "SELECT count(*) FROM wagtailcore_page p LEFT JOIN"
        " (SELECT left(path, -4) AS parent, count(*) AS n FROM wagtailcore_page"
        " WHERE depth > 1 GROUP BY 1) c ON c.parent = p.path"
        " WHERE p.numchild <> coalesce(c.n, 0)"
    ),
}


def check_tree(sample_index: Any) -> None:
    """Fail unless the page tree is valid.

    SQL versions of treebeard's find_problems() checks on every node, plus
    ``Page.find_problems()`` itself on one agency's document index (800 children): on the
    whole tree it runs two queries per node, about 50 s here.
    """
    from django.db import connection
    from wagtail.models import Page

    assert Page.steplen == 4
    assert Page.alphabet == "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    counts = {}
    with connection.cursor() as cursor:
        for name, sql in TREE_CHECKS.items():
            cursor.execute(sql)
            counts[name] = cursor.fetchone()[0]
    problems = Page.find_problems(parent=sample_index)
    if any(counts.values()) or any(problems):
        sys.exit(f"page tree has problems: {counts}, find_problems: {problems}")
    log(f"page tree valid: {Page.objects.count()} pages, {counts}")


def time_search(
    rounds: int,
) -> tuple[list[float], dict[str, list[float]], dict[str, int]]:
    from documents.views import _search

    for _ in range(WARMUP_ROUNDS):
        for query in QUERIES:
            _search(query, agency_id="", kind="")
    timings: list[float] = []
    per_query: dict[str, list[float]] = {q: [] for q in QUERIES}
    hits: dict[str, int] = {}
    for _ in range(rounds):
        for query in QUERIES:
            start = time.perf_counter()
            found = _search(query, agency_id="", kind="")
            elapsed = (time.perf_counter() - start) * 1000
            timings.append(elapsed)
            per_query[query].append(elapsed)
            hits[query] = len(found)
    return timings, per_query, hits


def time_view(rounds: int) -> list[float]:
    from urllib.parse import urlencode

    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    urls = [f"/search/?{urlencode({'q': q})}" for q in QUERIES]
    for url in urls:
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(rounds):
        for url in urls:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
    return timings


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        print(
            f"bench/search_pg.py needs PostgreSQL (got {connection.vendor}); run it as "
            "`scripts/with-services.sh .venv/bin/python bench/search_pg.py`",
            file=sys.stderr,
        )
        sys.exit(2)
    from documents.models import DocumentSearchEntry, ProcedurePage
    from documents.services.search import match_count, rebuild

    call_command("migrate", verbosity=0)
    log("migrated")
    docs = build_tree()

    log("search entries: documents.services.search.rebuild() ...")
    start = time.perf_counter()
    indexed = rebuild()
    build_s = time.perf_counter() - start
    log(f"rebuild: {indexed} entries in {build_s:.1f}s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    entries = DocumentSearchEntry.objects.count()
    searchable = ProcedurePage.objects.live().public().count()
    assert entries == searchable == docs == indexed, (entries, searchable, docs)

    matches = {q: match_count(q) for q in QUERIES}
    timings, per_query, hits = time_search(TIMED_ROUNDS)
    for query, values in per_query.items():
        log(
            f"  {query!r:22} matches={matches[query]:5} returned={hits[query]:2}"
            f" median={statistics.median(values):6.1f} ms max={max(values):6.1f} ms"
        )
    assert all(hits.values()), f"a benchmark query found nothing: {hits}"
    view_timings = time_view(VIEW_ROUNDS)
    log(f"{len(timings)} timed _search calls, {len(view_timings)} timed GET /search/")

    print(f"METRIC search_p95_ms_20k_pg {p95(timings):.1f} ms")
    print(f"METRIC search_p95_ms_20k_pg_view {p95(view_timings):.1f} ms")
    print(f"METRIC search_index_build_s {build_s:.1f} s")
    print(f"METRIC search_docs {entries} docs")


if __name__ == "__main__":
    main()
