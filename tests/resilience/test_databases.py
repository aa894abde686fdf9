"""The app keeps serving through a PostgreSQL restart and SQLite write contention."""

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis

from .conftest import PROJECT, get, manage, production_env

pytestmark = pytest.mark.resilience

PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/directory_resilience"
REDIS_URL = "redis://127.0.0.1:6379/14"


def psql(sql):
    subprocess.run(["psql", PG_ADMIN_URL, "-qc", sql], check=True, capture_output=True)


def restart_postgresql():
    version = sorted(path.name for path in Path("/etc/postgresql").iterdir())[0]
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"]
    subprocess.run(command, check=True, capture_output=True)


def test_postgresql_restart_is_survived_without_restarting_the_app(serve):
    psql("DROP DATABASE IF EXISTS directory_resilience")
    psql("CREATE DATABASE directory_resilience")
    try:
        # The page cache in Redis, as a deployment with several workers keeps it: every
        # worker then has the pages any of them cached (without Redis, each its own).
        env = {**production_env(PG_URL), "REDIS_URL": REDIS_URL}
        redis.Redis.from_url(REDIS_URL).flushdb()
        manage(env, "migrate", "--no-input")
        manage(env, "seed")
        manage(env, "collectstatic", "--no-input")
        server = serve(env)
        # Cached before the restart: served (stale) while the database is down.
        assert get(server.base + "/organizations/")[0] == 200

        # Requests all through the restart, not only after it.
        restart = threading.Thread(target=restart_postgresql)
        restart.start()
        statuses, cached_statuses = [], []
        while restart.is_alive():
            # An undeclared parameter: answered, never stored, so never served stale.
            statuses.append(get(server.base + "/instruments/?uncached=1")[0])
            cached_statuses.append(get(server.base + "/organizations/")[0])
        restart.join()
        restarted = time.monotonic()
        while time.monotonic() - restarted < 20:
            status = get(server.base + "/instruments/?uncached=1")[0]
            statuses.append(status)
            if status == 200:
                break
            time.sleep(0.1)
        recovered_after = time.monotonic() - restarted
        assert statuses[-1] == 200, statuses
        assert recovered_after < 5, recovered_after
        # Never a 500: while it was down, a 503 (or no answer while the worker reconnected).
        assert set(statuses) <= {200, 503, 0}, statuses
        assert set(cached_statuses) <= {200, 0}, cached_statuses
        # And it stays up: every request after recovery succeeds.
        assert all(get(server.base + url)[0] == 200 for url in ("/", "/readyz", "/api/v1/strategies/") * 5)
    finally:
        psql("DROP DATABASE IF EXISTS directory_resilience WITH (FORCE)")


def test_sqlite_readers_and_a_writer_never_meet_a_locked_database(serve, tmp_path):
    database = tmp_path / "directory.sqlite3"
    env = production_env(f"sqlite:///{database}")
    manage(env, "migrate", "--no-input")
    manage(env, "seed")
    manage(env, "collectstatic", "--no-input")
    server = serve(env, workers=2)

    failures, done = [], threading.Event()

    def read():
        while not done.is_set():
            for url in ("/organizations/", "/api/v1/organizations/", "/search/?q=trafficking"):
                status, body = get(server.base + url, timeout=20)
                if status != 200:
                    failures.append((url, status, body[:200]))

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    # The writer: 200 committed updates from another process, while the readers read.
    writer = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from resources.models import Organization\n"
            "for n in range(200):\n"
            "    Organization.objects.filter(acronym='IOM').update(verification_note=f'check {n}')\n",
        ],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    done.set()
    for reader in readers:
        reader.join(timeout=60)
    assert writer.returncode == 0, writer.stderr
    assert "locked" not in writer.stderr
    assert failures == []


def test_thirty_two_clients_for_thirty_seconds_get_no_server_error(serve):
    """A load check on PostgreSQL: list pages and the API, 32 clients, loopback only."""
    psql("DROP DATABASE IF EXISTS directory_resilience")
    psql("CREATE DATABASE directory_resilience")
    try:
        env = {**production_env(PG_URL), "API_ANON_RATE": "1000000/minute"}
        manage(env, "migrate", "--no-input")
        manage(env, "seed")
        manage(env, "collectstatic", "--no-input")
        server = serve(env, workers=2)
        urls = [
            "/organizations/",
            "/services/?country=TH",
            "/strategies/?focus_area=protection",
            "/instruments/?page=1",
            "/api/v1/organizations/",
            "/api/v1/services/?country=TH",
            "/api/v1/strategies/?page_size=50",
        ]
        statuses, lock = [], threading.Lock()
        deadline = time.monotonic() + 30

        def client(n):
            i = n
            while time.monotonic() < deadline:
                status = get(server.base + urls[i % len(urls)], timeout=30)[0]
                with lock:
                    statuses.append(status)
                i += 1

        clients = [threading.Thread(target=client, args=(n,)) for n in range(32)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join(timeout=60)
        assert statuses, "no request finished"
        server_errors = [status for status in statuses if status >= 500]
        assert server_errors == [], f"{len(server_errors)} of {len(statuses)} were 5xx"
        assert statuses.count(200) == len(statuses), {s: statuses.count(s) for s in set(statuses)}
    finally:
        psql("DROP DATABASE IF EXISTS directory_resilience WITH (FORCE)")
