"""Every API response says it depends on the Accept header.

The API answers 406 to an Accept it cannot serve, so a response is only right
for requests with the same Accept. DRF adds ``Vary: Accept`` only for views
with several renderers; this adds it everywhere, for the page cache and for
any shared cache between the API and its clients.
"""

from django.utils.cache import patch_vary_headers
from rest_framework.routers import APIRootView


class VaryOnAccept:
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Accept"])
        return response


class RootView(VaryOnAccept, APIRootView):
    pass
