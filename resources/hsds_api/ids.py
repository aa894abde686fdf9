"""From an HSDS id back to the record it names.

HSDS ids are uuid5 digests of a record's kind and primary key (resources/hsds.py): stable
forever, but not reversible, and not stored in the database. ``IdIndex`` holds the id of
every primary key from 1 to the largest the table has had, worked out once per process and
kept: a primary key's id never changes, so nothing in the index goes stale. An id the index
does not know makes it read the primary keys above that range (one query, which finds
nothing unless records were added) and extend the range to them; an id still unknown names
no record. Whether the record exists and is public is for the caller's query to say
(``published()``): the index only turns an id into a key.

Keys far above the rest (a record given a key of a billion by hand) are indexed one by one
rather than by the range up to them, which would not fit in memory; the range stays open
below them, so the records added after them are found too.

At 100,000 records a kind's index takes about a second to build and 12 MB.
"""

import threading

# The range is extended to the largest new key when the new keys fill at least a quarter
# of it (or it is short); otherwise only the new keys are indexed.
DENSITY = 4
SLACK = 10_000


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
        above = list(self.model.objects.filter(pk__gt=self.top).order_by().values_list("pk", flat=True))
        if not above:
            return
        top = max(above)
        with self.lock:
            if top - self.top <= DENSITY * len(above) + SLACK:
                pks = range(self.top + 1, top + 1)
                self.top = max(self.top, top)
            else:
                pks = above
            self.keys.update({short_key(self.make_id(pk)): pk for pk in pks})
