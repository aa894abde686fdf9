"""Where places lie: the region tree, the countries in each region, the regions of each country.

The one place these rules are worked out. The read model (resources/readmodel/) applies
them to every published entry when it is written, so that pages, filters and counts only
look the answer up; the region list and the coverage matrix lay regions out with ``region_tree``.
"""

from collections import defaultdict
from dataclasses import dataclass

from resources.models import Country, Region


@dataclass
class Geography:
    """The region tree, the countries and the groupings' members: three queries."""

    regions: dict  # pk -> Region
    country_region: dict  # country pk -> its smallest M49 region pk
    groupings: dict  # country pk -> {grouping pks}
    members: dict  # grouping pk -> {country pks}

    @classmethod
    def load(cls):
        regions = {region.pk: region for region in Region.objects.all()}
        country_region = dict(Country.objects.order_by().values_list("pk", "region_id"))
        groupings, members = defaultdict(set), defaultdict(set)
        for country_id, region_id in Region.members.through.objects.values_list("country_id", "region_id"):
            groupings[country_id].add(region_id)
            members[region_id].add(country_id)
        return cls(regions, country_region, groupings, members)

    def up(self, region_pk):
        """The region and every region above it (a tuple, worked out once per region)."""
        chains = self.__dict__.setdefault("_chains", {})
        if region_pk not in chains:
            chain = []
            pk = region_pk
            while pk is not None and pk not in chain and pk in self.regions:
                chain.append(pk)
                pk = self.regions[pk].parent_id
            chains[region_pk] = tuple(chain)
        return chains[region_pk]

    def country_regions(self, country_pk):
        """Every region a country lies in: its M49 chain and its groupings (and theirs)."""
        cache = self.__dict__.setdefault("_country_regions", {})
        if country_pk not in cache:
            ids = set(self.up(self.country_region.get(country_pk)))
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


def region_tree(regions):
    """M49 regions depth first, each with ``depth``, then the groupings by name."""
    children = defaultdict(list)
    for region in sorted(regions, key=lambda r: r.name):
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
