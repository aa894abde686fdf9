"""manage.py backup FILE: everything the directory holds, in one file."""

from pathlib import Path

from django.core.management.base import BaseCommand

from resources.backups import write_backup


class Command(BaseCommand):
    help = "Write every record, its history and the staff accounts to one JSON file (.json or .json.gz)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        write_backup(file)
        self.stdout.write(f"Backup written to {file} ({file.stat().st_size} bytes).")
