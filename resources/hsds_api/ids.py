"""From an HSDS id back to the record it names.

HSDS ids are uuid5 digests of a record's kind and primary key (resources/hsds.py): stable
forever, but not reversible, and not stored in the database. ``IdIndex`` holds the id of
every primary key from 1 to the largest the table has had, worked out once per process and
kept: a primary key's id never changes, so nothing in the index goes stale. An id the index
does not know makes it read the table's largest primary key (one query) and extend the
range; an id still unknown names no record. Whether the record exists and is public is for
the caller's query to say (``published()``): the index only turns an id into a key.

At 100,000 records a kind's index takes about a second to build and 12 MB.
"""

import threading

from django.db.models import Max


def short_key(value):
    """64 bits of an id in canonical form (the dict key; the match is checked in full)."""
    return int(value[:8] + value[9:13] + value[14:18], 16)


class IdIndex:
    def __init__(self, model, make_id):
        self.model = model
        self.make_id = make_id  # primary key -> HSDS id (canonical, lower case)
        self.keys = {}  # short_key(id) -> primary key
        self.top = 0  # every primary key up to this one is in ``keys``
        self.lock = threading.Lock()

    def pk(self, value):
        """The primary key whose HSDS id is ``value`` (a canonical UUID string), or None."""
        found = self.known(value)
        if found is None:
            self._extend()
            found = self.known(value)
        return found

    def known(self, value):
        """``pk(value)`` among the keys already indexed, with no query."""
        pk = self.keys.get(short_key(value))
        return pk if pk is not None and self.make_id(pk) == value else None

    def _extend(self):
        top = self.model.objects.aggregate(top=Max("pk"))["top"] or 0
        with self.lock:
            if top > self.top:
                self.keys.update({short_key(self.make_id(pk)): pk for pk in range(self.top + 1, top + 1)})
                self.top = top
