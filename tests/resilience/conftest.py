"""Helpers for the resilience tests: a real gunicorn server on a loopback port.

These tests restart the local PostgreSQL server and hammer a SQLite file, so
they run only when RUN_RESILIENCE=1: ``make test`` runs them on their own after
the rest of the suite, so that no other test's database connection is cut.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


@pytest.fixture(autouse=True)
def only_when_asked():
    if os.environ.get("RUN_RESILIENCE") != "1":
        pytest.skip(
            "restarts the database server and runs gunicorn: make test runs these last, with RUN_RESILIENCE=1"
        )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="resilience-test-only-key-" + "r" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        API_ANON_RATE="1000000/minute",
    )
    return env


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, check=True, capture_output=True
    )


def get(url, timeout=5):
    """(status, body); status 0 when the server could not be reached."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, b""


class Server:
    def __init__(self, env, workers=2):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(GUNICORN), "directory.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}"],
            cwd=PROJECT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if get(self.base + "/healthz")[0] == 200:
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        try:
            _, errors = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, errors = self.process.communicate()
        return errors.decode(errors="replace")


@pytest.fixture
def serve():
    servers = []

    def start(env, **kwargs):
        server = Server(env, **kwargs)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
