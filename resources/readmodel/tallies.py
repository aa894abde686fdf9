"""Counts kept per condition (``PublicCount``, resources/models/public.py): how many
published entries of a kind meet a condition, in all and per facet value among them.

A list's total and facet counts are otherwise counted over every entry that matches: in
the benchmark's 100,000 records per kind, 16,599 services apply in Thailand, and each
grouped count reads their terms one by one. Most lists are filtered by at most
one thing (nothing, a country, a kind or a focus area); for those, the counts are kept
here as they change and a list reads a few rows. Any other list is counted as before
(resources/filters.py).

The conditions:
- ``""``: every published entry of the kind;
- ``"country:<pk>"``: the entries with a national or regional place in that country (a
  list filtered by country adds ``"global"``, the entries that name no place, which apply
  everywhere: an entry is one or the other, never both);
- ``"<facet>=<value>"``: the entries having that term (of the kind's facets kept here,
  ``Kind.kept_facets``: a provider, one of thousands, is counted when asked).

Kept by the read model's writer: before it rewrites some entries, it reads what they
counted for (``contributions``), and after, what they count for now, and adds the
difference (``apply``). ``rebuild`` counts everything anew from the read model.
"""

import zlib
from collections import Counter

from django.db import connection
from django.db.models import Count, Q

from resources import kinds
from resources.models import PublicCount, PublicEntry, PublicPlace, PublicTerm

ALL = ""
GLOBAL = "global"
TOTAL = ("", "")  # the (facet, value) of a condition's own count


def country_condition(country_pk):
    return GLOBAL if country_pk is None else f"country:{country_pk}"


def term_condition(facet, value):
    return f"{facet}={value}"


def conditions(kind, filters):
    """The conditions whose counts add up to the entries a list of ``kind`` filtered by
    ``filters`` ({filter name: cleaned value}, the active ones only) holds; None when they
    are not kept (more than one filter, or one that is not kept)."""
    if not filters:
        return (ALL,)
    if len(filters) > 1:
        return None
    ((name, value),) = filters.items()
    if name == "country":
        return (country_condition(value.pk), GLOBAL)
    if name in kind.kept_facets:
        return (term_condition(name, getattr(value, "slug", value)),)
    return None


def total_cell(kind, filters):
    """(conditions, (facet, value)): the count of a list of ``kind`` filtered by
    ``filters`` is that cell's, summed over those conditions; or None if it is not kept.
    One filter or none: the conditions' own count. Two, one of them on a kept term: that
    term's count under the other's conditions."""
    found = conditions(kind, filters)
    if found is not None:
        return found, TOTAL
    if len(filters) == 2:
        for name, value in filters.items():
            found = conditions(kind, {other: v for other, v in filters.items() if other != name})
            if name in kind.kept_facets and found is not None:
                return found, (name, getattr(value, "slug", value))
    return None


def read(kind, wanted):
    """{key: Counter({(facet, value): count})} for ``wanted`` ({key: conditions}), each the
    sum of its conditions' rows, in one query; ``TOTAL`` holds the entries counted."""
    every = {condition for found in wanted.values() for condition in found}
    by_condition = {}
    rows = PublicCount.objects.filter(kind=kind.key, condition__in=every).values_list(
        "condition", "facet", "value", "n"
    )
    for condition, facet, value, n in rows:
        by_condition.setdefault(condition, Counter())[(facet, value)] = n
    results = {}
    for key, found in wanted.items():
        results[key] = Counter()
        for condition in found:
            results[key].update(by_condition.get(condition, {}))
    return results


# Writing ---------------------------------------------------------------------


def _cells(condition_list, terms):
    """The cells one entry counts in: each of its conditions in all, and with each of its
    terms, but a facet's values under a condition of that same facet (a facet is counted
    under the other filters only)."""
    for condition in condition_list:
        yield (condition, *TOTAL)
        for facet, value in terms:
            if not condition.startswith(f"{facet}="):
                yield (condition, facet, value)


def contributions(kind, record_ids):
    """(the record ids among ``record_ids`` that the read model holds, Counter({(condition,
    facet, value): count}) of what they count for), in three queries."""
    record_ids = list(record_ids)
    present = set(
        PublicEntry.objects.filter(kind=kind.key, record_id__in=record_ids).values_list(
            "record_id", flat=True
        )
    )
    places, terms = {}, {}
    for record_id, country in PublicPlace.objects.filter(kind=kind.key, record_id__in=record_ids).values_list(
        "record_id", "country_id"
    ):
        places.setdefault(record_id, []).append(country_condition(country))
    kept = PublicTerm.objects.filter(kind=kind.key, record_id__in=record_ids, facet__in=kind.kept_facets)
    for record_id, facet, value in kept.values_list("record_id", "facet", "value"):
        terms.setdefault(record_id, []).append((facet, value))
    counts = Counter()
    for record_id in present:
        entry_terms = terms.get(record_id, [])
        entry_conditions = [
            ALL,
            *places.get(record_id, ()),
            *(term_condition(facet, value) for facet, value in entry_terms),
        ]
        counts.update(_cells(entry_conditions, entry_terms))
    return present, counts


