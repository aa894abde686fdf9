"""Where a person in a country can get help: what the country page opens with, the home
page's help box shows for a chosen country, and the printable sheet holds.

The services are the published support services that cover the country and that a
victim can contact themselves (``ServiceQuerySet.open_to_victims``), national first,
then regional, then global, so that the nearest help comes first.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from resources import translations
from resources.models import Country, SupportService
from resources.querysets import Coverage

# The services shown in each group; the rest are one link away (the services list for the
# country). A person in danger needs the nearest few, not every worldwide line.
GROUP_LIMIT = 10
HELP_GROUPS = [
    (Coverage.NATIONAL, _("In this country")),
    (Coverage.REGIONAL, _("Covering the region")),
    (Coverage.GLOBAL, _("Worldwide")),
]


@dataclass
class CountryHelp:
    country: Country
    # [(coverage value, label, [the first services], how many in all)], empty groups left out
    groups: list = field(default_factory=list)

    @property
    def has_national(self):
        return any(value == Coverage.NATIONAL for value, *_ in self.groups)

    @property
    def services(self):
        return [service for _, _, services, _ in self.groups for service in services]

    @property
    def more(self):
        """How many services cover the country beyond those shown."""
        return sum(count - len(services) for _, _, services, count in self.groups)


def country_help(country, translated=True):
    """The help a person in ``country`` can reach, nearest first (at most four queries, and in another
    language one for the services' translations, unless ``translated`` is False: the
    caller loads them with the rest of its page, translations.attach)."""
    services = SupportService.objects.published()
    found = services.covering_groups(country, GROUP_LIMIT, is_help=True)
    groups = [
        (value, label, found[value][1], found[value][0]) for value, label in HELP_GROUPS if value in found
    ]
    help_ = CountryHelp(country=country, groups=groups)
    if translated:
        translations.attach(help_.services)
    return help_
