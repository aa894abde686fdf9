"""What each kind of entry links to, loaded for public display in a fixed number of queries.

Shared by the detail pages and the API. To-many relations to other entries are
prefetched with only their published records; to-one relations are joined and
must be checked with ``public()`` before display.
"""

from django.db.models import Prefetch

from resources.models import Citation, LegalInstrument, Organization, Strategy, SupportService

# model: (to-one relations to join, {to-many relation: the entry model it holds, or None for taxonomy})
RELATIONS = {
    Organization: (
        ("headquarters_country", "parent"),
        {
            "parts": Organization,
            "adopted_instruments": LegalInstrument,
            "custodian_of": LegalInstrument,
            "led_strategies": Strategy,
            "partner_strategies": Strategy,
            "services": SupportService,
        },
    ),
    LegalInstrument: (
        ("adopting_body", "supplements"),
        {"custodians": Organization, "supplemented_by": LegalInstrument, "implemented_by": Strategy},
    ),
    Strategy: (
        (),
        {
            "lead_organizations": Organization,
            "partner_organizations": Organization,
            "implements": LegalInstrument,
        },
    ),
    SupportService: (("provider",), {"service_types": None, "populations": None}),
}


def citations_prefetch():
    return Prefetch(
        "citations", queryset=Citation.objects.select_related("source").order_by("position", "pk")
    )


def with_public_relations(queryset):
    """``queryset`` with coverage, topics, citations and the kind's relations loaded."""
    joins, many = RELATIONS[queryset.model]
    prefetches = [
        Prefetch(name, queryset=related.objects.published()) if related else name
        for name, related in many.items()
    ]
    return queryset.select_related(*joins).prefetch_related(
        "regions", "countries", "focus_areas", citations_prefetch(), *prefetches
    )


def public(obj):
    """A to-one related record, or None unless it is published."""
    return obj if obj is not None and obj.is_published else None
