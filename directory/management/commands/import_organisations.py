"""Import a member list: python manage.py import_organisations FILE [--network SLUG] [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.importing import COLUMNS, import_organisations
from directory.models import Organisation


class Command(BaseCommand):
    help = (
        "Importiert Organisationen aus einer .csv- oder .xlsx-Datei (Kopfzeile; Spalten: "
        + ", ".join(COLUMNS)
        + "). Alles oder nichts: bei einem Fehler wird nichts gespeichert."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Die .csv- oder .xlsx-Datei.")
        parser.add_argument("--network", metavar="SLUG", help="Alle Zeilen werden Mitglied dieses Netzwerks.")
        parser.add_argument("--dry-run", action="store_true", help="Nur prüfen und berichten, nichts speichern.")

    def handle(self, *args, file, network=None, dry_run=False, **options):
        target = None
        if network:
            target = Organisation.objects.networks().filter(slug=network).first()
            if target is None:
                raise CommandError(_("Kein Netzwerk mit dem Kürzel „%(slug)s“.") % {"slug": network})
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Die Datei „%(file)s“ lässt sich nicht lesen: %(error)s.") % {"file": file, "error": error.strerror}
            ) from None

        report = import_organisations(content=content, filename=path.name, network=target, dry_run=dry_run)

        verbosity = options["verbosity"]
        for problem in report.warnings:
            self.stderr.write(_("Hinweis: %(problem)s") % {"problem": problem})
        if verbosity > 1:
            for outcome in report.rows:
                changes = f" ({', '.join(outcome.changes)})" if outcome.changes else ""
                self.stdout.write(
                    _("Zeile %(row)s: %(name)s: %(action)s")
                    % {
                        "row": outcome.row,
                        "name": outcome.name,
                        "action": outcome.action_label,
                    }
                    + changes
                )
        if report.new_competences:
            self.stdout.write(
                _("Neue, noch ungeprüfte Kompetenzen: %(names)s") % {"names": ", ".join(report.new_competences)}
            )
        if not report.ok:
            for problem in report.errors:
                self.stderr.write(str(problem))
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
