"""manage.py reindex: the read model of public entries built anew from the records."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from pagecache import versioning
from resources import kinds
from resources.models import PublicEntry, PublicPlace
from resources.planner import refresh_statistics
from resources.readmodel import writer


class Command(BaseCommand):
    help = "Rebuild the read model (public entries, places, regions, terms, search text). Idempotent."

    def handle(self, *args, **options):
        started = time.monotonic()
        with transaction.atomic():
            writer.rebuild()
            versioning.bump()
        refresh_statistics()
        counts = {kind.key: PublicEntry.objects.filter(kind=kind.key).count() for kind in kinds.KINDS}
        self.stdout.write(
            "Read model rebuilt in {:.1f} s: {}; {} places.".format(
                time.monotonic() - started,
                ", ".join(f"{n} {key}" for key, n in counts.items()),
                PublicPlace.objects.count(),
            )
        )
