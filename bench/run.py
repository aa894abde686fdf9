"""The benchmark: build databases of 1k to 100k records per kind, serve them with
gunicorn and production settings, drive a fixed mix with locust, report.

    python -m bench.run --quick                      # make bench: 1k, SQLite and PostgreSQL, short
    python -m bench.run --sizes 1000,10000,100000    # the full table of docs/performance.md

For each database and size:
1. build the database (migrate, seed the curated data, generate the synthetic
   records; kept in bench/var/ and reused when already built);
2. in-process probe (bench/probe.py): the scenario URLs, queries per request,
   export memory, the search plan;
3. latency, one client at a time, with the page cache off: each scenario
   with nothing cached, then the next pages of the filtered lists with their
   counts kept (as after a visitor has seen the first page);
4. throughput, 16 clients: cached pages (list, detail; the cache in Redis and
   filled beforehand), the API list cached and uncached, the same list page's
   bytes as a static file from the same gunicorn (the ceiling), and Datasette
   on the same data (its faceted table page and JSON API with an equivalent
   filter; the tool a user would otherwise reach for).
Peak memory is the largest resident set (VmHWM) of a gunicorn worker.
Results go to bench/results/<name>.json and a Markdown table on stdout.
"""

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import redis

PROJECT = Path(__file__).resolve().parent.parent
VAR = PROJECT / "bench" / "var"
RESULTS = PROJECT / "bench" / "results"
APP_PYTHON = PROJECT / ".venv" / "bin" / "python"
GUNICORN = PROJECT / ".venv" / "bin" / "gunicorn"
TOOLS = PROJECT / ".venv-bench" / "bin"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_BASE_URL = PG_ADMIN_URL.rsplit("/", 1)[0]
# The next-pages scenario keeps list counts where both workers see them, as deployed.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
WORKERS = 2
CONCURRENCY = 16
# Datasette's faceted queries take seconds each at 100k records, and locust counts only the
# requests that finish within its window: at 16 clients a 10-second window held none. Its
# throughput is measured over at least this long (its rate, not its count, is compared).
DATASETTE_SECONDS = 60
LATENCY_SCENARIOS = (
    "home",
    "list",
    "list_es",
    "detail",
    "country",
    "country_ar",
    "search",
    "api_list",
    "api_detail",
    "export_csv",
    "hsds_services",
)


