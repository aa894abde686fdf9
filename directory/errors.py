"""Error responses: a database out of reach is a 503 that may be retried, never a 500.

Django sends every uncaught exception, from a view or a middleware, to ``handler500``;
this one answers an outage (the database or Redis refused or dropped the connection) with 503 and
``Retry-After``, JSON for the API, and leaves every other error a 500. The pages it renders
read nothing from the database.
"""

import sys

import redis
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

# A database or Redis restarting or out of reach, or the disk under the file cache failing;
# other database errors are bugs (500).
OUTAGE = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    OSError,
)
RETRY_AFTER_SECONDS = 30


def unavailable(request):
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": gettext("The directory is unavailable for a moment; retry later.")}, status=503
        )
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    if isinstance(sys.exc_info()[1], OUTAGE):
        return unavailable(request)
    return defaults.server_error(request, template_name)
