"""Regions by the four focus areas: an HTML table whose cells are shaded by their count.

A table rather than a picture: it is read cell by cell with a screen reader as it is
seen, and each count links to the list it counts (when the counts are of one kind).
"""

from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from resources.visuals.scale import bands, legend, shade


@dataclass
class Cell:
    count: int
    shade: int
    href: str  # "" when there is no list to link to
    label: str


@dataclass
class Row:
    name: str
    href: str  # the region's page; "" for the global row
    depth: int
    total: Cell
    cells: list


@dataclass
class Matrix:
    areas: list
    rows: list
    legend: list


def matrix(counts, regions, areas, list_href=None):
    """``counts`` is a readmodel.counts.MatrixCounts; ``regions`` in display order (with ``depth``).

    ``list_href(region, area)`` is the filtered list a cell links to (area None for the
    row total, region None for the global row), or None for no links.
    """
    values = [counts.cells.get((r.pk, a.slug), 0) for r in regions for a in areas]
    values += [counts.global_cells.get(a.slug, 0) for a in areas]
    ranges = bands(max(values, default=0))

    def cell(count, region_name, area, href):
        if area is None:
            label = ngettext("%(region)s: %(count)s entry", "%(region)s: %(count)s entries", count)
        else:
            label = ngettext(
                # Translators: "area" is a focus area's name in lower case, such as "prevention".
                "%(region)s: %(count)s %(area)s entry",
                "%(region)s: %(count)s %(area)s entries",
                count,
            )
        values = {
            "region": region_name,
            "count": count,
            "area": area.label.lower() if area is not None else "",
        }
        return Cell(count, shade(count, ranges) if area is not None else -1, href or "", label % values)

    def link(region, area):
        return list_href(region, area) if list_href is not None else ""

    rows = []
    for region in regions:
        cells = [
            cell(counts.cells.get((region.pk, area.slug), 0), region.label, area, link(region, area))
            for area in areas
        ]
        total = cell(counts.region_totals.get(region.pk, 0), region.label, None, link(region, None))
        rows.append(Row(region.label, region.get_absolute_url(), region.depth, total, cells))
    global_name = gettext("Global (no region or country named)")
    rows.append(
        Row(
            global_name,
            "",
            0,
            cell(counts.global_total, global_name, None, ""),
            [cell(counts.global_cells.get(area.slug, 0), global_name, area, "") for area in areas],
        )
    )
    return Matrix(list(areas), rows, [(f"shade-{n}", text) for n, text in legend(ranges)])
