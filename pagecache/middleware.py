"""A shared page cache for anonymous visitors, exact to the last write.

Anonymous GET and HEAD requests for pages and API responses are answered from
the cache when the same URL (query string included) was rendered before under
the current data version; the version is part of every key, so a change made
anywhere is visible on the very next request. Headers named in a response's
``Vary`` (``Accept`` for the API's negotiated format, ``Cookie``) are part of
the key too, through Django's own cache-key helpers.

Not cached: staff (anyone sending a session cookie; they may see drafts),
the paths in ``PAGE_CACHE_EXCLUDED_PATHS`` (admin, suggestion forms, health
checks), streamed exports, responses other than 200, responses that set a
cookie or say private/no-store. The response carries no max-age: browsers and
proxies keep revalidating with the ETag, so they never show stale data either.
"""

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import get_cache_key, has_vary_header, learn_cache_key, set_response_etag

from pagecache.versioning import current_token

CACHE_HEADER = "X-Page-Cache"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = settings.PAGE_CACHE_SECONDS
        self.cache = caches[settings.PAGE_CACHE_ALIAS]
        self.excluded = tuple("/" + path.lstrip("/") for path in settings.PAGE_CACHE_EXCLUDED_PATHS)

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        prefix = f"page.{current_token()}"
        key = get_cache_key(request, prefix, "GET", cache=self.cache)
        cached = self.cache.get(key) if key else None
        if cached is not None:
            cached[CACHE_HEADER] = "hit"
            return cached
        response = self.get_response(request)
        if request.method == "GET" and self.cacheable(response):
            key = learn_cache_key(request, response, self.seconds, prefix, cache=self.cache)
            # Stored with its ETag, so that ConditionalGetMiddleware does not hash the
            # whole body again on every hit.
            set_response_etag(response)
            self.cache.set(key, response, self.seconds)
            response[CACHE_HEADER] = "miss"
        return response

    def applies_to(self, request):
        return (
            self.seconds > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(self.excluded)
        )

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
