"""The HSDS API's query parameters, read safely: a bad value is a 400 naming the parameter.

Whatever a client sends (NUL bytes, numbers of thousands of digits, ids that are not
UUIDs, impossible dates), the answer is the value or a 400, never a 500.
"""

import uuid

from django.utils.translation import gettext
from rest_framework.exceptions import ValidationError

from resources.api.filtering import parse_moment
from resources.api.pagination import positive_int

PER_PAGE = 20
MAX_PER_PAGE = 100
# `minimal` returns two fields a record; HSDS asks for every record in one call where
# possible, so its pages are larger.
MINIMAL_PER_PAGE = 1000
SEARCH_MAX_LENGTH = 200
TRUE, FALSE = ("true", "1"), ("false", "0")
FORMATS = ("json", "ndjson")


def bad(name, message):
    return ValidationError({name: [message]})


def text(query, name):
    """A string parameter, or None; a NUL byte is refused (PostgreSQL refuses it in any string)."""
    value = query.get(name)
    if value is not None and "\x00" in value:
        raise bad(name, gettext("Must not contain a NUL character."))
    return value


def search(query, name="search"):
    """Words to search for, or None when not given or blank."""
    value = text(query, name)
    if value is None or not value.strip():
        return None
    if len(value) > SEARCH_MAX_LENGTH:
        raise bad(name, gettext("At most %(largest)s characters.") % {"largest": SEARCH_MAX_LENGTH})
    return value.strip()


def boolean(query, name):
    value = text(query, name)
    if value is None:
        return False
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise bad(name, gettext("Must be true or false."))


def hsds_id(query, name):
    """An HSDS id (a UUID, in its canonical form, in any case), lower-cased, or None."""
    value = text(query, name)
    if value is None:
        return None
    found = canonical_id(value)
    if found is None:
        raise bad(name, gettext("Must be an HSDS id: a UUID such as 3f7b145d-84af-42d7-8fae-eaca714b02b2."))
    return found


def canonical_id(value):
    """``value`` lower-cased if it is a UUID in canonical form (8-4-4-4-12 hex digits), else None."""
    if len(value) != 36 or not value.isascii():
        return None
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return None
    return str(parsed) if str(parsed) == value.lower() else None


def moment(query, name):
    value = text(query, name)
    if value is None:
        return None
    found = parse_moment(value)
    if found is None:
        raise bad(name, gettext("Use an ISO 8601 date or date-time: 2026-11-01 or 2026-11-01T12:00:00Z."))
    return found


def response_format(query, name="format"):
    value = text(query, name)
    if not value:
        return "json"
    if value.lower() not in FORMATS:
        raise bad(name, gettext("Must be json or ndjson."))
    return value.lower()


def paging(query, default=PER_PAGE, largest=MAX_PER_PAGE):
    """(page number, records per page) from `page` (from 1) and `per_page` (``default``
    when not given; a larger value than ``largest`` is capped)."""
    size, number = default, 1
    if "per_page" in query:
        size = positive_int(text(query, "per_page"))
        if size is None:
            raise bad(
                "per_page", gettext("Must be a whole number from 1 to %(largest)s.") % {"largest": largest}
            )
        size = min(size, largest)
    if "page" in query:
        number = positive_int(text(query, "page"))
        if number is None:
            raise bad("page", gettext("Must be a whole number from 1."))
    return number, size
