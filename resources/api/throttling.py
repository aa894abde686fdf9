from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """Anonymous clients by address, at settings.API_ANON_RATE, in the default cache.

    The rate is read per request rather than at import so that a deployment
    (or a test) can change it through settings alone.
    """

    def get_rate(self):
        return settings.API_ANON_RATE
