"""Work that many pages share, kept until the data changes.

A list page's facet counts, coverage map and matrix depend on its filters, not
on which page of results is shown; at 100,000 records they are most of the
page's cost. ``remember()`` keeps such a result under the data version, like the
page cache keeps whole pages: a write names a new version, so nothing stale is
ever read, and paging through results or switching the map's layer reuses the
counts even when the page itself has not been cached yet.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches

from pagecache import store
from pagecache.versioning import current_token


def remember(name, parts, compute):
    """``compute()``, or its result for the same ``name`` and ``parts`` under the current data version.

    ``parts`` must identify everything the result depends on besides the data
    (a list page: its model and its query string without the page number);
    the result must pickle. ``COUNTS_CACHE_SECONDS = 0`` turns this off.
    """
    seconds = settings.COUNTS_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    cache = caches[settings.PAGE_CACHE_ALIAS]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    # The version is read before computing: a write in between leaves the
    # result under the version it replaced, where nobody will look again.
    key = f"counts.{current_token()}.{name}.{digest}"
    found = store.get(cache, key)
    if found is None:
        found = compute()
        store.put(cache, key, found, seconds)
    return found


def query_parts(request, query, ignore=("page",)):
    """The parameters of ``query`` (a QueryDict of ``request``) that its view declared
    (``uses_parameters``), in a stable order, leaving out ``ignore``: for ``parts``, what a
    result depends on when it is the same on every page. Undeclared parameters change
    nothing, so they make no new entry."""
    known = getattr(request, "page_cache_parameters", frozenset())
    return sorted((name, values) for name, values in query.lists() if name in known and name not in ignore)
