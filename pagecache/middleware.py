"""A shared page cache for anonymous visitors, exact to the last write.

Anonymous GET and HEAD requests for pages and API responses are answered from
the cache when the same URL (query string included) was rendered before under
the current data version; the version is part of every key, so a change made
anywhere is visible on the very next request. Headers named in a response's
``Vary`` (``Accept`` for the API's negotiated format, ``Cookie``) are part of
the key too (pagecache/keys.py).

Stored only when every query parameter of the request is one the view said its response
depends on (``uses_parameters``): a URL with any other (``?colour=blue``, a random one per
request) is answered but never stored, so junk URLs cannot fill the cache.

Not cached: staff (anyone sending a session cookie; they may see drafts),
the paths in ``PAGE_CACHE_EXCLUDED_PATHS`` (admin, suggestion forms, health
checks; in every language), streamed exports, responses other than 200, responses that set a
cookie or say private/no-store. The response carries no max-age: browsers and
proxies keep revalidating with the ETag, so they never show stale data either.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.utils.cache import has_vary_header, set_response_etag

from directory.errors import OUTAGE, unavailable
from directory.languages import neutral_path
from pagecache import store
from pagecache.keys import PageKeys
from pagecache.versioning import current_token

CACHE_HEADER = "X-Page-Cache"
# The last data version read, for when the database cannot be asked (kept in the cache, so
# that every worker knows it).
LAST_TOKEN_KEY = "page.last-version"


def uses_parameters(request, *names):
    """Declare the query parameters the response to ``request`` depends on (a view that
    declares nothing depends on none)."""
    request.page_cache_parameters = frozenset(names)


def _only_known_parameters(request):
    return set(request.GET) <= getattr(request, "page_cache_parameters", frozenset())


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = settings.PAGE_CACHE_SECONDS
        self.cache = caches[settings.PAGE_CACHE_ALIAS]
        self.keys = PageKeys(self.cache, self.seconds)
        self.excluded = tuple("/" + path.lstrip("/") for path in settings.PAGE_CACHE_EXCLUDED_PATHS)
        self.last_version = None  # this process's, to write LAST_TOKEN_KEY only when it changes

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        try:
            token = current_token()
        except OUTAGE:
            return self.while_the_database_is_out(request)
        self.note_version(token)
        key = self.keys.lookup(request, token)
        cached = store.get(self.cache, key) if key else None
        if cached is not None:
            cached[CACHE_HEADER] = "hit"
            return cached
        response = self.get_response(request)
        if request.method == "GET" and self.cacheable(response) and _only_known_parameters(request):
            # Stored with its ETag, so that ConditionalGetMiddleware does not hash the
            # whole body again on every hit.
            set_response_etag(response)
            store.put(self.cache, self.keys.learn(request, response, token), response, self.seconds)
            response[CACHE_HEADER] = "miss"
        return response

    def note_version(self, token):
        if token != self.last_version:
            store.put(self.cache, LAST_TOKEN_KEY, token, None)
            self.last_version = token

    def while_the_database_is_out(self, request):
        """The page as it was at the last version read, marked stale; else a 503."""
        # The shared one first: another worker may have read a newer version than this one.
        token = store.get(self.cache, LAST_TOKEN_KEY) or self.last_version
        key = self.keys.lookup(request, token) if token else None
        cached = store.get(self.cache, key) if key else None
        if cached is None:
            return unavailable(request)
        cached[CACHE_HEADER] = "stale"
        return cached

    def applies_to(self, request):
        return (
            self.seconds > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not neutral_path(request.path_info).startswith(self.excluded)
            and self.allowed_host(request)
        )

    @staticmethod
    def allowed_host(request):
        """Whether the Host header is one served here (else CommonMiddleware answers 400)."""
        try:
            request.get_host()
        except DisallowedHost:
            return False
        return True

    @staticmethod
    def cacheable(response):
        cache_control = response.get("Cache-Control", "").lower()
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
            and not has_vary_header(response, "*")
        )
