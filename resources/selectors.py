"""The one list selector of each kind: what the list page, the API list, the feeds and the
exports read, with the same filtering, the same order and the same related rows.

The rules themselves live elsewhere (visibility in querysets.py, filters in filters.py,
coverage and search in the read model); this module only puts them together once.
"""

from resources import kinds


def published(kind):
    """The kind's published records in the list order: by name, then primary key, so
    that records with the same name never move between pages."""
    return kind.model.objects.published().order_by("name", "pk")


def filtered(kind, params):
    """The kind's FilterSet bound to ``params`` (a QueryDict) over its published records;
    a filter's own order (``ordering``, search rank) replaces the list order."""
    return kind.filterset_class(params, queryset=published(kind))


def listing(queryset):
    """``queryset`` (a filtered list of one kind) with what each row shows loaded."""
    kind = kinds.of(queryset.model)
    return queryset.select_related(*kind.list_select).prefetch_related(*kind.list_prefetch)
