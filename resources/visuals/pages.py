"""What the explore pages and the list pages hand to the visual partials.

The counts are taken under the page's filters except the visual's own dimension, as
the facet counts are: the map leaves out the country filter and the matrix the region
and focus-area filters, so that each number equals the list it links to.
"""

from urllib.parse import urlencode

from resources.geography import region_tree
from resources.models import FocusArea, Region
from resources.readmodel.counts import coverage_by_country, region_focus_counts
from resources.visuals.matrix import matrix
from resources.visuals.worldmap import LAYERS, choropleth


def with_params(params, **changes):
    """``params`` (a QueryDict) with some values set (or, for None, removed), as "?..."."""
    query = params.copy()
    query.pop("page", None)
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    encoded = query.urlencode()
    return "?" + encoded if encoded else "?"


def adding(list_url, params, *names):
    """A function of values for ``names`` giving ``list_url`` with ``params`` and them set.

    The other parameters are encoded once, not for each of the hundreds of links a map or
    matrix makes; the page number, the map layer and the explore page's kind are dropped."""
    base = with_params(params, page=None, layer=None, of=None, **dict.fromkeys(names))[1:]
    prefix = f"{list_url}?{base}&" if base else f"{list_url}?"

    def link(*values):
        return prefix + urlencode([(n, v) for n, v in zip(names, values, strict=True) if v is not None])

    return link


def layer_links(params, current, anchor="map"):
    """The map's layer switch: [(label, url, is current)]."""
    return [
        (label, f"{with_params(params, layer=key)}#{anchor}", key == current) for key, label in LAYERS.items()
    ]


def coverage_map(querysets, params, list_url=None, noun=None):
    """The choropleth of the entries of ``querysets``; countries link to ``list_url`` filtered
    by country when given (one kind under filters), otherwise to the country's own page."""
    coverage = coverage_by_country(querysets)
    if list_url is None:

        def href(country):
            return country.url

    else:
        by_country = adding(list_url, params, "country")

        def href(country):
            return by_country(country.code.lower())

    result = choropleth(coverage, params.get("layer", ""), href, noun=noun)
    result.layers = layer_links(params, result.layer)
    result.filtered_links = list_url is not None
    for row in result.rows:
        row.href = href(row.country)
    return result


def coverage_matrix(querysets, params, list_url=None):
    """The region-by-focus-area matrix of the entries of ``querysets``; cells link to
    ``list_url`` filtered when given (one kind under filters), otherwise they are plain counts."""
    areas = list(FocusArea.objects.all())
    counts = region_focus_counts(querysets)
    list_href = None
    if list_url is not None:
        by_place_and_area = adding(list_url, params, "region", "focus_area")

        def list_href(region, area):
            return by_place_and_area(region.slug, area.slug if area is not None else None)

    result = matrix(counts, region_tree(Region.objects.all()), areas, list_href)
    result.linked = list_href is not None
    return result
