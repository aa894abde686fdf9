"""Print the published records that need verifying, for a weekly job.

Exit status 1 when any record is overdue (never verified by staff, or last verified
more than twelve months ago), so that a scheduler can alert on it; 0 when none is.
"""

from django.core.management.base import BaseCommand

from resources import moderation


class Command(BaseCommand):
    help = "List published records that need verifying; exit status 1 when any is overdue."

    def handle(self, *args, **options):
        queue = moderation.review_queue()
        if not queue:
            self.stdout.write("Every published record was verified by staff in the last twelve months.")
            return
        self.stdout.write(
            f"{len(queue)} published record(s) need verifying (services with contact details first):"
        )
        for kind, record in queue:
            when = record.last_verified.isoformat() if record.last_verified else "never verified"
            self.stdout.write(f"  {kind.singular}\t{record.slug}\t{when}\t{record.name}")
        raise SystemExit(1)
