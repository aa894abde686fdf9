"""The page cache is exact across worker processes, with a per-process cache and with Redis."""

import urllib.request

import pytest
import redis

from .conftest import manage, production_env

pytestmark = pytest.mark.resilience

REDIS_URL = "redis://127.0.0.1:6379/15"
RENAME = (
    "from resources.models import Organization;"
    "o = Organization.objects.get(acronym='IOM'); o.name = 'Renamed In Another Process'; o.save()"
)


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers.get("X-Page-Cache"), response.read().decode()


@pytest.mark.parametrize("backend", ["per-process memory", "redis"])
def test_a_write_from_another_process_is_seen_by_every_worker_at_once(serve, tmp_path, backend):
    env = production_env(f"sqlite:///{tmp_path / 'directory.sqlite3'}")
    if backend == "redis":
        redis.Redis.from_url(REDIS_URL).flushdb()
        env["REDIS_URL"] = REDIS_URL
    manage(env, "migrate", "--no-input")
    manage(env, "seed")
    manage(env, "collectstatic", "--no-input")
    server = serve(env, workers=2)
    url = server.base + "/organizations/"

    # Enough requests that both workers have the page cached.
    warm = [fetch(url) for _ in range(30)]
    assert sum(state == "hit" for state, _ in warm) >= 20
    assert all("International Organization for Migration" in body for _, body in warm)

    manage(env, "shell", "-c", RENAME)

    after = [fetch(url) for _ in range(30)]
    assert all("Renamed In Another Process" in body for _, body in after)
    assert after[0][0] == "miss"
