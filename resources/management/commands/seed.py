"""manage.py seed: load the curated fixtures, leaving staff edits alone."""

from django.core.management.base import BaseCommand, CommandError

from resources.planner import refresh_statistics
from resources.seeding import OUTCOMES, SKIPPED, FixtureError, seed


class Command(BaseCommand):
    help = (
        "Load taxonomy, sources and entries from fixtures/ in one transaction. "
        "Records changed by staff since they were seeded are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would change and write nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        try:
            report = seed(dry_run=dry_run)
        except FixtureError as error:
            raise CommandError(f"Seed aborted, nothing written: {error}") from None
        if not dry_run:
            refresh_statistics()

        # Every change in a dry run; otherwise only what needs a person's eye
        # (skipped records), unless asked for more with -v 2.
        show_all = dry_run or options["verbosity"] >= 2
        prefix = "would be " if dry_run else ""
        for outcome, kind, key, detail in report.changes:
            if show_all or outcome == SKIPPED:
                line = f"{prefix}{outcome}: {kind} {key}"
                self.stdout.write(f"{line} ({detail})" if detail else line)
        self.stdout.write("")
        self.stdout.write(f"{'kind':<24}" + "".join(f"{o:>11}" for o in OUTCOMES))
        for kind, counter in report.counts.items():
            self.stdout.write(f"{kind:<24}" + "".join(f"{counter[o]:>11}" for o in OUTCOMES))
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
