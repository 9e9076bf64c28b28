"""What an import did or would do: counts, each row's outcome, and each problem by row and column."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("Zeile %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("Spalte %(column)s") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class RowOutcome:
    row: int
    name: str
    action: str  # one of ImportReport.ACTIONS
    changes: list[str] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return ImportReport.ACTIONS[self.action]


@dataclass
class ImportReport:
    ACTIONS = {
        "created": gettext_lazy("neu"),
        "updated": gettext_lazy("geändert"),
        "unchanged": gettext_lazy("unverändert"),
    }

    filename: str = ""
    dry_run: bool = False
    rows: list[RowOutcome] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    new_competences: list[str] = field(default_factory=list)

    def error(self, row: int | None, column: str | None, message: str) -> None:
        self.errors.append(Problem(row, column, str(message)))

    def warn(self, row: int | None, column: str | None, message: str) -> None:
        self.warnings.append(Problem(row, column, str(message)))

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def count(self, action: str) -> int:
        return sum(1 for outcome in self.rows if outcome.action == action)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    def summary(self) -> str:
        if not self.ok:
            return _("Import abgebrochen: %(count)s Fehler, nichts wurde gespeichert.") % {"count": len(self.errors)}
        counts = {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}
        if self.dry_run:
            return (
                _("Probelauf: %(created)s neu, %(updated)s geändert, %(unchanged)s unverändert; nichts gespeichert.")
                % counts
            )
        return _("Importiert: %(created)s neu, %(updated)s geändert, %(unchanged)s unverändert.") % counts
