"""The benchmark's results as Markdown (docs/performance.md holds the latest full table).

python -m bench.report bench/results/full.json
"""

import json
import sys

# p95 targets in ms, one client, uncached (PostgreSQL, 100k records per kind).
LATENCY_TARGETS = {
    "list": 100,
    "list_pages": 100,
    "search": 100,
    "api_list": 50,
    "api_list_pages": 50,
    "detail": 30,
    "country": 100,
    "hsds_services": 50,
}
UNCACHED_OVER_DATASETTE = 3
SCENARIOS = {
    "home": "home",
    "list": "filtered list with facets, nothing cached",
    "list_es": "the same lists in Spanish",
    "list_pages": "its next pages, counts kept",
    "detail": "detail pages (four kinds)",
    "country": "country pages",
    "country_ar": "the same country pages in Arabic",
    "search": "search",
    "api_list": "API list, nothing cached",
    "api_list_pages": "its next pages, count kept",
    "api_detail": "API detail",
    "export_csv": "CSV export, filtered",
    "hsds_services": "HSDS API services list, nothing cached",
}
CACHED_SHARE_OF_STATIC = 0.5
# A page in another language against the same page in English: (scenario, English scenario).
TRANSLATED = (("list_es", "list"), ("country_ar", "country"))
TRANSLATED_SLOWER_AT_MOST = 0.10


def ms(value):
    if value is None:
        return "—"
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def mib(value):
    return f"{value / 1024 / 1024:.0f} MiB"


def ratio(ours, theirs):
    return f"{ours / theirs:.2f}x" if theirs else "n/a"


def verdict(ok):
    return "met" if ok else "**missed**"


