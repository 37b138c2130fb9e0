"""``manage.py import_dossier_stats FILE --agency CODE [--dry-run]``: the admin screen's twin.

Same service as the upload screen: the file is checked in full, a file with any error
stores nothing, and the import replaces the agency's figures for the file's months. Run by
an administrator, so the changes are recorded as made by the system.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dossiers.models import DossierImport
from dossiers.parsing import ImportFileError, parse_file
from dossiers.services import dossier_import_confirm, dossier_import_upload
from qms.models import Agency


def find_agency(code: str) -> Agency:
    """The agency whose administrative code, or public page's slug, is ``code``."""
    found = list(
        Agency.objects.filter(Q(admin_code__iexact=code) | Q(page__slug=code))[:2]
    )
    if len(found) != 1:
        raise CommandError(
            _("No single agency has the code or page slug %(code)s.") % {"code": code}
        )
    return found[0]


class Command(BaseCommand):
    # Lazy: translated when the parser is built (create_parser), in the active language.
    help = cast(
        str,
        gettext_lazy(
            "Import the dossier statistics exported by the one-stop information system "
            "(XLSX or CSV, one row per procedure and month) for an agency. The whole file is "
            "checked first: a file with any error stores nothing. Re-importing a month "
            "replaces its figures, never duplicates them."
        ),
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        # argparse formats plain strings only: translate now, in the active language.
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("the XLSX or CSV file"))
        parser.add_argument(
            "--agency",
            required=True,
            help=_("the agency's administrative code or page slug"),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("only check the file and list its errors; store nothing"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        agency = find_agency(options["agency"])
        data = path.read_bytes()
        if options["dry_run"]:
            self._check(data)
            return
        try:
            batch = dossier_import_upload(
                agency=agency, data=data, filename=path.name, user=None
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if batch.error_count:
            self._errors(batch.row_errors, batch.error_count)
            raise CommandError(_("The file has errors; nothing was stored."))
        batch = dossier_import_confirm(batch=batch, user=None, background=False)
        if batch.status != DossierImport.Status.DONE:
            raise CommandError(
                _("The import did not finish (%(status)s). %(failure)s")
                % {"status": batch.get_status_display(), "failure": batch.failure}
            )
        self.stdout.write(
            _(
                "%(rows)s rows imported: %(created)s added, %(updated)s changed, "
                "%(removed)s removed; %(flags)s nonconformities raised."
            )
            % {
                "rows": batch.rows_total,
                "created": batch.created,
                "updated": batch.updated,
                "removed": batch.removed,
                "flags": batch.flags_raised,
            }
        )

    def _check(self, data: bytes) -> None:
        try:
            result = parse_file(data)
        except ImportFileError as exc:
            raise CommandError(exc.message) from None
        if result.error_count:
            self._errors(result.errors, result.error_count)
            raise CommandError(_("The file has errors; nothing was stored."))
        self.stdout.write(
            _("The file is correct: %(rows)s rows. Nothing was stored (dry run).")
            % {"rows": result.total}
        )

    def _errors(self, errors: list[dict[str, Any]], count: int) -> None:
        for error in errors:
            self.stderr.write(error["message"])
        if count > len(errors):
            self.stderr.write(
                _("… and %(more)s more errors.") % {"more": count - len(errors)}
            )
