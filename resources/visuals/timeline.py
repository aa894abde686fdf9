"""Legal instruments on a time axis: adopted (circle) and entered into force (diamond).

One row per instrument, its name above a line from adoption to entry into force.
Positions use the full date when it is known, otherwise the middle of the year.
"""

import math
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Value, When
from django.utils import formats
from django.utils.translation import gettext

from resources import translations
from resources.models import LegalInstrument

WIDTH = 480
LEFT, RIGHT = 24, 24
TOP = 8  # above the first row
ROW = 46  # each row: a name, then the marks
AXIS = 34  # the year axis below the rows
NAME_LENGTH = 58


@dataclass
class Row:
    entry: object
    href: str
    name: str  # possibly shortened; the full name is in ``label``
    label: str
    text_y: int
    y: int  # the marks' centre line
    adopted: str  # what is known, as text ("15 November 2000", "2000", "")
    in_force: str
    x_adopted: float | None
    x_in_force: float | None


@dataclass
class Tick:
    x: float
    year: int


@dataclass
class Timeline:
    width: int
    height: int
    rows: list
    ticks: list
    axis_y: int
    # More instruments matched than LIMIT; the list holds them all.
    more: bool = False


def position(day, year):
    """A fractional year: from the date if there is one, else the middle of the year."""
    if day is not None:
        return day.year + (day.timetuple().tm_yday - 0.5) / 366
    return year + 0.5 if year else None


def describe(day, year):
    if day is not None:
        # As every date on the site: the language's own order and month names.
        return formats.date_format(day, "DATE_FORMAT")
    return str(year) if year else ""


def shorten(text, length=NAME_LENGTH):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# A timeline is read row by row: beyond a few dozen rows it is a wall, and at
# 100,000 instruments it would be a page of tens of megabytes.
LIMIT = 40


def bounded_timeline(instruments):
    """The timeline of at most LIMIT of ``instruments`` (a queryset): international, then
    regional, then the rest, earliest adopted first; ``more`` says whether some were left out."""
    scope_rank = Case(
        When(scope=LegalInstrument.Scope.INTERNATIONAL, then=Value(0)),
        When(scope=LegalInstrument.Scope.REGIONAL, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    ordered = instruments.order_by(scope_rank, F("adopted_year").asc(nulls_last=True), "name")
    chosen = list(ordered[: LIMIT + 1])
    result = timeline(chosen[:LIMIT])
    if result is not None:
        result.more = len(chosen) > LIMIT
    return result


def timeline(instruments):
    """Lay out the instruments that have an adoption or entry-into-force year; None if none has."""
    dated = []
    for entry in instruments:
        adopted = position(entry.adopted_on, entry.adopted_year)
        in_force = position(entry.entry_into_force_on, entry.entry_into_force_year)
        if adopted is not None or in_force is not None:
            dated.append((entry, adopted, in_force))
    if not dated:
        return None
    dated.sort(key=lambda d: (d[1] if d[1] is not None else d[2], d[0].name))
    years = [y for _, a, f in dated for y in (a, f) if y is not None]
    span = max(years) - min(years)
    step = 10 if span <= 60 else 20 if span <= 150 else 50
    start = math.floor(min(years) / step) * step
    end = max(math.ceil(max(years) / step) * step, start + step)

    def x(year):
        if year is None:
            return None
        return round(LEFT + (year - start) / (end - start) * (WIDTH - LEFT - RIGHT), 1)

    translations.attach([entry for entry, _, _ in dated])
    rows = []
    for index, (entry, adopted, in_force) in enumerate(dated):
        name = translations.shown(entry, "name").text
        top = TOP + index * ROW
        adopted_text = describe(entry.adopted_on, entry.adopted_year)
        in_force_text = describe(entry.entry_into_force_on, entry.entry_into_force_year)
        adopted_fact = (
            gettext("adopted %(date)s") % {"date": adopted_text}
            if adopted_text
            else gettext("adoption date not recorded")
        )
        in_force_fact = (
            gettext("entered into force %(date)s") % {"date": in_force_text}
            if in_force_text
            else gettext("entry into force not recorded")
        )
        # Translators: an instrument's name, when it was adopted, when it entered into force.
        label = gettext("%(name)s: %(adopted)s, %(in_force)s") % {
            "name": name,
            "adopted": adopted_fact,
            "in_force": in_force_fact,
        }
        rows.append(
            Row(
                entry,
                entry.get_absolute_url(),
                shorten(name),
                label,
                top + 16,
                top + 31,
                adopted_text,
                in_force_text,
                x(adopted),
                x(in_force),
            )
        )
    axis_y = TOP + len(rows) * ROW + 4
    ticks = [Tick(x(year), year) for year in range(start, end + 1, step)]
    return Timeline(WIDTH, axis_y + AXIS, rows, ticks, axis_y)
