"""JSON representations of the directory's records.

Every field is listed explicitly: the field names are part of the API's
contract (docs/api.md). A related record is always the same small object,
{slug, name, api_url, page_url}; a related entry that is not published is
left out (or null), so that nothing unpublished leaks through a relation.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from resources.models import (
    Citation,
    Country,
    Entry,
    FocusArea,
    LegalInstrument,
    Organization,
    Population,
    Region,
    ServiceType,
    Source,
    Strategy,
    SupportService,
)

# The router basename of each model, for API URLs.
BASENAMES = {
    Organization: "organization",
    LegalInstrument: "instrument",
    Strategy: "strategy",
    SupportService: "service",
    Region: "region",
    Country: "country",
    FocusArea: "focus-area",
    ServiceType: "service-type",
    Population: "population",
    Source: "source",
}


def lookup_value(obj):
    return obj.code.code if isinstance(obj, Country) else obj.slug


def api_url(obj, request):
    return reverse(f"api:{BASENAMES[type(obj)]}-detail", args=[lookup_value(obj)], request=request)


def page_url(obj, request):
    url = obj.get_absolute_url()
    return request.build_absolute_uri(url) if request is not None else url


class RelatedRecordSerializer(serializers.Serializer):
    """The documented shape of a related record (used by the schema)."""

    slug = serializers.CharField(help_text="The record's slug; for a country, its ISO 3166-1 alpha-2 code.")
    name = serializers.CharField()
    api_url = serializers.URLField()
    page_url = serializers.URLField()


@extend_schema_field(RelatedRecordSerializer)
class RelatedRecordField(serializers.RelatedField):
    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        if isinstance(obj, Entry) and not obj.is_published:
            return None
        request = self.context.get("request")
        return {
            "slug": lookup_value(obj),
            "name": str(obj),
            "api_url": api_url(obj, request),
            "page_url": page_url(obj, request),
        }


def related(**kwargs):
    return RelatedRecordField(**kwargs)


class LinksMixin(serializers.Serializer):
    api_url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj):
        return api_url(obj, self.context.get("request"))

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj):
        return page_url(obj, self.context.get("request"))


class CitationSerializer(serializers.ModelSerializer):
    source = related()
    passage_url = serializers.SerializerMethodField(
        help_text="The passage, highlighted, on the source's page."
    )

    class Meta:
        model = Citation
        fields = ["source", "quote", "field", "correction", "passage_url"]
        extra_kwargs = {
            "correction": {"help_text": "Non-empty when the directory corrects this passage: what and why."}
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_passage_url(self, citation):
        request = self.context.get("request")
        url = citation.get_absolute_url()
        return request.build_absolute_uri(url) if request is not None else url


ENTRY_FIELDS = [
    "slug",
    "name",
    "summary",
    "description",
    "regions",
    "countries",
    "focus_areas",
    "coverage",
    "website",
    "reference_fields",
    "reference_note",
    "last_verified",
    "verification_note",
    "citations",
    "created",
    "modified",
    "api_url",
    "page_url",
]


class EntrySerializer(LinksMixin, serializers.ModelSerializer):
    regions = related(many=True)
    countries = related(many=True)
    focus_areas = related(many=True)
    coverage = serializers.SerializerMethodField(
        help_text="global when the record names no region or country; else regional or national."
    )
    citations = CitationSerializer(many=True, read_only=True)
    reference_fields = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Fields whose values are reference knowledge rather than from a cited source.",
    )

    @extend_schema_field(serializers.ChoiceField(choices=["national", "regional", "global"]))
    def get_coverage(self, entry):
        # Uses the prefetched relations: no query of its own.
        if entry.countries.all():
            return "national"
        if entry.regions.all():
            return "regional"
        return "global"


class OrganizationSerializer(EntrySerializer):
    headquarters_country = related()
    parent = related()
    parts = related(many=True)
    adopted_instruments = related(many=True)
    custodian_of = related(many=True)
    led_strategies = related(many=True)
    partner_strategies = related(many=True)
    services = related(many=True)

    class Meta:
        model = Organization
        fields = [
            *ENTRY_FIELDS[:4],
            "acronym",
            "aliases",
            "kind",
            "founded_year",
            "headquarters_country",
            "parent",
            "parts",
            "adopted_instruments",
            "custodian_of",
            "led_strategies",
            "partner_strategies",
            "services",
            *ENTRY_FIELDS[4:],
        ]


class LegalInstrumentSerializer(EntrySerializer):
    adopting_body = related()
    custodians = related(many=True)
    supplements = related()
    supplemented_by = related(many=True)
    implemented_by = related(many=True)

    class Meta:
        model = LegalInstrument
        fields = [
            *ENTRY_FIELDS[:4],
            "short_title",
            "aliases",
            "kind",
            "scope",
            "adopting_body",
            "custodians",
            "adopted_year",
            "adopted_on",
            "entry_into_force_year",
            "entry_into_force_on",
            "supplements",
            "supplemented_by",
            "implemented_by",
            "official_text_url",
            *ENTRY_FIELDS[4:],
        ]


class StrategySerializer(EntrySerializer):
    lead_organizations = related(many=True)
    partner_organizations = related(many=True)
    implements = related(many=True)

    class Meta:
        model = Strategy
        fields = [
            *ENTRY_FIELDS[:4],
            "scope",
            "kind",
            "lead_organizations",
            "partner_organizations",
            "implements",
            "start_year",
            "end_year",
            "approaches",
            "outcomes",
            *ENTRY_FIELDS[4:],
        ]


class SupportServiceSerializer(EntrySerializer):
    provider = related()
    service_types = related(many=True)
    populations = related(many=True)
    address = serializers.CharField(
        source="public_address",
        read_only=True,
        help_text="Empty when the address is confidential (shelters): it is never published.",
    )

    class Meta:
        model = SupportService
        fields = [
            *ENTRY_FIELDS[:4],
            "provider",
            "service_types",
            "populations",
            "open_to_victims",
            "delivers_in_person",
            "delivers_by_phone",
            "delivers_by_sms",
            "delivers_online",
            "phone",
            "sms",
            "email",
            "contact_url",
            "hours",
            "is_24_7",
            "languages",
            "cost",
            "eligibility",
            "address",
            *ENTRY_FIELDS[4:],
        ]


class RegionSerializer(LinksMixin, serializers.ModelSerializer):
    parent = related()
    children = related(many=True)
    members = related(many=True)

    class Meta:
        model = Region
        fields = ["slug", "name", "kind", "m49_code", "parent", "children", "members", "description"]
        fields += ["api_url", "page_url"]


class CountrySerializer(LinksMixin, serializers.ModelSerializer):
    code = serializers.CharField(source="code.code", read_only=True, help_text="ISO 3166-1 alpha-2.")
    name = serializers.CharField(read_only=True)
    region = related()
    groupings = related(many=True)

    class Meta:
        model = Country
        fields = ["code", "name", "region", "groupings", "api_url", "page_url"]


class TaxonomyTermSerializer(LinksMixin, serializers.ModelSerializer):
    class Meta:
        fields = ["slug", "name", "description", "position", "api_url", "page_url"]


class FocusAreaSerializer(TaxonomyTermSerializer):
    class Meta(TaxonomyTermSerializer.Meta):
        model = FocusArea


class ServiceTypeSerializer(TaxonomyTermSerializer):
    class Meta(TaxonomyTermSerializer.Meta):
        model = ServiceType


class PopulationSerializer(TaxonomyTermSerializer):
    class Meta(TaxonomyTermSerializer.Meta):
        model = Population


class SourceSerializer(LinksMixin, serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = [
            "slug",
            "title",
            "title_is_editorial",
            "is_ai_generated",
            "ai_notice",
            "assessment",
            "text",
            "created",
            "modified",
            "api_url",
            "page_url",
        ]
