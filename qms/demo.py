"""Build the demo organisation through the services; idempotent (a second run writes nothing)."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from anyascii import anyascii
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.module_loading import module_has_submodule
from django.utils.text import slugify
from wagtail.models import Page, Site

from qms import demo_data as data
from qms import services
from qms.models import (
    Agency,
    AgencyPage,
    HomePage,
    Position,
    ReceivingUnit,
    ReceivingUnitPage,
    StaffProfile,
)
from qms.roles import Role

Log = Callable[[str], None]


def _slug(text: str) -> str:
    return slugify(anyascii(text))[:80]


@transaction.atomic
def seed_demo(log: Log = lambda _msg: None) -> None:
    """Create the demo province, its agencies, units, staff, users and portal pages."""
    services.roles_sync()
    positions = _positions()
    agencies = _agencies()
    units = _units(agencies)
    _superuser(log)
    for row in [*data.DEMO_USERS, *data.generated_staff()]:
        _staff(row, agencies, positions, units, demo=row in data.DEMO_USERS)
    _dissolutions(agencies)
    _pages(agencies, units)
    services.agency_collections_ensure()
    _seed_apps(log)
    log("Dữ liệu mẫu đã sẵn sàng.")


def _seed_apps(log: Log) -> None:
    # Each feature app may ship a `demo` module with `seed(log)`; qms imports none of them.
    for config in apps.get_app_configs():
        if config.name != "qms" and module_has_submodule(config.module, "demo"):
            import_module(f"{config.name}.demo").seed(log)


def _positions() -> dict[str, Position]:
    result = {}
    for code, name, one_stop, head in data.POSITIONS:
        result[code], _created = Position.objects.get_or_create(
            code=code, defaults={"name": name, "is_one_stop": one_stop, "is_head": head}
        )
    return result


def _agencies() -> dict[str, Agency]:
    result: dict[str, Agency] = {}
    for row in data.AGENCIES:
        agency = Agency.objects.filter(name=row.name).first()
        if agency is None:
            agency = services.agency_save(
                agency=Agency(
                    name=row.name,
                    kind=row.kind,
                    parent=result.get(row.parent) if row.parent else None,
                    admin_code=row.admin_code,
                    valid_from=row.valid_from,
                    legal_basis=row.legal_basis,
                    address=row.address,
                ),
                reason="Dữ liệu mẫu",
            )
        result[row.key] = agency
    return result


def _units(agencies: dict[str, Agency]) -> dict[str, ReceivingUnit]:
    result = {}
    for row in data.UNITS:
        agency = agencies[row.agency]
        unit = ReceivingUnit.objects.filter(agency=agency, name=row.name).first()
        if unit is None:
            unit = services.receiving_unit_save(
                unit=ReceivingUnit(
                    agency=agency,
                    name=row.name,
                    kind=row.kind,
                    address=row.address,
                    opening_hours=data._HOURS,
                    phone=row.phone,
                    email=row.email,
                ),
                reason="Dữ liệu mẫu",
            )
        result[row.name] = unit
    return result


def _superuser(log: Log) -> None:
    User = get_user_model()
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser(
            "admin", "admin@hungyen.example.vn", data.DEMO_PASSWORD
        )


def _staff(
    row: data.UserRow,
    agencies: dict[str, Agency],
    positions: dict[str, Position],
    units: dict[str, ReceivingUnit],
    *,
    demo: bool,
) -> None:
    if StaffProfile.objects.filter(user__username=row.username).exists():
        return
    services.staff_create(
        username=row.username,
        email=f"{row.username}@hungyen.example.vn",
        full_name=row.full_name,
        agency=agencies[row.agency],
        receiving_unit=units[row.unit] if row.unit else None,
        position=positions[row.position],
        service_start=row.service_start,
        roles=[Role(row.role)],
        # Heads and ISO secretaries of every demo agency sign demo documents with it too.
        password=data.DEMO_PASSWORD if demo or row.role != Role.STAFF.value else None,
        send_welcome=False,
    )


def _dissolutions(agencies: dict[str, Agency]) -> None:
    for key, basis in data.DISSOLUTION_BASIS.items():
        agency = agencies[key]
        if agency.valid_to is not None:
            continue
        successors = [
            agencies[s.successor] for s in data.SUCCESSIONS if s.predecessor == key
        ]
        services.agency_dissolve(
            agency=agency,
            last_day=data.LAST_DAY_BEFORE_MERGER,
            basis=basis,
            successors=successors,
        )


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _pages(agencies: dict[str, Agency], units: dict[str, ReceivingUnit]) -> None:
    home = HomePage.objects.first() or _home()
    province = agencies["ubnd-tinh"]
    pages: dict[int, AgencyPage] = {}
    for row in data.AGENCIES:
        agency = agencies[row.key]
        if (
            row.key == "ubnd-thai-binh"
            or agency.parent_id == agencies["ubnd-thai-binh"].pk
        ):
            continue  # the former province keeps its records but has no portal page
        existing = AgencyPage.objects.filter(agency=agency).first()
        parent: Page = home if agency == province else pages[province.pk]
        if existing is None:
            existing = _publish(
                parent,
                AgencyPage(title=agency.name, slug=_slug(agency.name), agency=agency),
            )
            # Granted here too: the post_save signal waits for a commit the seed may not see.
            services.agency_page_groups_sync(page=existing)
        pages[agency.pk] = existing
    for unit in units.values():
        if (
            not ReceivingUnitPage.objects.filter(unit=unit).exists()
            and unit.agency_id in pages
        ):
            _publish(
                pages[unit.agency_id],
                ReceivingUnitPage(title=unit.name, slug=_slug(unit.name), unit=unit),
            )


def _home() -> HomePage:
    root = Page.get_first_root_node()
    home = HomePage(
        title="Cổng thông tin ISO Một cửa tỉnh Hưng Yên",
        slug="trang-chu",
        intro=(
            "<p>Công khai hệ thống quản lý chất lượng theo TCVN ISO 9001:2015, quy trình giải quyết "
            "thủ tục hành chính và quy chế hoạt động của Bộ phận Một cửa các cơ quan, đơn vị.</p>"
        ),
    )
    _publish(root, home)
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if site is None:
        Site.objects.create(
            hostname="localhost",
            root_page=home,
            is_default_site=True,
            site_name="Một Cửa QMS",
        )
    else:
        site.root_page = home
        site.site_name = "Một Cửa QMS"
        site.save()
    # Wagtail's placeholder "Welcome" page is not part of the portal.
    if (
        old_root is not None
        and old_root.pk != home.pk
        and not old_root.get_children().exists()
    ):
        old_root.delete()
    return home
