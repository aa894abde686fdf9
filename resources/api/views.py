"""The read-only JSON API: published records only, for every client."""

from django.utils import translation
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework import viewsets
from rest_framework.response import Response

from resources import kinds, selectors
from resources.models import (
    Country,
    FocusArea,
    Population,
    Region,
    ServiceType,
    Source,
)
from resources.readmodel import changes
from resources.relations import with_public_relations

from . import exports
from . import serializers as s
from .filtering import ModifiedSinceFilter, RecordFilterBackend, with_search_alias
from .negotiation import CacheKeys

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"

ERROR_RESPONSE = OpenApiResponse(
    response={
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "example": {"page": ["There are 3 pages."]},
    },
    description="A query parameter is invalid: the body maps each bad parameter to its errors.",
)
NOT_FOUND = OpenApiResponse(
    response=inline_serializer("NotFound", fields={"detail": drf_serializers.CharField()}),
    description="No published record with that key.",
)
THROTTLED = OpenApiResponse(
    response=inline_serializer("Throttled", fields={"detail": drf_serializers.CharField()}),
    description="Too many requests; retry after the number of seconds in Retry-After.",
)


class ReadOnlyViewSet(CacheKeys, viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        return self.queryset.all()


class EntryViewSet(ReadOnlyViewSet):
    """Shared by the four kinds: filters, ordering, Last-Modified, exports."""

    filter_backends = [RecordFilterBackend, ModifiedSinceFilter]

    kind = None

    def get_queryset(self):
        # The list selector's order; the FilterSet's `ordering` parameter replaces it.
        queryset = selectors.published(self.kind)
        if self.action == "list":
            return queryset  # filtered, then read a page at a time (paginate_queryset)
        # One record, or an export in the detail endpoint's shape: every relation.
        return with_public_relations(queryset)

    def paginate_queryset(self, queryset):
        # The FilterSet's count is the list's unless modified_since narrowed it further.
        filterset = getattr(self, "filterset", None)
        narrowed = ModifiedSinceFilter.param in self.request.query_params
        kept = filterset is not None and not narrowed
        count, share = (filterset.total, filterset.share) if kept else (None, None)
        return super().paginate_queryset(selectors.listing(queryset, count, share))

    def get_serializer_context(self):
        # The exports are streamed after the view returns, outside the request's language.
        return {**super().get_serializer_context(), "language": translation.get_language()}

    def get_serializer_class(self):
        return self.kind.list_serializer_class if self.action == "list" else self.kind.serializer_class

    @property
    def model(self):
        return self.kind.model

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        # Published records only, and records leaving the public view; never a draft.
        latest = changes.latest(self.kind)
        if latest is not None:
            response["Last-Modified"] = http_date(latest.timestamp())
        return response

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        response["Last-Modified"] = http_date(instance.modified.timestamp())
        return response

    @extend_schema(
        summary="Export the filtered list as CSV",
        description="Every record the same query parameters select (not paginated), streamed as CSV.",
        filters=True,
        responses={(200, "text/csv"): OpenApiTypes.STR, 400: ERROR_RESPONSE, 429: THROTTLED},
    )
    def export_csv(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        return exports.csv_response(queryset, self.get_serializer_class(), self.get_serializer_context())

    @extend_schema(
        summary="Export as NDJSON",
        description=(
            "One JSON object per line, in the same shape as the detail endpoint, for bulk consumers. "
            "Without parameters, the whole kind; the list's parameters narrow it. Streamed."
        ),
        filters=True,
        responses={(200, "application/x-ndjson"): OpenApiTypes.STR, 400: ERROR_RESPONSE, 429: THROTTLED},
    )
    def export_ndjson(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        return exports.ndjson_response(queryset, self.get_serializer_class(), self.get_serializer_context())


LIST_RESPONSES = {400: ERROR_RESPONSE, 429: THROTTLED}
DETAIL_RESPONSES = {404: NOT_FOUND, 429: THROTTLED}


def documented(kind):
    return extend_schema_view(
        list=extend_schema(summary=f"List published {kind}", responses=LIST_RESPONSES),
        retrieve=extend_schema(summary=f"One published record of {kind}", responses=DETAIL_RESPONSES),
    )


def entry_viewset(kind):
    """The read-only endpoints of one kind (resources/kinds.py)."""
    attributes = {
        "kind": kind,
        "serializer_class": kind.serializer_class,
        "filterset_class": with_search_alias(kind.filterset_class),
        "__doc__": f"Published {kind.plural.lower()}.",
    }
    viewset = type(f"{kind.model.__name__}ViewSet", (EntryViewSet,), attributes)
    return documented(kind.plural.lower())(viewset)


ENTRY_VIEWSETS = {kind.key: entry_viewset(kind) for kind in kinds.KINDS}


@documented("regions")
class RegionViewSet(ReadOnlyViewSet):
    serializer_class = s.RegionSerializer
    queryset = Region.objects.select_related("parent").prefetch_related("children", "members")


@documented("countries")
class CountryViewSet(ReadOnlyViewSet):
    serializer_class = s.CountrySerializer
    queryset = Country.objects.select_related("region").prefetch_related("groupings")
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z]{2}"

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()


@documented("focus areas")
class FocusAreaViewSet(ReadOnlyViewSet):
    serializer_class = s.FocusAreaSerializer
    queryset = FocusArea.objects.all()


@documented("service types")
class ServiceTypeViewSet(ReadOnlyViewSet):
    serializer_class = s.ServiceTypeSerializer
    queryset = ServiceType.objects.all()


@documented("populations")
class PopulationViewSet(ReadOnlyViewSet):
    serializer_class = s.PopulationSerializer
    queryset = Population.objects.all()


@documented("sources")
class SourceViewSet(ReadOnlyViewSet):
    serializer_class = s.SourceSerializer
    queryset = Source.objects.all()
