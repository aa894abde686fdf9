"""What search engines may crawl: the sitemap of every public page, and robots.txt.

Each page's last-modified date is the latest change of a published record it
shows (a record page: its own; a list: its kind's; a region, country or topic:
the records it lists). It is worked out for every page at once, in a fixed
number of queries whatever the number of records; a page with nothing dated
on it has no date rather than an invented one.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import index as index_view
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from directory.languages import codes, path_in
from resources import kinds
from resources.addresses import record_url
from resources.models import (
    Country,
    FocusArea,
    PublicEntry,
    PublicPlace,
    PublicRegion,
    PublicTerm,
    Region,
    Source,
)


class PageDates:
    """When each list, place and topic page last changed: the newest published record on it,
    read from the read model (one grouped query per kind of page)."""

    def __init__(self):
        newest = Max("entry__modified")
        self.by_kind = dict(
            PublicEntry.objects.values("kind").annotate(latest=Max("modified")).values_list("kind", "latest")
        )
        places = dict(
            PublicPlace.objects.values("country_id")
            .annotate(latest=newest)
            .values_list("country_id", "latest")
        )
        self.global_ = places.pop(None, None)
        self.countries = places
        self.regions = dict(
            PublicRegion.objects.values("region_id")
            .annotate(latest=newest)
            .values_list("region_id", "latest")
        )
        self.topics = dict(
            PublicTerm.objects.filter(facet="focus_area")
            .values("value")
            .annotate(latest=newest)
            .values_list("value", "latest")
        )

    def kind(self, kind):
        return self.by_kind.get(kind.key)

    def country(self, country):
        """What the country's page lists: national, regional and global records."""
        return max(filter(None, (self.countries.get(country), self.global_)), default=None)

    def region(self, region):
        """What the region's page lists: records naming it, a region in it, or a country in it."""
        return self.regions.get(region)

    def topic(self, area):
        return self.topics.get(area.slug)


class InEveryLanguage(Sitemap):
    """Each page once per language, each listing its addresses in the others (``hreflang``),
    English as the default for a language the directory does not have."""

    i18n = True
    alternates = True
    x_default = True


class EntrySitemap(InEveryLanguage):
    def __init__(self, model):
        self.model = model

    def items(self):
        # A list, so that the paginator counts without another query.
        return list(self.model.objects.published().only("slug", "modified").order_by("pk"))

    def lastmod(self, entry):
        return entry.modified


class DatedSitemap(InEveryLanguage):
    """Pages whose dates come from PageDates: ``items()`` gives (URL name, the record's key or
    None, last modified). The address is reversed in each language in turn."""

    def __init__(self, dates):
        self.dates = dates

    def location(self, item):
        url_name, lookup, _ = item
        return reverse(url_name) if lookup is None else record_url(url_name, lookup)

    def lastmod(self, item):
        return item[2]


class ListPagesSitemap(DatedSitemap):
    def items(self):
        sources = Source.objects.aggregate(latest=Max("modified"))["latest"]
        return [
            ("resources:home", None, max(filter(None, self.dates.by_kind.values()), default=None)),
            *((kind.list_url_name, None, self.dates.kind(kind)) for kind in kinds.KINDS),
            ("resources:region-list", None, None),
            ("resources:source-list", None, sources),
            ("resources:safety", None, None),
        ]


class RegionSitemap(DatedSitemap):
    def items(self):
        return [
            ("resources:region-detail", region.slug, self.dates.region(region.pk))
            for region in Region.objects.only("slug").order_by("pk")
        ]


class CountrySitemap(DatedSitemap):
    """Countries whose page lists at least one published record."""

    def items(self):
        pages = [
            ("resources:country-detail", country.code.code.lower(), self.dates.country(country.pk))
            for country in Country.objects.only("code").order_by("pk")
        ]
        return [page for page in pages if page[2] is not None]


class TopicSitemap(DatedSitemap):
    def items(self):
        return [
            ("resources:topic-detail", area.slug, self.dates.topic(area)) for area in FocusArea.objects.all()
        ]


class SourceSitemap(InEveryLanguage):
    def items(self):
        return list(Source.objects.only("slug", "modified").order_by("pk"))

    def lastmod(self, source):
        return source.modified


def sections():
    dates = PageDates()
    return {
        "pages": ListPagesSitemap(dates),
        **{kind.key: EntrySitemap(kind.model) for kind in kinds.KINDS},
        "regions": RegionSitemap(dates),
        "countries": CountrySitemap(dates),
        "topics": TopicSitemap(dates),
        "sources": SourceSitemap(),
    }


@require_GET
def sitemap_index(request):
    """/sitemap.xml: the index of the sections below, each paginated at 50,000 addresses (a
    page counts once per language, so six times)."""
    return index_view(request, sitemaps=sections(), sitemap_url_name="sitemap-section")


@require_GET
def sitemap_section(request, section):
    """/sitemap-<section>.xml: one section's pages in every language; ``?p=`` its pages."""
    return sitemap_view(request, sitemaps=sections(), section=section)


def disallowed_paths():
    """What crawlers are asked to leave alone: bulk exports and search results.

    Not the admin: it is never linked and answers with ``X-Robots-Tag: noindex``
    (directory.middleware), and naming it here would reveal a relocated one.
    """
    from resources.api.urls import ENTRY_ENDPOINTS

    in_each_language = [
        path_in(language, neutral)
        for language in codes()
        for neutral in (reverse("resources:search"), "/suggest/")
    ]
    return [
        *in_each_language,
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
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