def apply(kind, before, after):
    """Add the difference between two ``contributions`` of the same records to the kept
    counts: a read, an upsert and a delete, however many cells change (under
    ``serialize``, taken by the writer)."""
    delta = {cell: after[cell] - before[cell] for cell in before.keys() | after.keys()}
    delta = {cell: change for cell, change in delta.items() if change}
    if not delta:
        return
    # A count below zero would break the field's check: the counts and the read model
    # disagreed, and the write stops rather than keep a wrong count.
    current = {
        (condition, facet, value): n
        for condition, facet, value, n in PublicCount.objects.filter(
            kind=kind.key, condition__in={condition for condition, _, _ in delta}
        ).values_list("condition", "facet", "value", "n")
    }
    rows = []
    for (condition, facet, value), change in delta.items():
        n = current.get((condition, facet, value), 0) + change
        rows.append(PublicCount(kind=kind.key, condition=condition, facet=facet, value=value, n=n))
    PublicCount.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["kind", "condition", "facet", "value"],
        update_fields=["n"],
    )
    PublicCount.objects.filter(kind=kind.key, n=0)._raw_delete(PublicCount.objects.db)


def serialize(kind):
    """On PostgreSQL, one writer of a kind's read model at a time until its transaction
    ends (the writer takes it before it reads what it will rewrite), so that two saves never
    add their changes to counts read before the other's (SQLite has one writer anyway)."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            key = zlib.crc32(f"public_count:{kind.key}".encode())
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def rebuild():
    """Every kept count anew from the read model, by grouped queries over its tables."""
    PublicCount.objects.all()._raw_delete(PublicCount.objects.db)
    kept_terms = Q()
    for kind in kinds.KINDS:
        kept_terms |= Q(kind=kind.key, facet__in=kind.kept_facets)
    rows = []
    # Every entry, and each country (or none: global), in all.
    for kind, n in PublicEntry.objects.values_list("kind").annotate(n=Count("id")).order_by():
        rows.append((kind, ALL, *TOTAL, n))
    places = PublicPlace.objects.values_list("kind", "country_id").annotate(n=Count("id")).order_by()
    rows.extend((kind, country_condition(country), *TOTAL, n) for kind, country, n in places)
    # Each term: in all (under no condition), and as a condition of its own.
    terms = PublicTerm.objects.filter(kept_terms).values_list("kind", "facet", "value")
    for kind, facet, value, n in terms.annotate(n=Count("id")).order_by():
        rows.append((kind, ALL, facet, value, n))
        rows.append((kind, term_condition(facet, value), *TOTAL, n))
    rows.extend(_grouped_pairs())
    PublicCount.objects.bulk_create(
        [PublicCount(kind=k, condition=c, facet=f, value=v, n=n) for k, c, f, v, n in rows], batch_size=2000
    )


def _grouped_pairs():
    """(kind, condition, facet, value, n) of each country's terms and of the terms of
    each term's entries, counted by the database: at 100,000 records per kind there are
    millions of (place, term) pairs, which Python would count a hundred times slower."""
    quote = connection.ops.quote_name
    place, term = quote(PublicPlace._meta.db_table), quote(PublicTerm._meta.db_table)
    kept = " OR ".join(
        f"(t.kind = %s AND t.facet IN ({', '.join(['%s'] * len(kind.kept_facets))}))" for kind in kinds.KINDS
    )
    params = [value for kind in kinds.KINDS for value in (kind.key, *kind.kept_facets)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.kind, p.country_id, t.facet, t.value, COUNT(*) FROM {place} p "
            f"JOIN {term} t ON t.entry_id = p.entry_id WHERE {kept} "
            "GROUP BY p.kind, p.country_id, t.facet, t.value",
            params,
        )
        for kind, country, facet, value, n in cursor.fetchall():
            yield (kind, country_condition(country), facet, value, n)
        cursor.execute(
            f"SELECT a.kind, a.facet, a.value, t.facet, t.value, COUNT(*) FROM {term} a "
            f"JOIN {term} t ON t.entry_id = a.entry_id AND t.facet <> a.facet "
            f"WHERE ({kept}) AND ({kept.replace('t.', 'a.')}) "
            "GROUP BY a.kind, a.facet, a.value, t.facet, t.value",
            params * 2,
        )
        for kind, facet, value, other_facet, other_value, n in cursor.fetchall():
            yield (kind, term_condition(facet, value), other_facet, other_value, n)
