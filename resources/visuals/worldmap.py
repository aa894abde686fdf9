"""Country outlines as SVG paths, projected on the server.

The outlines are Natural Earth's 1:110m Admin 0 boundaries in the TopoJSON of the
world-atlas package, vendored in static/data/world-atlas/ (public domain data, ISC
package; see the README there). They are decoded and projected with the Equal Earth
projection once per process; each page only picks a colour class per country.
"""

import itertools
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries as country_names

DATASET = settings.BASE_DIR / "static" / "data" / "world-atlas" / "countries-110m.json"
WIDTH = 960.0  # the width of the SVG's coordinate system; the height follows from the data
PRECISION = 0  # decimal places kept in path coordinates
LEAVE_OUT = {"010"}  # Antarctica: a large shape at the bottom that no entry is about

# Equal Earth (Šavrič, Patterson and Jenny, 2018).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon, lat):
    """(x, y) for a longitude and latitude in degrees; y grows northwards."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


@dataclass(frozen=True)
class Shape:
    numeric: str  # ISO 3166-1 numeric, as in the dataset ("" for the few outlines without one)
    code: str  # ISO 3166-1 alpha-2 from django-countries, or "" if it has none
    name: str  # the dataset's own short name
    path: str  # SVG path data in the map's coordinates


@dataclass(frozen=True)
class Outlines:
    shapes: tuple
    width: float
    height: float


def _decode_arcs(topology):
    """Every arc as a list of (lon, lat): TopoJSON arcs are quantized and delta-encoded."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _split_at_antimeridian(ring):
    """The ring as one or more rings within -180..180 degrees of longitude.

    The dataset's rings are on the sphere: one that crosses the antimeridian (Russia's
    far east, Fiji) jumps by about 360 degrees there, which would draw a line across the
    whole flat map. Such a ring is made continuous, then cut into its parts on either side.
    """
    if not any(abs(b[0] - a[0]) > 180 for a, b in itertools.pairwise(ring)):
        return [ring]
    continuous = [ring[0]]
    for lon, lat in ring[1:]:
        previous = continuous[-1][0]
        lon += 360 * round((previous - lon) / 360)
        continuous.append((lon, lat))
    parts = []
    for shift in (-360, 0, 360):
        part = _clip([(lon + shift, lat) for lon, lat in continuous], -180, 180)
        if len(part) >= 3:
            parts.append(part)
    return parts


def _clip(points, low, high):
    """Sutherland-Hodgman clipping of a ring to longitudes between ``low`` and ``high``."""

    def side(points, inside, bound):
        result = []
        for index, current in enumerate(points):
            previous = points[index - 1]
            if inside(current) != inside(previous):
                t = (bound - previous[0]) / (current[0] - previous[0])
                result.append((bound, previous[1] + t * (current[1] - previous[1])))
            if inside(current):
                result.append(current)
        return result

    points = side(points, lambda p: p[0] >= low, low)
    return side(points, lambda p: p[0] <= high, high) if points else []


def _polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def _path(rings, transform):
    """Compact path data: an absolute move, then relative lines, per ring."""
    parts = []
    for ring in rings:
        points = []
        for lon, lat in ring:
            point = transform(lon, lat)
            if not points or point != points[-1]:
                points.append(point)
        if len(points) < 3:
            continue  # an islet smaller than the map's resolution
        x0, y0 = points[0]
        steps = [f"M{_num(x0)} {_num(y0)}"]
        for (ax, ay), (bx, by) in itertools.pairwise(points):
            steps.append(f"{_num(bx - ax)} {_num(by - ay)}")
        parts.append(steps[0] + "l" + " ".join(steps[1:]) + "z")
    return "".join(parts)


def _num(value):
    text = f"{round(value, PRECISION):.{PRECISION}f}"
    if PRECISION:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@lru_cache(maxsize=1)
def outlines():
    """The projected outlines of every country in the dataset, computed once per process."""
    with open(DATASET, encoding="utf-8") as handle:
        topology = json.load(handle)
    arcs = _decode_arcs(topology)
    geometries = [g for g in topology["objects"]["countries"]["geometries"] if g.get("id") not in LEAVE_OUT]
    # Each country as a list of rings (exteriors and holes alike: the path fills even-odd).
    countries = [
        [
            part
            for polygon in _polygons(g)
            for ring in polygon
            for part in _split_at_antimeridian(_ring(arcs, ring))
        ]
        for g in geometries
    ]
    xs, ys = [], []
    for rings in countries:
        for ring in rings:
            for lon, lat in ring:
                x, y = equal_earth(lon, lat)
                xs.append(x)
                ys.append(y)
    left, top = min(xs), max(ys)
    scale = WIDTH / (max(xs) - left)
    height = round((top - min(ys)) * scale, PRECISION)

    def transform(lon, lat):
        x, y = equal_earth(lon, lat)
        return round((x - left) * scale, PRECISION), round((top - y) * scale, PRECISION)

    shapes = []
    for geometry, rings in zip(geometries, countries, strict=True):
        numeric = geometry.get("id", "")
        code = (country_names.alpha2(numeric) or "") if numeric else ""
        path = _path(rings, transform)
        if path:
            shapes.append(Shape(numeric, code, geometry.get("properties", {}).get("name", ""), path))
    shapes.sort(key=lambda s: s.name)
    return Outlines(tuple(shapes), WIDTH, height)


