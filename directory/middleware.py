"""Small site-wide middleware of the directory's own."""

import re

from django.conf import settings
from django.core.exceptions import BadRequest


class AdminNoIndexMiddleware:
    """Every admin response asks search engines not to index or follow it.

    The admin is linked from no public page; robots.txt does not name it either, since a
    line there would tell anyone where a relocated admin (``DJANGO_ADMIN_PATH``) lives.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = f"/{settings.ADMIN_PATH}"

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefix):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class AdminBadInputMiddleware:
    """Refuse, with a 400, admin requests that Django's admin would answer with a 500.

    A NUL character in the path or the query string (PostgreSQL refuses it in any string),
    and a date-hierarchy year, month or day of more digits than a date has (the admin turns
    it into a ``datetime`` and overflows). Staff only, but never a 500.
    """

    DATE_PARTS = re.compile(r"__(year|month|day)$")

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = f"/{settings.ADMIN_PATH}"

    def __call__(self, request):
        if request.path.startswith(self.prefix) and self.is_bad(request):
            raise BadRequest("Malformed admin request.")
        return self.get_response(request)

    def is_bad(self, request):
        if "\x00" in request.path:
            return True
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return True
            if self.DATE_PARTS.search(name) and any(
                len(value) > 4 or not value.isdigit() for value in values
            ):
                return True
        return False
