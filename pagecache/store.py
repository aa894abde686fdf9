"""Reads and writes of the cache that keeps pages and counts, surviving its outage.

A cache out of reach (Redis restarting, a full disk under the file cache) is a miss: the
page is computed as if no cache were configured and the failure is logged, so that an
outage of the cache never turns into errors for visitors.
"""

import logging

logger = logging.getLogger(__name__)


def get(cache, key, default=None):
    try:
        return cache.get(key, default)
    except Exception:  # whatever the backend raises when it cannot be reached
        logger.warning("Cache unreachable: reading %s as a miss", key, exc_info=True)
        return default


def put(cache, key, value, timeout):
    try:
        cache.set(key, value, timeout)
    except Exception:  # as above: the value is simply not kept
        logger.warning("Cache unreachable: %s not kept", key, exc_info=True)
