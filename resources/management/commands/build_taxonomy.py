"""Regenerate fixtures/taxonomy/regions.json and countries.json.

The country-to-region mapping and the EU and Council of Europe memberships
come from the country_converter package (a maintained classification, in
requirements-dev.txt); country codes and names from django-countries; each
country's emergency numbers from the short-number metadata of libphonenumber
(the phonenumbers package): every number its emergency pattern matches, listed
with exrex, with the package version written to emergency_numbers_source.json. Only the
thirty-odd M49 region codes and their nesting, and ASEAN's eleven members (which
country_converter does not carry), are written here, from the UN Statistics
Division's M49 standard and the ASEAN Charter.
"""

import json
import re

import exrex
import phonenumbers
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify
from django_countries.data import COUNTRIES
from phonenumbers import PhoneMetadata

# (M49 code, name, parent code) — the UN M49 "Standard country or area codes
# for statistical use" region hierarchy.
M49_REGIONS = [
    ("001", "World", None),
    ("002", "Africa", "001"),
    ("015", "Northern Africa", "002"),
    ("202", "Sub-Saharan Africa", "002"),
    ("014", "Eastern Africa", "202"),
    ("017", "Middle Africa", "202"),
    ("018", "Southern Africa", "202"),
    ("011", "Western Africa", "202"),
    ("019", "Americas", "001"),
    ("419", "Latin America and the Caribbean", "019"),
    ("029", "Caribbean", "419"),
    ("013", "Central America", "419"),
    ("005", "South America", "419"),
    ("021", "Northern America", "019"),
    ("142", "Asia", "001"),
    ("143", "Central Asia", "142"),
    ("030", "Eastern Asia", "142"),
    ("035", "South-eastern Asia", "142"),
    ("034", "Southern Asia", "142"),
    ("145", "Western Asia", "142"),
    ("150", "Europe", "001"),
    ("151", "Eastern Europe", "150"),
    ("154", "Northern Europe", "150"),
    ("039", "Southern Europe", "150"),
    ("155", "Western Europe", "150"),
    ("009", "Oceania", "001"),
    ("053", "Australia and New Zealand", "009"),
    ("054", "Melanesia", "009"),
    ("057", "Micronesia", "009"),
    ("061", "Polynesia", "009"),
]
# Antarctica belongs to no M49 region; it hangs off the world so that every
# country has a region.
ANTARCTICA = ("antarctica", "Antarctica")
# Timor-Leste was admitted as the eleventh member in October 2025.
ASEAN_MEMBERS = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN"]


SOURCE_FILE = "emergency_numbers_source.json"
# At least this many consecutive numbers are written as one range ("1300-1399").
RUN = 10


def emergency_numbers(code):
    """The numbers libphonenumber's emergency pattern for ``code`` matches, shortest first."""
    metadata = PhoneMetadata.short_metadata_for_region(code)
    if metadata is None or metadata.emergency is None or not metadata.emergency.national_number_pattern:
        return []
    numbers = sorted(
        set(exrex.generate(metadata.emergency.national_number_pattern)), key=lambda n: (len(n), n)
    )
    return collapse_runs(numbers)


def collapse_runs(numbers):
    """Sorted numbers, with each run of ``RUN`` or more consecutive ones of one length as a range."""
    runs = []
    for number in numbers:
        last = runs[-1] if runs else None
        if last and len(last[-1]) == len(number) and int(number) == int(last[-1]) + 1:
            last.append(number)
        else:
            runs.append([number])
    collapsed = []
    for run in runs:
        collapsed += [f"{run[0]}-{run[-1]}"] if len(run) >= RUN else run
    return collapsed


def kind_of(code, parent):
    if parent is None:
        return "world"
    if parent == "001":
        return "continent"
    if parent in {"202", "419"}:
        return "intermediate"
    return "sub_region"


class Command(BaseCommand):
    help = "Regenerate the region and country fixtures from country_converter and M49."

    def handle(self, *args, **options):
        try:
            import country_converter
        except ImportError:
            raise CommandError(
                "country_converter is not installed; run: pip install -r requirements-dev.txt"
            ) from None

        table = country_converter.CountryConverter().data
        regions = self.regions(table)
        countries = self.countries(table, {r["name"]: r["slug"] for r in regions})
        source = {
            "emergency_numbers": "libphonenumber's short-number metadata: every number matching "
            "a region's emergency pattern (general emergency numbers, not trafficking lines)",
            "package": "phonenumbers",
            "version": phonenumbers.__version__,
        }
        directory = settings.FIXTURES_DIR / "taxonomy"
        directory.mkdir(parents=True, exist_ok=True)
        outputs = (("regions.json", regions), ("countries.json", countries), (SOURCE_FILE, source))
        for name, data in outputs:
            path = directory / name
            path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            self.stdout.write(f"wrote {path} ({len(data)} records)")

    @staticmethod
    def iso2(raw):
        # country_converter stores a few codes as regexes (^GB$|^UK$).
        return re.sub(r"[\^$]", "", str(raw).split("|")[0])

    def regions(self, table):
        slug_of = {code: slugify(name) for code, name, _ in M49_REGIONS}
        regions = [
            {
                "slug": slug_of[code],
                "name": name,
                "kind": kind_of(code, parent),
                "m49_code": code,
                "parent": slug_of.get(parent),
                "members": [],
                "description": "",
            }
            for code, name, parent in M49_REGIONS
        ]
        regions.append(
            {
                "slug": ANTARCTICA[0],
                "name": ANTARCTICA[1],
                "kind": "continent",
                "m49_code": "",
                "parent": "world",
                "members": [],
                "description": "Not an M49 region; listed so that Antarctica has a place.",
            }
        )
        memberships = {
            "european-union": (
                "European Union",
                self.members(table, "EU27"),
                "The 27 member states of the European Union.",
            ),
            "council-of-europe": (
                "Council of Europe member states",
                self.members(table, "CoE"),
                "The 46 member states of the Council of Europe.",
            ),
            "asean": (
                "ASEAN member states",
                sorted(ASEAN_MEMBERS),
                "The eleven member states of the Association of Southeast Asian Nations.",
            ),
        }
        for slug, (name, members, description) in memberships.items():
            regions.append(
                {
                    "slug": slug,
                    "name": name,
                    "kind": "grouping",
                    "m49_code": "",
                    "parent": None,
                    "members": members,
                    "description": description,
                }
            )
        return regions

    def members(self, table, column):
        rows = table[table[column].notna() & (table[column] != "")]
        return sorted(self.iso2(code) for code in rows["ISO2"] if self.iso2(code) in COUNTRIES)

    def countries(self, table, region_slugs):
        countries = []
        for _, row in table.iterrows():
            code = self.iso2(row["ISO2"])
            if code not in COUNTRIES:
                continue  # not ISO 3166-1 (Kosovo's XK)
            region_name = row["UNregion"]
            slug = ANTARCTICA[0] if region_name == "Antarctica" else region_slugs.get(region_name)
            if slug is None:
                raise CommandError(f"{code}: unknown UN region {region_name!r}")
            countries.append({"code": code, "region": slug, "emergency_numbers": emergency_numbers(code)})
        missing = set(COUNTRIES) - {c["code"] for c in countries}
        if missing:
            raise CommandError(f"No region for: {', '.join(sorted(missing))}")
        return sorted(countries, key=lambda c: c["code"])
