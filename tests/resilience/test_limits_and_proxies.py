"""Request limits hold across gunicorn workers without Redis, and forwarded headers from an
untrusted address change nothing (real gunicorn, production settings, loopback only)."""

import os
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from .conftest import get, manage, production_env

pytestmark = pytest.mark.resilience

LISTING = {
    "kind": "service",
    "name": "Safe Harbour Line",
    "summary": "A confidential helpline.",
    "website": "https://safe-harbour.example",
    "note": "",
    "explanation": "I called them.",
    "contact": "",
    "homepage": "",
}


def request(url, data=None, headers=None):
    """The status of one request; redirects are not followed (a 303 is the answer)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    body = urllib.parse.urlencode(data).encode() if data is not None else None
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(
            urllib.request.Request(url, data=body, headers=headers or {}), timeout=10
        ) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def server(serve, tmp_path):
    """Two gunicorn workers on the embedded default: SQLite and no Redis."""
    env = production_env(f"sqlite:///{tmp_path / 'directory.sqlite3'}")
    env.update(
        API_ANON_RATE="20/minute",
        SUGGESTION_RATE="5/h",
        DJANGO_LIMITS_CACHE_DIR=str(tmp_path / "limits"),
    )
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    return serve(env, workers=2)


def test_limits_hold_across_workers_without_redis(server):
    suggestions = [request(server.base + "/suggest/listing/", LISTING)[0] for _ in range(10)]
    assert suggestions == [303] * 5 + [429] * 5, suggestions
    # Each URL a different one: a page-cache hit is answered before the throttle counts it.
    api = [request(server.base + f"/api/v1/focus-areas/?page_size={n + 1}")[0] for n in range(30)]
    assert api == [200] * 20 + [429] * 10, api


def test_a_forged_forwarded_address_gets_past_no_limit(server):
    statuses = [
        request(
            server.base + f"/api/v1/focus-areas/?page_size={n + 1}",
            headers={"X-Forwarded-For": f"198.51.100.{n}"},
        )[0]
        for n in range(30)
    ]
    assert statuses.count(200) == 20 and statuses[20:] == [429] * 10, statuses


def test_forwarded_proto_from_an_untrusted_address_is_ignored(server):
    status, body = request(server.base + "/robots.txt", headers={"X-Forwarded-Proto": "https"})
    assert status == 200
    assert f"Sitemap: {server.base}/sitemap.xml" in body.decode()
    assert get(server.base + "/healthz")[0] == 200


def test_a_killed_worker_forgets_no_limit(server):
    """gunicorn starts a new worker; the counts live in files, not in the dead one."""
    statuses = [request(server.base + "/suggest/listing/", LISTING)[0] for _ in range(3)]
    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(server.process.pid)], capture_output=True, text=True, check=True
    ).stdout.split()
    for pid in children:
        os.kill(int(pid), signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and get(server.base + "/healthz")[0] != 200:
        time.sleep(0.2)
    statuses += [request(server.base + "/suggest/listing/", LISTING)[0] for _ in range(4)]
    assert statuses == [303] * 5 + [429] * 2, statuses
