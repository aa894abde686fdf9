"""Shade classes for counts: up to five ranges of equal width, plus zero.

The colours are in static/css/site.css (``.shade-0`` to ``.shade-5``); every shade is
shown with its numbers in a legend, and every count is also written out, so that no
reading depends on colour alone.
"""

import math
from dataclasses import dataclass

STEPS = 5


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    shade: int  # 1 (lightest) to STEPS (darkest)

    @property
    def label(self):
        return str(self.low) if self.low == self.high else f"{self.low}\N{EN DASH}{self.high}"


def bands(maximum, steps=STEPS):
    """Ranges covering 1..maximum, spread over the shades so that the largest is the darkest."""
    if maximum <= 0:
        return []
    width = max(1, math.ceil(maximum / steps))
    lows = list(range(1, maximum + 1, width))
    return [
        Band(low, min(low + width - 1, maximum), math.ceil((i + 1) * steps / len(lows)))
        for i, low in enumerate(lows)
    ]


def shade(value, ranges):
    """The shade number of ``value``: 0 for none."""
    for band in ranges:
        if band.low <= value <= band.high:
            return band.shade
    return 0


def legend(ranges):
    """[(shade, label)] from zero up."""
    return [(0, "0"), *((band.shade, band.label) for band in ranges)]
