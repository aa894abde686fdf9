"""Statistics for the database's query planner, refreshed after a bulk load.

SQLite keeps none until asked (ANALYZE), and without them it answers "the
published services of these 20 providers, by name" by walking the whole
``(status, name)`` index rather than sorting a handful of rows: seconds at
100,000 records instead of milliseconds. PostgreSQL's autovacuum analyzes in
time, but a freshly loaded table is better planned at once.
"""

from django.db import DEFAULT_DB_ALIAS, connections


def refresh_statistics(using=DEFAULT_DB_ALIAS):
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")
