"""The directory's languages, and how a request gets one: from its address alone.

English pages keep the addresses they have always had (``/organizations/``); every other
language is the same address under its prefix (``/es/organizations/``). Nothing is
remembered between requests, no cookie and no session: a shared or watched device keeps no
trace of the choice, and a cached page is the same for everyone who asks for its address.

The browser's ``Accept-Language`` is read in three places only: the English home page ``/``,
the address a first visit lands on, offers the home page in the browser's language
(``offered_language``); the API, which has no prefix, answers in it unless ``?lang=`` says
otherwise; and the admin, for staff, is in it. The home page does not redirect:
with nothing remembered, a redirect would send a reader who chose English back to the
browser's language on every visit.
"""

import re

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.translation import trans_real

PREFIX = re.compile(r"^/([^/]+)(?:/|$)")
# Where a language's code (its address prefix) is not its BCP 47 tag (for lang and hreflang).
HTML_TAGS = {"zh-hans": "zh-Hans"}


def html_tag(code):
    """The language as ``lang`` and ``hreflang`` attributes spell it (BCP 47)."""
    return HTML_TAGS.get(code, code)


def codes():
    return [code for code, _ in settings.LANGUAGES]


def language_of_path(path_info):
    """The language an address is in: its prefix's, or the default for an unprefixed one.
    Only the exact codes are prefixes (``/es/``, not ``/es-mx/`` or ``/ES/``)."""
    match = PREFIX.match(path_info)
    if match and match[1] in codes() and match[1] != settings.LANGUAGE_CODE:
        return match[1]
    return settings.LANGUAGE_CODE


def neutral_path(path_info):
    """``path_info`` without its language prefix: the same page's address in English."""
    language = language_of_path(path_info)
    if language == settings.LANGUAGE_CODE:
        return path_info
    return path_info[len(language) + 1 :] or "/"


def path_in(language, neutral):
    """The address of the page at ``neutral`` (an English path) in ``language``."""
    if language == settings.LANGUAGE_CODE:
        return neutral
    return f"/{language}{neutral}"


def preferred_language(accept_language):
    """The directory's language that an ``Accept-Language`` header ranks first, or None."""
    for code, _quality in trans_real.parse_accept_lang_header(accept_language or ""):
        if code == "*":
            return None
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


def offered_language(request):
    """The language to offer on the English home page ``/``: the browser's, when it is not
    English. None on any other page."""
    if request.path_info != "/":
        return None
    language = preferred_language(request.META.get("HTTP_ACCEPT_LANGUAGE"))
    return None if language in (None, settings.LANGUAGE_CODE) else language


def offering_language(request, response):
    """The home page's ``response``, marked as depending on ``Accept-Language`` where it
    offers the browser's language (the page cache keeps one copy per language offered)."""
    if request.path_info == "/":
        patch_vary_headers(response, ["Accept-Language"])
    return response


# The API has one address for every language: ``?lang=`` chooses, else ``Accept-Language``.
API_PREFIX = "/api/"
API_PARAMETER = "lang"


def api_language(request):
    """The language an API request asks for: its ``lang`` parameter when it names one of the
    directory's languages (resources/api/negotiation.py refuses any other with a 400), else
    the first of the directory's languages its ``Accept-Language`` ranks."""
    asked = request.GET.get(API_PARAMETER)
    if asked in codes():
        return asked
    return preferred_language(request.META.get("HTTP_ACCEPT_LANGUAGE"))


class LanguageFromPathMiddleware:
    """Activates the language of the request's address; says which in ``Content-Language``.

    Before URL resolution, which matches only the active language's prefix
    (``i18n_patterns``). The API and the admin have no prefix: the API follows its ``lang``
    parameter or the client's ``Accept-Language``, the admin the staff member's browser.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin = f"/{settings.ADMIN_PATH}"

    def __call__(self, request):
        language = language_of_path(request.path_info)
        if request.path_info.startswith(API_PREFIX):
            language = api_language(request) or language
        elif request.path_info.startswith(self.admin):
            # Staff read the admin in their browser's language (it is never cached).
            language = preferred_language(request.META.get("HTTP_ACCEPT_LANGUAGE")) or language
        request.LANGUAGE_CODE = language
        # Only for this request: the thread's next request (or test) starts from the default.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", html_tag(language))
        return response


def own_name(code):
    """The language's name in itself, capitalised as it starts a menu entry ("Français")."""
    name = translation.get_language_info(code)["name_local"]
    return name[:1].upper() + name[1:]


def links(request):
    """The current page in each language: (code, its own name, address, whether current).

    An address that is no page (a 404) links the home page in each language instead: its
    path is whatever a stranger typed (``//elsewhere.example/`` would leave the site)."""
    if getattr(request, "resolver_match", None) is None:
        neutral, suffix = "/", ""
    else:
        neutral = escape_uri_path("/" + neutral_path(request.path_info).lstrip("/"))
        query = request.META.get("QUERY_STRING", "")
        suffix = f"?{iri_to_uri(query)}" if query else ""
    script = request.META.get("SCRIPT_NAME", "")
    current = translation.get_language()
    return [
        {
            "code": code,
            "tag": html_tag(code),
            "name": own_name(code),
            "url": f"{script}{path_in(code, neutral)}{suffix}",
            "current": code == current,
        }
        for code in codes()
    ]


def context(request):
    """Template context: the page's language for ``<html lang dir>``, and its alternates."""
    language = translation.get_language()
    offered = offered_language(request)
    alternates = links(request)
    return {
        "html_lang": html_tag(language),
        "html_dir": "rtl" if translation.get_language_bidi() else "ltr",
        "language_links": alternates,
        "offered_language": offered and next(link for link in alternates if link["code"] == offered),
    }
