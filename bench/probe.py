"""In-process measurements of one benchmark database; prints JSON.

- ``targets``: the URLs of each scenario of the load mix (sampled from the data);
- ``queries``: database queries per request of each scenario (nothing cached, but
  for the next list pages, which run with the list's counts kept);
- ``export_memory``: how much the peak resident memory grows while streaming
  the whole CSV export of organizations, and the rows streamed;
- ``explain``: PostgreSQL's plan for the search query (EXPLAIN ANALYZE).

    DATABASE_URL=... python -m bench.probe
"""

import json
import random
import sys
from pathlib import Path

from bench.generate import setup_django

SEARCH_TERMS = ["shelter hotline", "labour exploitation", "child protection", "repatriation"]


def published_paths(model, count, rng):
    synthetic = model.objects.published().filter(slug__startswith="bench-")
    slugs = list(synthetic.values_list("slug", flat=True)[:2000])
    return [model(slug=slug).get_absolute_url() for slug in rng.sample(slugs, min(count, len(slugs)))]


def targets():
    from django.urls import reverse

    from resources.models import FocusArea, LegalInstrument, Organization, Strategy, SupportService

    rng = random.Random(7)
    focus = FocusArea.objects.order_by("slug").values_list("slug", flat=True).first()
    details = []
    for model in (Organization, LegalInstrument, Strategy, SupportService):
        details += published_paths(model, 25, rng)
    organization_slugs = [path.strip("/").rsplit("/", 1)[-1] for path in details if "/organizations/" in path]
    lists = [
        f"/organizations/?kind=ngo&focus_area={focus}",
        "/services/?country=TH",
        f"/instruments/?focus_area={focus}&page=2",
        "/strategies/?kind=national_strategy",
    ]
    api_lists = [
        f"{reverse('api:organization-list')}?kind=ngo",
        f"{reverse('api:service-list')}?country=TH",
        f"{reverse('api:instrument-list')}?focus_area={focus}",
    ]
    return {
        "home": ["/"],
        "list": lists,
        # Datasette's faceted table page and JSON run the same filter, 20 records a page.
        "list_same": ["/organizations/?kind=ngo"],
        "api_same": [f"{reverse('api:organization-list')}?kind=ngo"],
        "country": [f"/countries/{code}/" for code in ("th", "us", "fr", "ng")],
        # The same pages in other languages (their interface translated, right to left in
        # Arabic): each must be within 10% of the English one.
        "list_es": [f"/es{path}" for path in lists],
        "country_ar": [f"/ar/countries/{code}/" for code in ("th", "us", "fr", "ng")],
        "detail": details,
        "list_pages": next_pages(lists),
        "api_list_pages": next_pages(api_lists),
        "search": ["/search/?" + f"q={term.replace(' ', '+')}" for term in SEARCH_TERMS],
        "api_list": api_lists,
        "api_detail": [reverse("api:organization-detail", args=[slug]) for slug in organization_slugs],
        "export_csv": [f"{reverse('api:service-export-csv')}?country=TH"],
        # The Open Referral HSDS 3.0 API's service list (resources/hsds_api/), first pages.
        "hsds_services": [f"{reverse('hsds:services')}?page={page}" for page in (1, 2, 3)],
    }


def next_pages(list_urls):
    """Pages 2 to 4 of each filtered list, page or API (as many as exist; page 1 if there is
    only one): pages whose counts (and controls and visuals) the first has worked out."""
    from math import ceil

    from django.http import QueryDict
    from django.urls import resolve

    from resources import selectors
    from resources.filters import PAGE_SIZE

    urls = []
    for url in list_urls:
        path, _, query = url.partition("?")
        params = QueryDict(query, mutable=True)
        params.pop("page", None)
        view = resolve(path).func
        kind = view.view_initkwargs["kind"] if hasattr(view, "view_class") else view.cls.kind
        count = selectors.filtered(kind, params).qs.count()
        for page in range(2, min(ceil(count / PAGE_SIZE), 4) + 1) or [1]:
            params["page"] = str(page)
            urls.append(f"{path}?{params.urlencode()}")
    return urls


def queries_per_request(paths):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client()
    counts = {}
    for name, urls in paths.items():
        per_url = []
        # Next pages run with the list's counts kept (and already worked out), the rest without.
        kept = name in ("list_pages", "api_list_pages")
        for url in urls[:5]:
            with override_settings(COUNTS_CACHE_SECONDS=3600 if kept else 0):
                if kept:
                    client.get(url)
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url)
                    if response.streaming:
                        b"".join(response.streaming_content)
            assert response.status_code == 200, (url, response.status_code)
            per_url.append(len(captured))
        counts[name] = max(per_url)
    return counts


def resident_peak():
    status = Path("/proc/self/status").read_text().splitlines()
    return int(next(line.split()[1] for line in status if line.startswith("VmHWM:"))) * 1024


def export_memory():
    """How much the process's peak resident memory grows while streaming a whole kind."""
    from django.test import Client
    from django.urls import reverse

    client = Client()
    results = {}
    # CSV only: NDJSON streams through the same chunked iterator, and at 100k records
    # each whole export takes minutes.
    for fmt in ("csv",):
        # A small export first, so that imports and caches are not counted.
        b"".join(client.get(reverse(f"api:organization-export-{fmt}"), {"country": "TH"}).streaming_content)
        before = resident_peak()
        response = client.get(reverse(f"api:organization-export-{fmt}"))
        rows = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        results[fmt] = {"rows": rows, "peak_growth_bytes": resident_peak() - before}
    return results


def explain_search():
    from django.db import connection

    from resources.readmodel import search

    if connection.vendor != "postgresql":
        return None
    sql, params = search.ranked_sql(search.understand(SEARCH_TERMS[0]), 1001)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main():
    setup_django()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's response bookkeeping
    paths = targets()
    report = {
        "targets": paths,
        "queries": queries_per_request(paths),
        "export_memory": export_memory(),
        "explain": explain_search(),
    }
    json.dump(report, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
