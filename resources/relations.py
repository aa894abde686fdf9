"""What each kind of entry links to, loaded for public display in a fixed number of queries.

Shared by the detail pages and the API. To-many relations to other entries are
prefetched with only their published records; to-one relations are joined and
must be checked with ``public()`` before display.
"""

from django.db.models import Prefetch

from resources import kinds, translations
from resources.models import Citation


def citations_prefetch():
    # A citation names its source; the source's full text (some 20 KB, loaded again with
    # every citation) belongs to the source's own page.
    citations = (
        Citation.objects.select_related("source", "reference")
        .defer("source__text", "source__assessment", "source__ai_notice")
        .order_by("position", "pk")
    )
    return Prefetch("citations", queryset=citations)


def with_public_relations(queryset):
    """``queryset`` with coverage, topics, citations, the kind's relations and, in another
    language, the translations of it and its to-many relations loaded."""
    kind = kinds.of(queryset.model)
    prefetches = [
        Prefetch(name, queryset=translations.loaded_with(related.objects.published())) if related else name
        for name, related in kind.to_many.items()
    ]
    queryset = queryset.select_related(*kind.to_one).prefetch_related(
        "regions", "countries", "focus_areas", citations_prefetch(), *prefetches
    )
    return translations.loaded_with(queryset)


def public(obj):
    """A to-one related record, or None unless it is published."""
    return obj if obj is not None and obj.is_published else None
