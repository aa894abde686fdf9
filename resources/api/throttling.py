import logging

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle

from directory.client_address import client_address
from directory.errors import OUTAGE

logger = logging.getLogger(__name__)


class AnonymousRateThrottle(AnonRateThrottle):
    """Anonymous clients by address (directory.client_address), at settings.API_ANON_RATE,
    counted in the "limits" cache, which every worker shares.

    The rate is read per request rather than at import so that a deployment
    (or a test) can change it through settings alone.
    """

    @property
    def cache(self):
        return caches["limits"]

    def get_rate(self):
        return settings.API_ANON_RATE

    def get_ident(self, request):
        return client_address(request)

    def allow_request(self, request, view):
        # Reading is never refused because the counts cannot be reached (Redis restarting):
        # the request is let through and the failure logged.
        try:
            return super().allow_request(request, view)
        except OUTAGE:
            logger.warning("API throttle: the limits cache is unreachable; request allowed", exc_info=True)
            return True
