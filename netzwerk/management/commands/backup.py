from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from netzwerk.backups import BackupError, backup, default_path


class Command(BaseCommand):
    help = (
        "Back up the whole database: pg_dump's custom format on PostgreSQL, the SQLite backup "
        "API on SQLite. Writes to the given file, or to backups/ with a timestamped name."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write the backup (default: backups/…)")
        parser.add_argument("--database", default="default", help="the database alias (default: default)")

    def handle(self, *args, file=None, database="default", **options):
        path = Path(file) if file else default_path(settings.BASE_DIR / "backups", alias=database)
        try:
            written = backup(path, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written: {written} ({written.stat().st_size} bytes)")
