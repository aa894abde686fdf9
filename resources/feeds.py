"""Atom feeds of new and updated published records: overall, per kind, per region, per country.

Each item is one record, dated by its last change (``updated``) and by when it
entered the directory (``published``); a feed reader shows a record again when
it changes. A country's feed is what applies there (national, regional and
global records, as on the country's page); a region's is what its page lists.
Only published records appear, in a fixed number of queries.
"""

import heapq
import re

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resources import kinds, selectors, translations
from resources.models import Country, Region

# Items per feed: the most recently changed records.
FEED_SIZE = 50
SITE_NAME = _("Counter-trafficking resource directory")
KIND_PATHS = {kind.path: kind for kind in kinds.KINDS}


def latest(querysets, size=FEED_SIZE):
    """The ``size`` most recently modified records of all the querysets, newest first (one query
    each, and one for their translations into the feed's language)."""
    newest = [list(qs.order_by("-modified", "pk")[:size]) for qs in querysets]
    chosen = list(heapq.merge(*newest, key=lambda entry: entry.modified, reverse=True))[:size]
    return translations.attach(chosen)


class EntryFeed(Feed):
    """Every published record; subclasses narrow it by kind, region or country."""

    feed_type = Atom1Feed
    included = kinds.KINDS

    def get_object(self, request, **kwargs):
        return None

    def title(self, obj):
        return gettext("%(site)s: new and updated records") % {"site": SITE_NAME}

    def subtitle(self, obj):
        return gettext("Published records, most recently changed first.")

    def link(self, obj):
        return reverse("resources:home")

    def entries(self, kind, obj):
        return selectors.published(kind)

    def items(self, obj):
        return latest(self.entries(kind, obj) for kind in self.included)

    # In the feed's language where the record is translated (``latest`` loads it).
    def item_title(self, item):
        return translations.shown(item, "name").text

    def item_description(self, item):
        return translations.shown(item, "summary").text

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.modified

    def item_categories(self, item):
        categories = [kinds.of(item).singular]
        coverage = getattr(item, "coverage", None)
        if coverage:
            categories.append(coverage)
        return categories


class KindFeed(EntryFeed):
    def get_object(self, request, kind):
        if kind not in KIND_PATHS:
            raise Http404("No such kind of record.")
        return KIND_PATHS[kind]

    def items(self, obj):
        return latest([selectors.published(obj)])

    def title(self, obj):
        # Translators: "kinds" is the plural name of a kind of record, such as "legal instruments".
        return gettext("%(site)s: new and updated %(kinds)s") % {
            "site": SITE_NAME,
            "kinds": obj.model._meta.verbose_name_plural,
        }

    def link(self, obj):
        return obj.list_url()


class RegionFeed(EntryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Region, slug=slug)

    def title(self, obj):
        return gettext("%(site)s: new and updated records for %(region)s") % {
            "site": SITE_NAME,
            "region": obj.label,
        }

    def subtitle(self, obj):
        return gettext("Published records that name %(region)s, a region within it, or a country in it.") % {
            "region": obj.label
        }

    def link(self, obj):
        return obj.get_absolute_url()

    def entries(self, kind, obj):
        return selectors.published(kind).in_region(obj)


class CountryFeed(EntryFeed):
    def get_object(self, request, code):
        if not re.fullmatch(r"[A-Za-z]{2}", code):
            raise Http404("No such country.")
        return get_object_or_404(Country, code=code.upper())

    def title(self, obj):
        return gettext("%(site)s: what changed for %(country)s") % {"site": SITE_NAME, "country": obj.name}

    def subtitle(self, obj):
        return gettext("Published records that apply in %(country)s: national, regional and global.") % {
            "country": obj.name
        }

    def link(self, obj):
        return obj.get_absolute_url()

    def entries(self, kind, obj):
        return selectors.published(kind).covering(obj)
