"""Counts for the explore views: coverage per country, entries per region and focus area.

Each reads the taxonomy once and the links of the entries in the given querysets once
(``EntryLinks``), then counts in Python, so that the number of queries
does not grow with the number of countries, regions or records. The rules are those of
``covering(country)`` and ``in_region(region)`` in querysets.py, worked the other way
round; tests compare the two.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.urls import reverse
from django.utils.translation import get_language
from django_countries import countries as country_names

from resources.models import Country, Region
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


@dataclass
class Geography:
    """The region tree, the countries and the groupings' members: three queries."""

    regions: dict  # pk -> Region
    country_region: dict  # country pk -> its smallest M49 region pk
    countries: dict  # country pk -> Place
    groupings: dict  # country pk -> {grouping pks}
    members: dict  # grouping pk -> {country pks}

    @classmethod
    def load(cls):
        regions = {region.pk: region for region in Region.objects.all()}
        # Every country page's address has the same shape: reverse() once, not per country.
        url = reverse("resources:country-detail", args=["zz"]).replace("zz", "{}")
        countries, country_region = {}, {}
        for country in Country.objects.all():
            code = country.code.code
            countries[country.pk] = Place(
                country.pk, code, name_of(code, get_language()), url.format(code.lower())
            )
            country_region[country.pk] = country.region_id
        groupings, members = defaultdict(set), defaultdict(set)
        for country_id, region_id in Region.members.through.objects.values_list("country_id", "region_id"):
            groupings[country_id].add(region_id)
            members[region_id].add(country_id)
        return cls(regions, country_region, countries, groupings, members)

    def up(self, region_pk):
        """The region and every region above it (a tuple, worked out once per region)."""
        chains = self.__dict__.setdefault("_chains", {})
        if region_pk not in chains:
            chain = []
            pk = region_pk
            while pk is not None and pk not in chain:
                chain.append(pk)
                pk = self.regions[pk].parent_id
            chains[region_pk] = tuple(chain)
        return chains[region_pk]

    def country_regions(self, country_pk):
        """Every region a country lies in: its M49 chain and its groupings (and theirs)."""
        cache = self.__dict__.setdefault("_country_regions", {})
        if country_pk not in cache:
            ids = set(self.up(self.country_region[country_pk]))
            for grouping in self.groupings.get(country_pk, ()):
                ids.update(self.up(grouping))
            cache[country_pk] = frozenset(ids)
        return cache[country_pk]

    def countries_in(self, region_pk):
        """The countries a region covers: those whose M49 chain includes it, and its members."""
        if "_countries_in" not in self.__dict__:
            # One pass over the countries fills every region's set at once.
            inside = defaultdict(set)
            for pk, own in self.country_region.items():
                for region in self.up(own):
                    inside[region].add(pk)
            for region, members in self.members.items():
                inside[region] |= members
            self._countries_in = {region: frozenset(pks) for region, pks in inside.items()}
        return self._countries_in.get(region_pk, frozenset())

    def tree(self):
        """M49 regions depth first, each with ``depth``, then the groupings by name."""
        children = defaultdict(list)
        for region in sorted(self.regions.values(), key=lambda r: r.name):
            children[region.parent_id].append(region)
        ordered = []

        def walk(nodes, depth):
            for node in nodes:
                node.depth = depth
                ordered.append(node)
                walk(children.get(node.pk, []), depth + 1)

        walk([r for r in children[None] if r.kind != Region.Kind.GROUPING], 0)
        for region in children[None]:
            if region.kind == Region.Kind.GROUPING:
                region.depth = 0
                ordered.append(region)
        return ordered


@dataclass
class EntryLinks:
    """The entries of a queryset and what they name: one query per relation.

    Each query is the queryset itself joined to one relation (an entry without links
    gives one row with None), so that it also yields the entries, and so that the
    queryset's own filters, PostgreSQL's search included, run as they do for the list.
    The relation read must not be one the queryset filters on (a filter's join would be
    reused and hide the entry's other links): the map reads countries and regions with the
    country filter left out, the matrix reads focus areas with that filter left out.
    """

    ids: set
    countries: dict = field(default_factory=dict)
    regions: dict = field(default_factory=dict)
    focus_areas: dict = field(default_factory=dict)

    @classmethod
    def load(cls, queryset, focus_areas=False):
        links = cls(set())
        names = ["countries", "regions", *(["focus_areas"] if focus_areas else [])]
        for name in names:
            grouped = defaultdict(set)
            for entry_id, target_id in queryset.order_by().values_list("pk", name):
                links.ids.add(entry_id)
                if target_id is not None:
                    grouped[entry_id].add(target_id)
            setattr(links, name, grouped)
        return links


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


def load_links(querysets, focus_areas=False):
    return [EntryLinks.load(queryset, focus_areas) for queryset in querysets]


def coverage_by_country(links, geography):
    """{country pk: CountryCoverage} over ``links`` (EntryLinks of querysets), as ``covering()`` counts.

    An entry naming a country is national there (even if it also names its region),
    one naming a region is regional in every country the region covers, one naming
    neither is global everywhere.
    """
    national, regional, global_ = Counter(), Counter(), 0
    for entries in links:
        for pk in entries.ids:
            named = entries.countries.get(pk, set())
            regions = entries.regions.get(pk, set())
            if not named and not regions:
                global_ += 1
                continue
            national.update(named)
            covered = set()
            for region in regions:
                covered |= geography.countries_in(region)
            regional.update(covered - named)
    return {
        pk: CountryCoverage(country, national[pk], regional[pk], global_)
        for pk, country in geography.countries.items()
    }


@dataclass
class MatrixCounts:
    """Entries per region (``in_region``) and focus area; ``global_`` for those naming no place."""

    cells: dict  # (region pk, focus area pk) -> count
    region_totals: Counter  # region pk -> entries in it, any focus area
    global_cells: Counter  # focus area pk -> global entries
    global_total: int


def region_focus_counts(links, geography):
    """MatrixCounts over ``links`` (EntryLinks loaded with their focus areas), as ``in_region()`` counts."""
    cells, region_totals, global_cells, global_total = Counter(), Counter(), Counter(), 0
    for entries in links:
        for pk in entries.ids:
            named = entries.countries.get(pk, set())
            tagged = entries.regions.get(pk, set())
            areas = entries.focus_areas.get(pk, set())
            if not named and not tagged:
                global_total += 1
                global_cells.update(areas)
                continue
            places = set()
            for region in tagged:
                places.update(geography.up(region))
            for country in named:
                places |= geography.country_regions(country)
            region_totals.update(places)
            cells.update((place, area) for place in places for area in areas)
    return MatrixCounts(cells, region_totals, global_cells, global_total)