def run_tables(run):
    lines = [f"### {run['engine']}, {run['size']:,} records per kind", ""]
    lines += [
        "One client at a time, page cache off (and, but for the next pages, the list counts too):",
        "",
        "| scenario | p50 ms | p95 ms | p99 ms | req/s | errors | queries/request | p95 target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    order = list(SCENARIOS)
    for scenario, figures in sorted(run["latency"].items(), key=lambda item: order.index(item[0])):
        target = LATENCY_TARGETS.get(scenario)
        met = figures["p95"] is not None and figures["p95"] <= target if target else False
        judged = f"≤ {target} ms: {verdict(met)}" if target else ""
        lines.append(
            f"| {SCENARIOS.get(scenario, scenario)} | {ms(figures['p50'])} | {ms(figures['p95'])} | "
            f"{ms(figures['p99'])} | "
            f"{figures['rps']} | {figures['errors']} | {run['queries'].get(scenario, '—')} | {judged} |"
        )
    static = run["throughput_cached"]["static"]["rps"]
    datasette = run.get("datasette", {})
    page_ds = datasette.get("datasette_page", {}).get("rps")
    json_ds = datasette.get("datasette_json", {}).get("rps")
    lines += [
        "",
        "16 concurrent clients:",
        "",
        "| scenario | req/s | p95 ms | errors | vs static file | vs Datasette |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    rows = [
        ("list, cached", run["throughput_cached"]["list"], page_ds),
        ("detail, cached", run["throughput_cached"]["detail"], None),
        ("API list, cached", run["throughput_cached"]["api_list"], json_ds),
    ]
    if "throughput_uncached" in run:  # not in a quick run
        uncached = run["throughput_uncached"]
        rows += [
            ("list (mixed filters), uncached", uncached["list"], None),
            ("API list (mixed filters), uncached", uncached["api_list"], None),
        ]
        # Datasette's filter and page size: organizations of one kind, 20 a page.
        if "list_same" in uncached:
            rows += [
                ("organizations of one kind, uncached", uncached["list_same"], page_ds),
                ("API: organizations of one kind, uncached", uncached["api_same"], json_ds),
            ]
    rows += [("static file (same bytes as the list page)", run["throughput_cached"]["static"], None)]
    if datasette:
        rows += [
            ("Datasette faceted table page", datasette["datasette_page"], None),
            ("Datasette JSON API", datasette["datasette_json"], None),
        ]
    for label, figures, baseline in rows:
        lines.append(
            f"| {label} | {figures['rps']} | {ms(figures['p95'])} | {figures['errors']} | "
            f"{ratio(figures['rps'], static)} | {ratio(figures['rps'], baseline) if baseline else ''} |"
        )
    memory = run["export_memory"]
    lines += [
        "",
        f"Peak worker memory (VmHWM): {mib(run['peak_memory_uncached'])} uncached, "
        f"{mib(run['peak_memory_cached'])} with the page cache. Streaming the whole organizations "
        f"CSV export ({memory['csv']['rows']:,} lines) grew the peak resident memory by "
        f"{mib(memory['csv']['peak_growth_bytes'])}.",
    ]
    if "datasette_latency" in run:
        latency = run["datasette_latency"]
        lines.append(
            f"Datasette, one client: table page p95 {ms(latency['datasette_page']['p95'])} ms, "
            f"JSON p95 {ms(latency['datasette_json']['p95'])} ms."
        )
    for translated, english in TRANSLATED:
        if translated in run["latency"]:
            ours, theirs = run["latency"][translated]["p50"], run["latency"][english]["p50"]
            slower = ours / theirs - 1
            label = SCENARIOS[translated]
            lines.append(
                f"{label[0].upper()}{label[1:]}: p50 {ms(ours)} ms against {ms(theirs)} ms in "
                f"English ({slower:+.0%}; target ≤ +{TRANSLATED_SLOWER_AT_MOST:.0%}: "
                f"{verdict(slower <= TRANSLATED_SLOWER_AT_MOST)})."
            )
    cached_share = run["throughput_cached"]["list"]["rps"] / static if static else 0
    lines.append(
        f"Cached list page at {cached_share:.0%} of the static file "
        f"(target ≥ {CACHED_SHARE_OF_STATIC:.0%}: {verdict(cached_share >= CACHED_SHARE_OF_STATIC)})."
    )
    if run.get("explain"):
        lines += ["", "<details><summary>Search plan (EXPLAIN ANALYZE)</summary>", "", "```", run["explain"]]
        lines += ["```", "", "</details>"]
    return lines


def scaling(runs):
    lines = []
    for engine in sorted({run["engine"] for run in runs}):
        mine = sorted((r for r in runs if r["engine"] == engine), key=lambda r: r["size"])
        if len(mine) < 2:
            continue
        small, large = mine[0], mine[-1]
        slowdown = (large["latency"]["list"]["p95"] or float("inf")) / small["latency"]["list"]["p95"]

        # A streamed export reads its rows in chunks: its queries grow with the rows it sends.
        def fixed(queries):
            return {scenario: n for scenario, n in queries.items() if scenario != "export_csv"}

        same_queries = all(fixed(r["queries"]) == fixed(small["queries"]) for r in mine)
        growth = [r["export_memory"]["csv"] for r in mine]
        lines.append(
            f"- {engine}: streaming the whole organizations CSV grew peak memory by "
            + ", ".join(f"{mib(g['peak_growth_bytes'])} for {g['rows']:,} lines" for g in growth)
            + "."
        )
        if all("list_pages" in r["latency"] for r in (small, large)):
            before = small["latency"]["list_pages"]["p95"]
            after = large["latency"]["list_pages"]["p95"]
            lines.append(
                f"- {engine}: next list pages p95 {ms(before)} ms at {small['size']:,} → {ms(after)} ms "
                f"at {large['size']:,} ({(after or float('inf')) / before:.1f}x)."
            )
        lines.append(
            f"- {engine}: list page p95 {ms(small['latency']['list']['p95'])} ms at {small['size']:,} → "
            f"{ms(large['latency']['list']['p95'])} ms at {large['size']:,} ({slowdown:.1f}x; target ≤ 2x: "
            f"{verdict(slowdown <= 2)}); queries per request the same at every size (exports aside): "
            f"{verdict(same_queries)}."
        )
    return lines


def markdown(results):
    machine = results["machine"]
    lines = [
        f"Machine: {machine['cpus']} CPUs ({machine['cpu']}), {machine['memory_gib']} GiB; "
        f"gunicorn with 2 sync workers; locust on the same machine.",
        "",
    ]
    for run in results["runs"]:
        lines += [*run_tables(run), ""]
    scale = scaling(results["runs"])
    if scale:
        lines += ["### Scaling", "", *scale]
    return "\n".join(lines)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as results:
        print(markdown(json.load(results)))
