"""Counts for the pictures (the world map, the region-by-focus-area matrix), read from the
read model: grouped queries over its places, regions and terms, one set per kind, so
that the number of queries is the same whatever the number of records, countries or
regions. The rules of where an entry applies were applied when it was written."""

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import get_language
from django_countries import countries as country_names

from resources import kinds
from resources.models import Country, PublicEntry, PublicPlace, PublicRegion, PublicTerm
from resources.querysets import Coverage


@dataclass(frozen=True)
class Place:
    """What the visuals show of a country, worked out once per request: a map and its table
    use each of these several times, and django-countries looks a name up on every access."""

    pk: int
    code: str  # ISO alpha-2, upper case
    name: str
    url: str


@lru_cache(maxsize=2048)
def name_of(code, language):
    """A country's name in ``language``: django-countries looks it up anew on every access."""
    return country_names.name(code)


def places():
    """{country pk: Place} of every country (one query)."""
    # Every country page's address has the same shape: reverse() once, not per country.
    url = reverse("resources:country-detail", args=["zz"]).replace("zz", "{}")
    return {
        pk: Place(pk, code, name_of(code, get_language()), url.format(code.lower()))
        for pk, code in Country.objects.order_by().values_list("pk", "code")
    }


@dataclass
class CountryCoverage:
    country: Place
    national: int
    regional: int
    global_: int

    @property
    def total(self):
        return self.national + self.regional + self.global_

    def count(self, layer):
        return {
            Coverage.NATIONAL: self.national,
            Coverage.REGIONAL: self.regional,
            Coverage.GLOBAL: self.global_,
        }.get(layer, self.total)


def _of(model, queryset):
    """The read model's rows of the records in ``queryset``."""
    return model.objects.filter(
        kind=kinds.of(queryset.model).key, record_id__in=queryset.order_by().values("pk")
    )


def coverage_by_country(querysets):
    """{country pk: CountryCoverage} of the entries in ``querysets`` (one query each)."""
    counts = Counter()
    for queryset in querysets:
        # record_id, not id: a column of the index, which PostgreSQL then counts alone.
        rows = _of(PublicPlace, queryset).values("country_id", "coverage").annotate(n=Count("record_id"))
        counts.update({(row["country_id"], row["coverage"]): row["n"] for row in rows})
    global_ = counts[(None, Coverage.GLOBAL)]
    return {
        pk: CountryCoverage(place, counts[(pk, Coverage.NATIONAL)], counts[(pk, Coverage.REGIONAL)], global_)
        for pk, place in places().items()
    }


@dataclass
class MatrixCounts:
    """Entries per region (as ``in_region`` counts) and focus area; ``global_`` for those
    naming no place."""

    cells: Counter  # (region pk, focus area slug) -> count
    region_totals: Counter  # region pk -> entries in it, any focus area
    global_cells: Counter  # focus area slug -> global entries
    global_total: int


def region_focus_counts(querysets):
    """MatrixCounts of the entries in ``querysets`` (four queries each)."""
    counts = MatrixCounts(Counter(), Counter(), Counter(), 0)
    for queryset in querysets:
        regions = _of(PublicRegion, queryset)
        cells = (
            regions.filter(entry__terms__facet="focus_area")
            .values("region_id", "entry__terms__value")
            .annotate(n=Count("id"))
        )
        counts.cells.update({(row["region_id"], row["entry__terms__value"]): row["n"] for row in cells})
        counts.region_totals.update(
            {row["region_id"]: row["n"] for row in regions.values("region_id").annotate(n=Count("record_id"))}
        )
        global_terms = (
            _of(PublicTerm, queryset)
            .filter(facet="focus_area", entry__is_global=True)
            .values("value")
            .annotate(n=Count("id"))
        )
        counts.global_cells.update({row["value"]: row["n"] for row in global_terms})
        counts.global_total += _of(PublicEntry, queryset).filter(is_global=True).count()
    return counts
