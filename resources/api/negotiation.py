"""What every API response depends on: the Accept and Accept-Language headers and its known
query parameters.

The API answers 406 to an Accept it cannot serve, so a response is only right
for requests with the same Accept. DRF adds ``Vary: Accept`` only for views
with several renderers; this adds it everywhere, for the page cache and for
any shared cache between the API and its clients.

Its language is chosen by ``?lang=`` or ``Accept-Language`` (directory/languages.py): error
messages and labels come in it, ``Content-Language`` names it, and ``Vary: Accept-Language``
says so. A ``lang`` that is not one of the directory's languages is a 400.

The page cache stores a response only when its request has no query parameter
other than the view's own (its filters, its pagination, DRF's ``format``, ``lang``).
"""

from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import ValidationError
from rest_framework.routers import APIRootView
from rest_framework.settings import api_settings

from directory.languages import API_PARAMETER, codes
from pagecache.middleware import uses_parameters


class CacheKeys:
    # A view's own, besides its FilterSet's, its filter backends' (``param``) and its paginator's.
    query_parameters = ()

    def initial(self, request, *args, **kwargs):
        # Before the handler: the kept counts are keyed by these parameters too.
        super().initial(request, *args, **kwargs)
        uses_parameters(request._request, *self.known_parameters())
        language = request.query_params.get(API_PARAMETER)
        if language is not None and language not in codes():
            message = _("Not a language of this directory: choose one of %(languages)s.")
            raise ValidationError({API_PARAMETER: [message % {"languages": ", ".join(codes())}]})

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Accept", "Accept-Language"])
        return response

    def known_parameters(self):
        names = [api_settings.URL_FORMAT_OVERRIDE, API_PARAMETER, *self.query_parameters]
        if getattr(self, "detail", False):  # one record: no filters, no pages
            return names
        names += [
            backend.param for backend in getattr(self, "filter_backends", ()) if hasattr(backend, "param")
        ]
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            names += filterset_class.base_filters
        paginator = getattr(self, "paginator", None)
        if paginator is not None:
            names += [paginator.page_query_param, paginator.page_size_query_param]
        return names


class RootView(CacheKeys, APIRootView):
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # The Open Referral HSDS 3.0 API (resources/hsds_api/, docs/api.md) beside this one:
        # in the body with the other endpoints, and as a Link header.
        hsds = request.build_absolute_uri(reverse("hsds:root"))
        response.data["hsds"] = hsds
        response["Link"] = f'<{hsds}>; rel="alternate"; title="Open Referral HSDS 3.0 API"'
        return response


class SchemaView(CacheKeys, SpectacularAPIView):
    """The OpenAPI schema, in the language asked for (its labels and help texts are
    translated), cached per language like every other response."""
