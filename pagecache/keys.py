"""Where a page is kept in the cache: under the data version, its address and the values of
the request headers its response varies on (its ``Vary``, such as ``Accept`` for the API).
``Accept-Language`` (the English home page's) counts as the language it asks for, so that its
endless spellings share the directory's six pages.

Which headers an address varies on is learned when its page is first stored, kept in the
cache for every worker, and remembered by this process. A hit is then a single read of the
cache; Django's own helpers (``get_cache_key``) read the header list from the cache on every
request, which took as long again as reading the page.
"""

import hashlib

from django.utils.cache import cc_delim_re

from directory.languages import preferred_language
from pagecache import store

# How many addresses' header lists a process remembers; past that, it asks the cache again.
REMEMBERED = 20_000


def _digest(text):
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


# What a request header's value counts as in a key, where that is not the value itself.
AS_KEY = {"HTTP_ACCEPT_LANGUAGE": preferred_language}


def _key_value(request, header):
    value = request.META.get(header, "")
    return str(AS_KEY[header](value)) if header in AS_KEY else value


def _meta_name(header):
    return "HTTP_" + header.strip().upper().replace("-", "_")


class PageKeys:
    def __init__(self, cache, seconds):
        self.cache = cache
        self.seconds = seconds
        self.headers_of = {}  # address digest -> the request headers (META names) it varies on

    def lookup(self, request, version):
        """The key of the page kept for ``request`` under ``version``, or None when its
        address has never been stored (or the cache cannot be reached)."""
        address = _digest(request.build_absolute_uri())
        headers = self.headers_of.get(address)
        if headers is None:
            headers = store.get(self.cache, f"page.vary.{address}")
            if headers is None:
                return None
            self._remember(address, headers)
        return self._key(version, address, headers, request)

    def learn(self, request, response, version):
        """The key to keep ``response`` under, noting the headers it varies on."""
        address = _digest(request.build_absolute_uri())
        vary = response.get("Vary", "")
        headers = tuple(sorted({_meta_name(h) for h in cc_delim_re.split(vary) if h.strip()}))
        store.put(self.cache, f"page.vary.{address}", headers, self.seconds)
        self._remember(address, headers)
        return self._key(version, address, headers, request)

    def _remember(self, address, headers):
        if len(self.headers_of) >= REMEMBERED:
            self.headers_of.clear()
        self.headers_of[address] = headers

    @staticmethod
    def _key(version, address, headers, request):
        values = "\n".join(_key_value(request, header) for header in headers)
        return f"page.{version}.{address}.{_digest(values)}"
