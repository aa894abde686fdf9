"""The one list selector of each kind: what the list page, the API list, the feeds and the
exports read, with the same filtering, the same order and the same related rows.

The rules themselves live elsewhere (visibility in querysets.py, filters in filters.py,
coverage and search in the read model); this module only puts them together once.
"""

from django.db import connections
from django.db.models import Func
from django.db.models.lookups import In
from django.db.models.sql.where import WhereNode

from resources import kinds, translations

# By name, then primary key, so that records with the same name never move between pages.
LIST_ORDER = ("name", "pk")

# On SQLite, the pages in the first half of a list holding at least this part of its
# kind's records have their keys read by walking the kind's (status, name) index in order
# (``Listing.keys``): two to four times faster than sorting at 100,000 records per kind,
# for lists holding from 2.3% to 50% of their kind (docs/performance.md, "Lists read in
# name order").
WALKED_SHARE = 0.02
WALKED_PAGES = 0.5


def published(kind):
    """The kind's published records in the list order."""
    return kind.model.objects.published().order_by(*LIST_ORDER)


def filtered(kind, params):
    """The kind's FilterSet bound to ``params`` (a QueryDict) over its published records;
    a filter's own order (``ordering``, search rank) replaces the list order."""
    return kind.filterset_class(params, queryset=published(kind))


def listing(queryset, count=None, share=None):
    """``queryset`` (a filtered list of one kind) as pages to show: see ``Listing``.
    ``count``, when given, is what counts it and ``share`` what part of the kind it holds
    (``EntryFilter.total`` and ``EntryFilter.share``, which read the read model's kept
    counts where they can)."""
    return Listing(queryset, count, share)


class Unindexed(Func):
    """``+column``: the column's value, which SQLite's planner does not look up in an index."""

    template = "+%(expressions)s"


class Listing:
    """A filtered list of one kind, read a page at a time in two steps: the page's primary
    keys in list order, then those records with what each row shows (the kind's
    ``list_select`` and ``list_prefetch``).

    Asked for whole rows, the database sorts every matching record with its joins and
    annotations to keep twenty: 280 ms for the services that apply in Thailand at 100,000
    records per kind on SQLite, against 66 ms to sort their keys. A paginator takes it as it
    takes a queryset (``count()``, ``ordered``, slicing)."""

    def __init__(self, queryset, count=None, share=None):
        self.queryset = queryset
        self.kind = kinds.of(queryset.model)
        self._count = count or queryset.count
        self._share = share

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
        keys = list(self.keys(index.stop)[index])
        records = (
            self.model.objects.published()
            .select_related(*self.kind.list_select)
            .prefetch_related(*self.kind.list_prefetch)
        )
        loaded = translations.loaded_with(records).in_bulk(keys)
        return [loaded[key] for key in keys if key in loaded]  # else unpublished in between

    def keys(self, stop=None):
        """The list's primary keys in list order, as far as ``stop``.

        SQLite looks up every record that matches, then sorts their names: 40 to 60 ms
        for lists of 2,000 to 45,000 records at 100,000 per kind. For the first pages of a
        list holding a large part of its kind, it walks the kind's (status, name) index in
        order instead, keeping each key found in the read model's lists of matches (read
        once each), until the page is full: the same keys in 10 to 25 ms, no name read
        from its row, nothing sorted. The walk grows with the page (``stop / share``
        entries of the index), so past the middle of the list it is left to the sort.
        (The unindexed ``+pk`` keeps the planner from the other way round.) PostgreSQL's
        planner weighs the two ways itself, by its statistics."""
        keys = self.queryset.values_list("pk", flat=True)
        if (
            self._share is None
            or connections[self.queryset.db].vendor != "sqlite"
            or tuple(self.queryset.query.order_by) != LIST_ORDER
        ):
            return keys
        share = self._share()
        if share is None or share < WALKED_SHARE or (stop or 0) > self.count() * WALKED_PAGES:
            return keys
        walked = keys.all()
        _unindex_key_lookups(walked.query.where)
        return walked


def _unindex_key_lookups(where):
    """Turn each ``pk IN (subquery)`` of a cloned query's WHERE (the read model's filters:
    a country, a term) into ``+pk IN (subquery)``, in place: SQLite then reads each
    subquery once into a list to test keys against, rather than looking each of its keys
    up in the table."""
    for position, child in enumerate(where.children):
        if isinstance(child, WhereNode):
            _unindex_key_lookups(child)
        elif (
            isinstance(child, In)
            and getattr(child.lhs, "target", None) is not None
            and child.lhs.target.primary_key
        ):
            where.children[position] = In(Unindexed(child.lhs), child.rhs)
