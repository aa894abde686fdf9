"""The client's address, the one rule for every limit: the API throttle, the suggestion
rate limit and the admin's login lockout (django-axes).

``settings.TRUSTED_PROXIES`` (``DJANGO_TRUSTED_PROXIES``) is the number of reverse proxies
in front of the application, each of which appends the address it received the request
from to ``X-Forwarded-For``. With none (the default) the address is ``REMOTE_ADDR`` and the
header is ignored: anyone can write it. With ``n`` proxies the client is the ``n``-th address
from the right, the one the outermost proxy saw; what stands to its left came from the
client and is not believed. When that is not an IP address (``unknown``, an address with
a port, or fewer addresses than proxies, so that the client wrote it), the address is
``REMOTE_ADDR``: the limits and the lockout store and compare addresses.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