# Processes -------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(database_url, cache_seconds, counts_seconds=None, redis_url=None):
    """Production settings; the page cache and the list counts kept for the seconds given
    (counts: as long as pages unless told), in a shared Redis or each worker's memory."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "PAGE_CACHE_", "COUNTS_CACHE_"))
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="benchmark-only-key-" + "b" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        API_ANON_RATE="100000000/minute",
        PAGE_CACHE_SECONDS=str(cache_seconds),
        COUNTS_CACHE_SECONDS=str(cache_seconds if counts_seconds is None else counts_seconds),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env, *args, python_module=None):
    command = [str(APP_PYTHON), *(["-m", python_module] if python_module else ["manage.py"]), *args]
    result = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


class Gunicorn:
    def __init__(self, env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        bind = f"127.0.0.1:{self.port}"
        command = [str(GUNICORN), "directory.wsgi", "--workers", str(WORKERS), "--bind", bind]
        self.process = subprocess.Popen(command, cwd=PROJECT, env=env, stderr=subprocess.DEVNULL)
        wait_for(self.base + "/healthz")

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def peak_memory(self):
        peaks = []
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) * 1024)
        return max(peaks)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


class Datasette:
    def __init__(self, sqlite_file):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [
            str(TOOLS / "datasette"), "serve", str(sqlite_file), "--port", str(self.port),
            "--host", "127.0.0.1", "--immutable", str(sqlite_file), "--setting", "sql_time_limit_ms", "5000",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self.base + "/-/versions.json")
        self.database = sqlite_file.stem

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def locust(base, targets_file, scenario, users, seconds):
    """One headless locust run; returns the figures of its single scenario."""
    prefix = VAR / "locust" / f"{scenario}-{users}"
    prefix.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "BENCH_TARGETS": str(targets_file), "BENCH_SCENARIO": scenario}
    command = [
        str(TOOLS / "locust"), "-f", str(PROJECT / "bench" / "locustfile.py"), "--headless",
        "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", base,
        "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR", "--stop-timeout", "10",
    ]  # fmt: skip
    subprocess.run(command, env=env, capture_output=True, check=False, timeout=seconds + 60)
    with open(f"{prefix}_stats.csv", newline="") as file:
        row = next((r for r in csv.DictReader(file) if r["Name"] == scenario), None)
    if row is None:  # not one request finished within the run
        return {"requests": 0, "errors": 0, "rps": 0.0, "p50": None, "p95": None, "p99": None}
    return {
        "requests": int(row["Request Count"]),
        "errors": int(row["Failure Count"]),
        "rps": round(float(row["Requests/s"]), 1),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "p99": float(row["99%"]),
    }


# Databases -------------------------------------------------------------------


def database_url(engine, size):
    if engine == "sqlite":
        return f"sqlite:///{VAR / f'sqlite-{size}.sqlite3'}"
    return f"{PG_BASE_URL}/bench_{size}"


def psql(sql):
    subprocess.run(["psql", PG_ADMIN_URL, "-qAtc", sql], check=True, capture_output=True)


REFRESH_STATISTICS = "from resources.planner import refresh_statistics; refresh_statistics()"


def built(env):
    code = "from resources.models import Organization as O; print(O.objects.count())"
    count = manage(env, "shell", "--no-imports", "-c", code)
    return int(count.strip() or 0)


def build(engine, size, reuse):
    url = database_url(engine, size)
    env = app_env(url, 0)
    if reuse:
        try:
            if built(env) >= size:
                manage(env, "migrate", "--no-input")  # a reused database gets newer migrations
                manage(env, "shell", "--no-imports", "-c", REFRESH_STATISTICS)
                return url, "reused"
        except SystemExit:
            pass
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{VAR / f'sqlite-{size}.sqlite3'}{suffix}").unlink(missing_ok=True)
    else:
        psql(f"DROP DATABASE IF EXISTS bench_{size} WITH (FORCE)")
        psql(f"CREATE DATABASE bench_{size}")
    started = time.monotonic()
    manage(env, "migrate", "--no-input")
    manage(env, "seed")
    manage(env, "--per-kind", str(size), python_module="bench.generate")
    if engine == "postgresql":
        manage(env, "dbshell", "--", "-c", "VACUUM ANALYZE")
    return url, f"built in {time.monotonic() - started:.0f}s"


def warm(server, paths):
    """One request to each path, so that what the server keeps is in place."""
    for path in paths:
        with urllib.request.urlopen(server.base + path, timeout=120) as response:
            response.read()


def static_baseline(server, targets):
    """The list page's bytes as a file under STATIC_ROOT, served by the same gunicorn."""
    with urllib.request.urlopen(server.base + targets["list"][0]) as response:
        body = response.read()
    folder = PROJECT / "staticfiles" / "bench-baseline"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "list.html").write_bytes(body)
    return ["/static/bench-baseline/list.html"]


def datasette_targets(database):
    table = f"/{database}/resources_organization"
    query = "kind=ngo&status=published&_size=20&_facet=kind&_facet=headquarters_country_id"
    return {"datasette_page": [f"{table}?{query}"], "datasette_json": [f"{table}.json?{query}"]}


# One database, one size --------------------------------------------------------


