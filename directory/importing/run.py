"""Importing a member list: reading the rows (reading.py), planning (planning.py), writing
(writing.py), all or nothing.

A dry run stops after the plan: it reports exactly what the real run would do. A plan with any
problem is not written; one without is written in one transaction.
"""

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from directory.models import Organisation

from .planning import Lookups, parse_row, plan_rows
from .reading import FileProblem, read_table
from .report import ImportReport
from .writing import write


def import_organisations(
    *,
    content: bytes,
    filename: str,
    network: Organisation | None = None,
    dry_run: bool = False,
    user=None,
) -> ImportReport:
    """Import a member list (.csv or .xlsx, see docs in the admin page); all or nothing.

    `network`: every row becomes a member of it (besides the row's own `networks`). Returns the
    report; nothing is written when it has errors or when `dry_run` is set.
    """
    report = ImportReport(filename=filename, dry_run=dry_run)
    ignored: list[str] = []
    try:
        table = read_table(content=content, filename=filename, ignored=ignored)
    except FileProblem as problem:
        report.error(problem.row, problem.column, problem.message)
        return report
    for column in ignored:
        report.warn(1, column, _("Diese Spalte wird nicht importiert."))

    lookups = Lookups.load()
    rows = [row for number, values in table if (row := parse_row(number, values, lookups, network, report))]
    plans = plan_rows(rows, lookups, report)
    if report.ok and not dry_run:
        try:
            with transaction.atomic():
                write(plans, lookups, report, user=user)
        except DatabaseError as error:
            # A rule only the database sees (a concurrent edit, a row turning a network that
            # another row joins into a firm): nothing was written, and the report says so.
            report.rows = []
            report.error(None, None, _("Die Datenbank hat den Import abgelehnt: %(error)s") % {"error": error})
    return report
