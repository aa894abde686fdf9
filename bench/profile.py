"""Where one request's time goes: total time, query count and the slowest queries of each
URL, in process, with the page cache and the kept counts off. Prints text.

    DATABASE_URL=sqlite:///bench/var/sqlite-10000.sqlite3 python -m bench.profile /countries/th/ ...

Each URL is requested twice; the second request is measured, so that per-process caches
(content types, country names) are warm.
"""

import sys
import time

from bench.generate import setup_django

SLOWEST = 6


def main(urls):
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment

    setup_test_environment()  # the test client's response bookkeeping
    client = Client()
    for url in urls:
        with override_settings(PAGE_CACHE_SECONDS=0, COUNTS_CACHE_SECONDS=0):
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
        queries = captured.captured_queries
        sql = sum(float(q["time"]) for q in queries)
        print(
            f"{url} {response.status_code}: {elapsed * 1000:.0f} ms, "
            f"{len(queries)} queries, {sql * 1000:.0f} ms in SQL"
        )
        for query in sorted(queries, key=lambda q: -float(q["time"]))[:SLOWEST]:
            print(f"  {float(query['time']) * 1000:5.0f} ms  {query['sql'][:200]}")


if __name__ == "__main__":
    main(sys.argv[1:])
