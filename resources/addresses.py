"""The page address of a record, its URL pattern reversed once rather than once per link.

Django's ``reverse()`` walks the URL resolver on every call (about 0.1 ms here); a country
page or a list page links some three hundred records and regions. The address of a record
is its pattern with the record's slug (or code) in place, so the pattern is reversed once
with a marker and the marker replaced after.
"""

from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# A value every detail route accepts (slug and str converters), cut out of the address.
MARK = "0lookup0"
# What reverse() leaves unquoted in a path (django.urls.resolvers._reverse_with_prefix).
SAFE = "!$&'()*+,;=/~:@"


@lru_cache(maxsize=256)
def _pattern(url_name, script_prefix, urlconf, language):
    # The arguments besides the name are what reverse()'s answer depends on: the key.
    head, _, tail = reverse(url_name, args=[MARK], urlconf=urlconf).rpartition(MARK)
    return head, tail


def record_url(url_name, lookup):
    """``reverse(url_name, args=[lookup])`` for a route with one argument, the record's key."""
    head, tail = _pattern(url_name, get_script_prefix(), get_urlconf(), get_language())
    return f"{head}{quote(str(lookup), safe=SAFE)}{tail}"
