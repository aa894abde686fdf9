"""The one list selector of each kind: what the list page, the API list, the feeds and the
exports read, with the same filtering, the same order and the same related rows.

The rules themselves live elsewhere (visibility in querysets.py, filters in filters.py,
coverage and search in the read model); this module only puts them together once.
"""

from resources import kinds, translations


def published(kind):
    """The kind's published records in the list order: by name, then primary key, so
    that records with the same name never move between pages."""
    return kind.model.objects.published().order_by("name", "pk")


def filtered(kind, params):
    """The kind's FilterSet bound to ``params`` (a QueryDict) over its published records;
    a filter's own order (``ordering``, search rank) replaces the list order."""
    return kind.filterset_class(params, queryset=published(kind))


def listing(queryset, count=None):
    """``queryset`` (a filtered list of one kind) as pages to show: see ``Listing``.
    ``count``, when given, is what counts it (``EntryFilter.total``, which reads the read
    model's kept counts where it can)."""
    return Listing(queryset, count)


class Listing:
    """A filtered list of one kind, read a page at a time in two steps: the page's primary
    keys in list order, then those records with what each row shows (the kind's
    ``list_select`` and ``list_prefetch``).

    Asked for whole rows, the database sorts every matching record with its joins and
    annotations to keep twenty: 280 ms for the services that apply in Thailand at 100,000
    records per kind on SQLite, against 66 ms to sort their keys. A paginator takes it as it
    takes a queryset (``count()``, ``ordered``, slicing)."""

    def __init__(self, queryset, count=None):
        self.queryset = queryset
        self.kind = kinds.of(queryset.model)
        self._count = count or queryset.count

    @property
    def model(self):
        return self.queryset.model

    @property
    def ordered(self):
        return self.queryset.ordered

    def count(self):
        return self._count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        keys = list(self.queryset.values_list("pk", flat=True)[index])
        records = (
            self.model.objects.published()
            .select_related(*self.kind.list_select)
            .prefetch_related(*self.kind.list_prefetch)
        )
        loaded = translations.loaded_with(records).in_bulk(keys)
        return [loaded[key] for key in keys if key in loaded]  # else unpublished in between