def measure(engine, size, args):
    url, how = build(engine, size, args.reuse)
    print(f"== {engine}, {size} per kind ({how})", flush=True)
    # Production settings name static files by their hashes, from collectstatic's manifest.
    subprocess.run([str(APP_PYTHON), "manage.py", "collectstatic", "--no-input", "-v0"], cwd=PROJECT,
                   env=app_env(url, 0), check=True)  # fmt: skip
    probe = json.loads(manage(app_env(url, 0), python_module="bench.probe"))
    targets = probe["targets"]
    targets_file = VAR / f"targets-{engine}-{size}.json"
    result = {"engine": engine, "size": size, "queries": probe["queries"]}
    result["export_memory"] = probe["export_memory"]
    result["explain"] = probe["explain"]

    # Latency, one client, uncached.
    server = Gunicorn(app_env(url, 0))
    try:
        targets_file.write_text(json.dumps(targets))
        result["latency"] = {
            s: locust(server.base, targets_file, s, 1, args.seconds) for s in LATENCY_SCENARIOS
        }
        if not args.quick:
            result["throughput_uncached"] = {
                s: locust(server.base, targets_file, s, CONCURRENCY, args.seconds)
                for s in ("list", "api_list", "list_same", "api_same")
            }
        result["peak_memory_uncached"] = server.peak_memory()
    finally:
        server.stop()

    # Latency, one client: the next pages of the same lists, the page cache still off but
    # the lists' counts kept (in Redis, shared by both workers) and worked out beforehand.
    redis.Redis.from_url(REDIS_URL).flushdb()
    server = Gunicorn(app_env(url, 0, counts_seconds=3600, redis_url=REDIS_URL))
    try:
        for scenario in ("list_pages", "api_list_pages"):
            warm(server, targets[scenario])
            result["latency"][scenario] = locust(server.base, targets_file, scenario, 1, args.seconds)
    finally:
        server.stop()

    # Throughput, 16 clients, cache on, against the static file of the same bytes.
    shutil.rmtree(PROJECT / "staticfiles" / "bench-baseline", ignore_errors=True)
    # The cache in Redis, shared by both workers as deployed, and filled beforehand: the
    # figures are those of hits, not of the first renders (seconds each at 100k records).
    redis.Redis.from_url(REDIS_URL).flushdb()
    server = Gunicorn(app_env(url, 3600, redis_url=REDIS_URL))
    try:
        targets["static"] = static_baseline(server, targets)
        server.stop()
        # WhiteNoise lists STATIC_ROOT at start-up.
        server = Gunicorn(app_env(url, 3600, redis_url=REDIS_URL))
        warm(server, [path for s in ("list", "detail", "api_list") for path in targets[s]])
        targets_file.write_text(json.dumps(targets))
        result["throughput_cached"] = {
            s: locust(server.base, targets_file, s, CONCURRENCY, args.seconds)
            for s in ("list", "detail", "api_list", "static")
        }
        result["peak_memory_cached"] = server.peak_memory()
    finally:
        server.stop()

    # Datasette on the same data (the SQLite file of this size).
    sqlite_file = VAR / f"sqlite-{size}.sqlite3"
    if sqlite_file.exists():
        datasette = Datasette(sqlite_file)
        try:
            targets.update(datasette_targets(datasette.database))
            targets_file.write_text(json.dumps(targets))
            seconds = args.seconds if args.quick else max(args.seconds, DATASETTE_SECONDS)
            result["datasette"] = {
                s: locust(datasette.base, targets_file, s, CONCURRENCY, seconds)
                for s in ("datasette_page", "datasette_json")
            }
            if not args.quick:
                result["datasette_latency"] = {
                    s: locust(datasette.base, targets_file, s, 1, args.seconds)
                    for s in ("datasette_page", "datasette_json")
                }
        finally:
            datasette.stop()
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description="Benchmark the directory (see bench/run.py).")
    parser.add_argument("--quick", action="store_true", help="1k records, 3 s per measurement")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="reuse databases already built in bench/var/")
    parser.add_argument("--name", default=None, help="results file name (default: quick or full)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.seconds, args.reuse = "1000", 3, True
    VAR.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    sizes = [int(size) for size in args.sizes.split(",")]
    engines = args.engines.split(",")
    # SQLite first at every size: Datasette reads its file.
    results = [measure(engine, size, args) for size in sizes for engine in sorted(engines, reverse=True)]
    name = args.name or ("quick" if args.quick else "full")
    (RESULTS / f"{name}.json").write_text(json.dumps({"machine": machine(), "runs": results}, indent=1))
    from bench.report import markdown

    print(markdown({"machine": machine(), "runs": results}))


def machine():
    cpus = os.cpu_count()
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory = next(line.split()[1] for line in meminfo if line.startswith("MemTotal"))
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), "unknown",
    )  # fmt: skip
    return {"cpus": cpus, "cpu": model, "memory_gib": round(int(memory) / 1024 / 1024, 1)}


if __name__ == "__main__":
    main()
