from django.utils.translation import gettext, ngettext
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from pagecache.memo import query_parts, remember

# Past every page count and size limit; a longer number means the same (and Python
# refuses to read one of more than 4,300 digits).
LARGEST = 10**18


def positive_int(raw):
    """The value as an int if it is a plain positive whole number, else None; a number of
    more digits than ``LARGEST`` has counts as ``LARGEST``."""
    if not (raw.isascii() and raw.isdigit()):
        return None
    digits = raw.lstrip("0")
    if not digits:
        return None
    return min(int(digits), LARGEST) if len(digits) <= len(str(LARGEST)) else LARGEST


def pages_message(count):
    """What a page past the end is told: how many pages there are."""
    # The English is the same for one page as for several, as it has always been; the
    # plural lets each language agree it with the number.
    return ngettext("There are %(count)s pages.", "There are %(count)s pages.", count) % {"count": count}


class DirectoryPagination(PageNumberPagination):
    """Page-number pagination: 20 by default, `page_size` up to 100.

    A page that is not a positive number, or is past the end, is a 400 naming
    the parameter (DRF's default is a 404), so that a client can tell a bad
    request from a missing record.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        size = positive_int(raw)
        if size is None:
            message = gettext("Must be a whole number from 1 to %(largest)s.") % {
                "largest": self.max_page_size
            }
            raise ValidationError({"page_size": [message]})
        return min(size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        page_size = self.get_page_size(request)
        number = positive_int(request.query_params.get(self.page_query_param, "1"))
        if number is None:
            raise ValidationError({"page": [gettext("Must be a whole number from 1.")]})
        paginator = self.django_paginator_class(queryset, page_size)
        # The same on every page: counted once per query until the data changes.
        ignored = (self.page_query_param, self.page_size_query_param)
        parts = (queryset.model._meta.label, query_parts(request._request, request.query_params, ignored))
        paginator.count = remember("api-count", parts, queryset.count)
        if number > paginator.num_pages:
            raise ValidationError({"page": [pages_message(paginator.num_pages)]})
        self.request = request
        self.page = paginator.page(number)
        return list(self.page)
