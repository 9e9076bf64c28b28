import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.privacy import find_person, person_data


class Command(BaseCommand):
    help = (
        "Write everything held about one person (public or not) as JSON: the person, their "
        "positions and participations with the sources cited for each, their history, and the "
        "other records whose text names them. For a request under Art. 15 DSGVO."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The person's slug (Kürzel), as in the admin.")
        parser.add_argument("--output", "-o", help="Write to this file instead of standard output.")

    def handle(self, *args, slug, output=None, **options):
        person = find_person(slug=slug)
        if person is None:
            raise CommandError(_("Keine Person mit dem Kürzel „%(slug)s“.") % {"slug": slug})
        text = json.dumps(person_data(person=person), ensure_ascii=False, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(_("Geschrieben: %(path)s") % {"path": output})
        else:
            self.stdout.write(text, ending="")
