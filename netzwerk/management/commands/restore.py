from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from netzwerk.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the database, which must be empty "
        "(or pass --replace). All or nothing: a failed restore changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file")
        parser.add_argument("--database", default="default", help="the database alias (default: default)")
        parser.add_argument("--replace", action="store_true", help="overwrite a database that already has tables")

    def handle(self, *args, file, database="default", replace=False, **options):
        try:
            restore(Path(file), alias=database, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {file}.")
