import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.privacy import erase_person, find_person, person_data


class Command(BaseCommand):
    help = (
        "Erase one person (Art. 17 DSGVO): delete them with their positions and participations "
        "and the citations of those, scrub their history rows, refresh search documents and "
        "caches. Asks before it deletes unless --yes is given. Other records whose text names "
        "the person are listed for an editor to review; they are not changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The person's slug (Kürzel), as in the admin.")
        parser.add_argument("--yes", action="store_true", help="Delete without asking.")

    def handle(self, *args, slug, yes=False, **options):
        person = find_person(slug=slug)
        if person is None:
            raise CommandError(_("Keine Person mit dem Kürzel „%(slug)s“; nichts gelöscht.") % {"slug": slug})
        data = person_data(person=person)
        self.stdout.write(
            _("%(name)s (%(slug)s): %(positions)d Funktionen, %(participations)d Teilnahmen.")
            % {
                "name": person.full_name,
                "slug": person.slug,
                "positions": len(data["positions"]),
                "participations": len(data["participations"]),
            }
        )
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError(_("Nichts gelöscht: ohne --yes wird nur im Terminal nachgefragt."))
            answer = input(_("Endgültig löschen? Tippen Sie „ja“: "))
            if answer.strip().lower() != "ja":
                raise CommandError(_("Abgebrochen; nichts gelöscht."))
        report = erase_person(person=person)
        self.stdout.write(
            _(
                "Gelöscht: %(name)s mit %(positions)d Funktionen, %(participations)d Teilnahmen "
                "und %(citations)d Belegen; %(history)d Versionen anonymisiert."
            )
            % {
                "name": report.person,
                "positions": report.positions,
                "participations": report.participations,
                "citations": report.citations,
                "history": report.history_rows_scrubbed,
            }
        )
        if report.mentions:
            self.stdout.write(_("Diese Einträge nennen den Namen noch im Text; bitte von Hand prüfen:"))
            for mention in report.mentions:
                self.stdout.write(f"  {mention['model']} #{mention['pk']} ({mention['field']})")
