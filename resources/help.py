"""Where a person in a country can get help: what the country page opens with, the home
page's help box shows for a chosen country, and the printable sheet holds.

The services are the published support services that cover the country and that a
victim can contact themselves (``ServiceQuerySet.open_to_victims``), national first,
then regional, then global, so that the nearest help comes first.
"""

from dataclasses import dataclass, field

from resources.models import Country, SupportService
from resources.querysets import Coverage

HELP_GROUPS = [
    (Coverage.NATIONAL, "In this country"),
    (Coverage.REGIONAL, "Covering the region"),
    (Coverage.GLOBAL, "Worldwide"),
]


@dataclass
class CountryHelp:
    country: Country
    # [(coverage value, label, [services])], empty groups left out
    groups: list = field(default_factory=list)

    @property
    def has_national(self):
        return any(value == Coverage.NATIONAL for value, _, _ in self.groups)

    @property
    def services(self):
        return [service for _, _, services in self.groups for service in services]


def country_help(country):
    """The help a person in ``country`` can reach, nearest first (two queries)."""
    services = list(
        SupportService.objects.published()
        .open_to_victims()
        .covering(country)
        .prefetch_related("regions")
        .order_by("name")
    )
    groups = [(value, label, [s for s in services if s.coverage == value]) for value, label in HELP_GROUPS]
    return CountryHelp(country=country, groups=[g for g in groups if g[2]])