# The choropleth ------------------------------------------------------------------

LAYERS = {
    "all": _("Everything that applies (national, regional and global)"),
    "national": _("National: entries naming the country"),
    "regional": _("Regional: entries naming a region it is in"),
}
DEFAULT_LAYER = "all"


@dataclass(frozen=True)
class Mark:
    path: str
    shade: str  # a CSS class
    href: str  # "" for an outline that is not a country of the directory
    label: str


ROW_HTML = '<tr><th scope="row"><a href="{}">{}</a></th>' + "<td>{}</td>" * 4 + "</tr>"


@dataclass
class Choropleth:
    width: float
    height: float
    marks: list
    legend: list  # [(css class, label)]
    layer: str
    rows: list  # CountryCoverage, by name, for the table
    noun: str = _("entries")
    filtered_links: bool = False  # True: the total links to the list filtered by country
    # On a phone a country on the map is too small to tap (Thailand is about 9 by 20 px):
    # there the map becomes tiles of the countries that have more than what applies
    # everywhere, by name, each a full-width target. [(name, href, css class, count, label)]
    tiles: list = field(default_factory=list)

    # The marks and the table rows are a few hundred each: built here with format_html
    # (which escapes every value) because the template loop took most of the page's time.

    def marks_html(self):
        linked = '<a href="{}" aria-label="{}"><path class="{}" d="{}"><title>{}</title></path></a>'
        unlinked = '<path class="{}" aria-hidden="true" d="{}"><title>{}</title></path>'
        return mark_safe(
            "".join(
                format_html(linked, m.href, m.label, m.shade, m.path, m.label)
                if m.href
                else format_html(unlinked, m.shade, m.path, m.label)
                for m in self.marks
            )
        )

    def tiles_html(self):
        tile = (
            '<li><a class="{}" href="{}" aria-label="{}"><span>{}</span> '
            '<span class="tile-count">{}</span></a></li>'
        )
        return mark_safe(
            "".join(
                format_html(tile, css, href, label, name, count)
                for name, href, css, count, label in self.tiles
            )
        )

    def rows_html(self):
        parts = []
        for row in self.rows:
            if self.filtered_links:
                # Translators: "noun" is what is counted: "entries", or a kind such as
                # "legal instruments".
                label = gettext("%(count)s %(noun)s in %(country)s") % {
                    "count": row.total,
                    "noun": self.noun,
                    "country": row.country.name,
                }
                total = format_html('<a href="{}" aria-label="{}">{}</a>', row.href, label, row.total)
            else:
                total = row.total
            parts.append(
                format_html(
                    ROW_HTML,
                    row.country.url,
                    row.country.name,
                    row.national,
                    row.regional,
                    row.global_,
                    total,
                )
            )
        return mark_safe("".join(parts))


def choropleth(coverage, layer, href, noun=None):
    """Every outline shaded by its country's count in ``layer``.

    ``coverage`` is {country pk: CountryCoverage}; ``href(country)`` is where a country's
    mark links to. Outlines of places that are not countries of the directory are drawn
    unlinked; countries too small for the 1:110m outlines are in the table only.
    """
    from resources.visuals.scale import bands, legend, shade

    noun = gettext("entries") if noun is None else noun
    layer = layer if layer in LAYERS else DEFAULT_LAYER
    by_code = {item.country.code: item for item in coverage.values()}
    ranges = bands(max((item.count(layer) for item in coverage.values()), default=0))
    shapes = outlines()
    unlinked, linked = [], []

    message = gettext(
        # Translators: "noun" is what is counted: "entries", or a kind such as "legal instruments".
        "%(country)s: %(total)s %(noun)s apply (%(national)s national, "
        "%(regional)s regional, %(global)s global)"
    )

    def label(item):
        return message % {
            "country": item.country.name,
            "total": item.total,
            "noun": noun,
            "national": item.national,
            "regional": item.regional,
            "global": item.global_,
        }

    # A tile for each country with more than what applies everywhere (in the default layer,
    # where every country counts the global entries) or with anything (in the others).
    baseline = (lambda item: item.global_) if layer == DEFAULT_LAYER else (lambda item: 0)
    tiles = [
        (
            item.country.name,
            href(item.country),
            f"shade-{shade(item.count(layer), ranges)}",
            item.count(layer),
            label(item),
        )
        for item in sorted(coverage.values(), key=lambda item: item.country.name)
        if item.count(layer) > baseline(item)
    ]
    for shape in shapes.shapes:
        item = by_code.get(shape.code)
        if item is None:
            outside = gettext("%(name)s: not in the directory") % {"name": shape.name}
            unlinked.append(Mark(shape.path, "shade-none", "", outside))
            continue
        count = item.count(layer)
        linked.append(Mark(shape.path, f"shade-{shade(count, ranges)}", href(item.country), label(item)))
    rows = sorted(coverage.values(), key=lambda item: item.country.name)
    return Choropleth(
        shapes.width,
        shapes.height,
        unlinked + linked,
        [(f"shade-{number}", text) for number, text in legend(ranges)],
        layer,
        rows,
        noun,
        tiles=tiles,
    )
