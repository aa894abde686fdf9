"""What search engines may crawl: the sitemap of every public page, and robots.txt.

Each page's last-modified date is the latest change of a published record it
shows (a record page: its own; a list: its kind's; a region, country or topic:
the records it lists). It is worked out for every page at once, in a fixed
number of queries whatever the number of records; a page with nothing dated
on it has no date rather than an invented one.
"""

import functools
from collections import defaultdict

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from resources.models import ENTRY_MODELS, Country, FocusArea, Region, Source
from resources.views import KINDS


class PageDates:
    """When each list, place and topic page last changed: the newest published record on it."""

    def __init__(self):
        self.entries = []  # (modified, country ids, region ids, focus area ids)
        self.by_kind = {}
        for model in ENTRY_MODELS:
            published = model.objects.published()
            rows = defaultdict(lambda: [None, set(), set(), set()])
            for pk, modified, country in published.order_by().values_list("pk", "modified", "countries"):
                rows[pk][0] = modified
                if country is not None:
                    rows[pk][1].add(country)
            for pk, region in published.exclude(regions=None).order_by().values_list("pk", "regions"):
                rows[pk][2].add(region)
            for pk, area in published.exclude(focus_areas=None).order_by().values_list("pk", "focus_areas"):
                rows[pk][3].add(area)
            self.entries.extend(rows.values())
            self.by_kind[model] = max((row[0] for row in rows.values()), default=None)
        self.parents = dict(Region.objects.order_by().values_list("pk", "parent_id"))
        self.country_regions = dict(Country.objects.order_by().values_list("pk", "region_id"))
        self.groupings = defaultdict(set)  # country: groupings it belongs to
        for region, country in Region.members.through.objects.values_list("region_id", "country_id"):
            self.groupings[country].add(region)

    def newest(self, entries):
        return max((modified for modified, *_ in entries), default=None)

    def chain(self, region):
        """``region`` and every region above it."""
        ids = set()
        while region is not None and region not in ids:
            ids.add(region)
            region = self.parents.get(region)
        return ids

    def country(self, country):
        """What the country's page lists: national, regional and global records."""
        covering = self.chain(self.country_regions[country]) | self.groupings[country]
        return self.newest(
            row
            for row in self.entries
            if country in row[1] or row[2] & covering or (not row[1] and not row[2])
        )

    @functools.cached_property
    def regions_below(self):
        """{region: the region and every region below it}."""
        below = defaultdict(set)
        for region in self.parents:
            for above in self.chain(region):
                below[above].add(region)
        return below

    @functools.cached_property
    def countries_in(self):
        """{region: countries in it or below it, or members of it}."""
        countries = defaultdict(set)
        for country, region in self.country_regions.items():
            for above in self.chain(region) | self.groupings[country]:
                countries[above].add(country)
        return countries

    def region(self, region):
        """What the region's page lists: records naming it, a region in it, or a country in it."""
        inside = self.regions_below[region]
        countries = set().union(*(self.countries_in[r] for r in inside))
        return self.newest(row for row in self.entries if row[2] & inside or row[1] & countries)

    def topic(self, area):
        return self.newest(row for row in self.entries if area in row[3])


class EntrySitemap(Sitemap):
    def __init__(self, model):
        self.model = model

    def items(self):
        # A list, so that the paginator counts without another query.
        return list(self.model.objects.published().only("slug", "modified").order_by("pk"))

    def lastmod(self, entry):
        return entry.modified


class DatedSitemap(Sitemap):
    """Pages whose dates come from PageDates: ``items()`` gives (location, last modified)."""

    def __init__(self, dates):
        self.dates = dates

    def location(self, item):
        return item[0]

    def lastmod(self, item):
        return item[1]


class ListPagesSitemap(DatedSitemap):
    def items(self):
        kinds = self.dates.by_kind
        sources = Source.objects.aggregate(latest=Max("modified"))["latest"]
        return [
            (reverse("resources:home"), max(filter(None, kinds.values()), default=None)),
            *((reverse(f"resources:{KINDS[model]['key']}-list"), kinds[model]) for model in ENTRY_MODELS),
            (reverse("resources:region-list"), None),
            (reverse("resources:source-list"), sources),
            (reverse("resources:safety"), None),
        ]


class RegionSitemap(DatedSitemap):
    def items(self):
        return [
            (region.get_absolute_url(), self.dates.region(region.pk))
            for region in Region.objects.only("slug").order_by("pk")
        ]


class CountrySitemap(DatedSitemap):
    """Countries whose page lists at least one published record."""

    def items(self):
        pages = [
            (country.get_absolute_url(), self.dates.country(country.pk))
            for country in Country.objects.only("code").order_by("pk")
        ]
        return [page for page in pages if page[1] is not None]


class TopicSitemap(DatedSitemap):
    def items(self):
        return [(area.get_absolute_url(), self.dates.topic(area.pk)) for area in FocusArea.objects.all()]


class SourceSitemap(Sitemap):
    def items(self):
        return list(Source.objects.only("slug", "modified").order_by("pk"))

    def lastmod(self, source):
        return source.modified


def sections():
    dates = PageDates()
    return {
        "pages": ListPagesSitemap(dates),
        **{KINDS[model]["key"]: EntrySitemap(model) for model in ENTRY_MODELS},
        "regions": RegionSitemap(dates),
        "countries": CountrySitemap(dates),
        "topics": TopicSitemap(dates),
        "sources": SourceSitemap(),
    }


@require_GET
def sitemap(request):
    """/sitemap.xml: one file (the directory is far below the 50,000 URLs a sitemap may hold)."""
    return sitemap_view(request, sitemaps=sections())


def disallowed_paths():
    """What crawlers are asked to leave alone: bulk exports and search results.

    Not the admin: it is never linked and answers with ``X-Robots-Tag: noindex``
    (directory.middleware), and naming it here would reveal a relocated one.
    """
    from resources.api.urls import ENTRY_ENDPOINTS

    return [
        reverse("resources:search"),
        "/suggest/",
        *(
            reverse(f"api:{basename}-export-{fmt}")
            for _, _, basename in ENTRY_ENDPOINTS
            for fmt in ("csv", "ndjson")
        ),
        reverse("api:hsds-datapackage"),
    ]


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in disallowed_paths()),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('share:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
