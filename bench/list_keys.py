"""How a list page's keys are read on SQLite: the walk of the name index that the list
selector uses for the first pages of a list holding much of its kind, against the plain
sort of every match (resources/selectors.py, ``Listing.keys``). Prints the best of five
of each, in ms, at a few offsets; both must give the same keys.

    DATABASE_URL=sqlite:///bench/var/sqlite-100000.sqlite3 python -m bench.list_keys
"""

import sys
import time

from bench.generate import setup_django

LISTS = (
    ("service", "country=TH"),
    ("service", "service_type=hotline"),
    ("service", "country=TH&service_type=hotline"),
    ("service", "country=NG&population=children"),
    ("organization", "country=FR"),
    ("instrument", "focus_area=partnership"),
)
OFFSETS = (0, 20, 200, 2000, 6000)
PAGE = 20


def best_of(queryset, times=5):
    """(the keys ``queryset`` holds, the fastest of ``times`` reads in ms)."""
    timings = []
    for _ in range(times):
        started = time.perf_counter()
        keys = list(queryset.all())
        timings.append(time.perf_counter() - started)
    return keys, min(timings) * 1000


def main(lists):
    setup_django()
    from django.http import QueryDict

    from resources import kinds, selectors

    for key, query in lists:
        kind = kinds.BY_KEY[key]
        filterset = selectors.filtered(kind, QueryDict(query))
        if not filterset.is_valid():
            sys.exit(f"{key} {query}: {filterset.errors.as_text()}")
        listing = selectors.listing(filterset.qs, filterset.total, filterset.share)
        share = filterset.share()
        print(f"{kind.key}s?{query}: {filterset.total()} records, {100 * (share or 0):.1f}% of the kind")
        sorted_keys = filterset.qs.values_list("pk", flat=True)
        for offset in OFFSETS:
            stop = offset + PAGE
            chosen = listing.keys(stop)
            walked = "+" in str(chosen.query)
            keys, listed_ms = best_of(chosen[offset:stop])
            expected, sorted_ms = best_of(sorted_keys[offset:stop])
            assert keys == expected, (key, query, offset)
            how = "walked" if walked else "sorted"
            print(f"  offset {offset:>5}: list selector {listed_ms:5.1f} ms ({how}), sort {sorted_ms:5.1f}")


if __name__ == "__main__":
    main([tuple(arg.split("?", 1)) for arg in sys.argv[1:]] or LISTS)
