"""Importing a member list: reading the rows (reading.py), planning (planning.py), writing
(writing.py), all or nothing.

A dry run stops after the plan: it reports exactly what the real run would do. A plan with any
problem is not written; one without is written in one transaction.
"""

import hashlib

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from directory.models import ImportRecord, Organisation

from .planning import Lookups, parse_row, plan_rows
from .reading import FileProblem, read_table
from .report import ImportReport
from .scope import Scope, check_scope
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

    `user`: who imports. A network's editor is checked row by row against their scope
    (scope.py); a superuser, or no user (the management command), is not. A written import is
    recorded (ImportRecord) with its user, the file's SHA-256 and what each row did.
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
    scope = Scope.of(user)
    if report.ok and scope is not None:
        if network is not None and network.pk not in scope.networks:
            report.error(None, None, _("„%(network)s“ ist nicht Ihr Netzwerk.") % {"network": network.name})
        check_scope(plans, scope, lookups, report)
    if report.ok and not dry_run:
        try:
            with transaction.atomic():
                write(plans, lookups, report, user=user)
                record(plans, report, content=content, network=network, user=user)
        except DatabaseError as error:
            # A rule only the database sees (a concurrent edit, a row turning a network that
            # another row joins into a firm): nothing was written, and the report says so.
            report.rows = []
            report.error(None, None, _("Die Datenbank hat den Import abgelehnt: %(error)s") % {"error": error})
    return report


def record(plans, report: ImportReport, *, content: bytes, network, user) -> ImportRecord:
    """The import's entry in the trail: who, which file (name and SHA-256), and each row's
    outcome with the organisation it created or changed."""
    organisations = {plan.row.number: plan.organisation.pk for plan in plans if plan.organisation is not None}
    return ImportRecord.objects.create(
        user=user if user is not None and user.pk else None,
        network=network,
        filename=report.filename[:255],
        digest=hashlib.sha256(content).hexdigest(),
        created_count=report.created,
        updated_count=report.updated,
        unchanged_count=report.unchanged,
        rows=[
            {
                "row": outcome.row,
                "name": outcome.name,
                "action": outcome.action,
                "organisation": organisations.get(outcome.row),
                "changes": outcome.changes,
            }
            for outcome in report.rows
        ],
    )
