from django.db import models


class DataVersion(models.Model):
    """One row naming the current state of the public data.

    Every committed change to the directory's content writes a new random
    token here, in the same transaction as the change. Cached pages are keyed
    by the token, so a change is visible on the next request in every worker
    process, whatever cache backend holds the pages. A random token, not a
    counter: a restored or flushed database can never bring an old key back.
    """

    SINGLETON = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON)
    token = models.CharField(max_length=32)

    def __str__(self):
        return self.token
