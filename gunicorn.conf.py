"""gunicorn's settings for the directory, read from the project directory (docs/operations.md).

gunicorn believes X-Forwarded-Proto (and -Ssl, -Protocol) from the addresses in
``forwarded_allow_ips``, by default 127.0.0.1: any local process could then make the
application build https:// addresses it is not serving. Here no address is trusted unless
FORWARDED_ALLOW_IPS lists the reverse proxies' addresses (comma-separated), the same
proxies DJANGO_TRUSTED_PROXIES counts. Django decides https by itself from
DJANGO_SECURE_PROXY_SSL_HEADER.
"""

import os

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "")
