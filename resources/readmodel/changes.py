"""When what the public sees of each kind last changed (``PublicChange``): the API's and
the HSDS API's Last-Modified.

Worked out from the records, it is the newest ``modified`` of the published ones or the
newest history of one that left the public view, which at 100,000 records per kind reads
the history tables on every list (35 ms). The read model's writer knows both as they
happen: the entries it writes (their ``modified``) and those it drops (now). It keeps the
latest here; ``rebuild`` works it out from the records once.
"""

from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from resources import kinds
from resources.models import PublicChange


def latest(kind):
    """When what the public sees of ``kind`` last changed, or None if nothing of it ever
    was public."""
    return PublicChange.objects.filter(kind=kind.key).values_list("changed", flat=True).first()


def note(kind, written, dropped):
    """The writer wrote entries last modified at ``written`` (their newest, or None) and
    dropped ``dropped`` entries that were public: move the kind's change forward."""
    moments = [moment for moment in (written, timezone.now() if dropped else None) if moment]
    if not moments:
        return
    moment = max(moments)
    if not PublicChange.objects.filter(kind=kind.key).update(changed=Greatest(F("changed"), Value(moment))):
        # The kind's first public entry (a second writer at the same moment finds its row).
        PublicChange.objects.bulk_create([PublicChange(kind=kind.key, changed=moment)], ignore_conflicts=True)


def rebuild():
    """Every kind's change worked out anew from its records and their history."""
    PublicChange.objects.all().delete()
    PublicChange.objects.bulk_create(
        [
            PublicChange(kind=kind.key, changed=changed)
            for kind in kinds.KINDS
            if (changed := kind.model.objects.last_public_change()) is not None
        ]
    )
