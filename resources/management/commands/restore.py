"""manage.py restore FILE: load a backup into an empty (migrated) database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resources.backups import RestoreRefused, restore_backup


class Command(BaseCommand):
    help = "Load a file written by `manage.py backup` into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete everything in the database first (a restore over existing data).",
        )

    def handle(self, *args, file, replace=False, **options):
        if not file.is_file():
            raise CommandError(f"No such backup file: {file}")
        try:
            restore_backup(file, replace=replace)
        except RestoreRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(f"Restored {file}.")
