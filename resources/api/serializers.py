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

from resources import kinds, translations
from resources.models import (
    TRANSLATED_FIELDS,
    Citation,
    Country,
    Entry,
    FocusArea,
    LegalInstrument,
    Organization,
    Population,
    Reference,
    Region,
    ServiceType,
    Source,
    Strategy,
    SupportService,
)

# The router basename of each model, for API URLs.
BASENAMES = {
    **{kind.model: kind.key for kind in kinds.KINDS},
    Region: "region",
    Country: "country",
    FocusArea: "focus-area",
    ServiceType: "service-type",
    Population: "population",
    Source: "source",
}


def lookup_value(obj):
    return obj.code.code if isinstance(obj, Country) else obj.slug


def page_lookup(obj):
    """The value that ends a record's page address (a country's code in lower case)."""
    return obj.code.code.lower() if isinstance(obj, Country) else obj.slug


class Addresses:
    """Absolute API and page addresses of records, each kind's reversed once per request
    (a list of 100 records with their related records names hundreds of them)."""

    # A value each endpoint's lookup pattern accepts, cut out of the reversed address.
    MARK = "0lookup0"
    COUNTRY_MARK = "ZZ"

    def __init__(self, request):
        self.request = request
        self.api_patterns, self.page_patterns = {}, {}

    def api(self, obj):
        model = type(obj)
        if model not in self.api_patterns:
            mark = self.COUNTRY_MARK if model is Country else self.MARK
            url = reverse(f"api:{BASENAMES[model]}-detail", args=[mark], request=self.request)
            self.api_patterns[model] = url.rpartition(mark)
        head, _, tail = self.api_patterns[model]
        return f"{head}{lookup_value(obj)}{tail}"

    def page(self, obj):
        model = type(obj)
        if model not in self.page_patterns:
            # The record's own address, with its lookup value (the last place it occurs) cut out.
            head, _, tail = obj.get_absolute_url().rpartition(page_lookup(obj))
            if self.request is not None:
                head = self.request.build_absolute_uri(head)
            self.page_patterns[model] = (head, tail)
        head, tail = self.page_patterns[model]
        return f"{head}{page_lookup(obj)}{tail}"


def addresses(context):
    """The serializer context's Addresses, made on first use."""
    if "addresses" not in context:
        context["addresses"] = Addresses(context.get("request"))
    return context["addresses"]


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
        links = addresses(self.context)
        return {
            "slug": lookup_value(obj),
            "name": str(obj),
            "api_url": links.api(obj),
            "page_url": links.page(obj),
        }


def related(**kwargs):
    return RelatedRecordField(**kwargs)


class LinksMixin(serializers.Serializer):
    api_url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj):
        return addresses(self.context).api(obj)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj):
        return addresses(self.context).page(obj)


class ReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reference
        fields = ["title", "url", "publisher", "published_on", "accessed_on"]


class CitationSerializer(serializers.ModelSerializer):
    source = related(help_text="The source document quoted; null for a reference.")
    reference = ReferenceSerializer(
        read_only=True, allow_null=True, help_text="The public page quoted; null for a source document."
    )
    passage_url = serializers.SerializerMethodField(
        help_text="The passage, highlighted, on the source's page; or the reference's URL."
    )

    class Meta:
        model = Citation
        fields = ["source", "reference", "quote", "field", "correction", "passage_url"]
        extra_kwargs = {
            "correction": {"help_text": "Non-empty when the directory corrects this passage: what and why."}
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_passage_url(self, citation):
        request = self.context.get("request")
        url = citation.get_absolute_url()
        return request.build_absolute_uri(url) if request is not None else url


COVERAGE_HELP = "global when the record names no region or country; else regional or national."
COVERAGE_FIELD = serializers.ChoiceField(choices=["national", "regional", "global"])


def coverage_of(entry):
    """national, regional or global, from the prefetched relations: no query of its own."""
    if entry.countries.all():
        return "national"
    if entry.regions.all():
        return "regional"
    return "global"


ENTRY_FIELDS = [
    "slug",
    "name",
    "summary",
    "description",
    "text_languages",
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


@extend_schema_field(OpenApiTypes.STR)
class TranslatedTextField(serializers.Field):
    """A record's name, summary or description in the response's language
    (resources/translations.py): its translation where there is one, else the English."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, entry):
        return translations.shown(entry, self.field_name, self.context.get("language")).text


TEXT_LANGUAGE = {
    "type": "object",
    "properties": {
        "language": {"type": "string", "description": "The language the text is in: en, ar, zh-hans, ..."},
        "translated": {"type": "boolean", "description": "Whether it is a translation of the English."},
        "reviewed": {
            "type": "boolean",
            "nullable": True,
            "description": "Whether staff have reviewed the translation; null for the English original.",
        },
    },
}
TEXT_LANGUAGES_FIELD = {
    "type": "object",
    "properties": {field: TEXT_LANGUAGE for field in TRANSLATED_FIELDS},
    "description": "For name, summary and description: the language each is given in, and whether "
    "a translation has been reviewed. A field with no translation into the requested language is "
    "given in English.",
}


class EntrySerializer(LinksMixin, serializers.ModelSerializer):
    name = TranslatedTextField()
    summary = TranslatedTextField()
    description = TranslatedTextField()
    text_languages = serializers.SerializerMethodField()
    regions = related(many=True)
    countries = related(many=True)
    focus_areas = related(many=True)
    coverage = serializers.SerializerMethodField(help_text=COVERAGE_HELP)
    citations = CitationSerializer(many=True, read_only=True)
    reference_fields = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Fields whose values are reference knowledge rather than from a cited source.",
    )

    @extend_schema_field(COVERAGE_FIELD)
    def get_coverage(self, entry):
        return coverage_of(entry)

    @extend_schema_field(TEXT_LANGUAGES_FIELD)
    def get_text_languages(self, entry):
        languages = {}
        for field in TRANSLATED_FIELDS:
            shown = translations.shown(entry, field, self.context.get("language"))
            languages[field] = {
                "language": shown.language,
                "translated": shown.translated,
                "reviewed": shown.reviewed if shown.translated else None,
            }
        return languages


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
            *ENTRY_FIELDS[:5],
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
            *ENTRY_FIELDS[5:],
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
            *ENTRY_FIELDS[:5],
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
            *ENTRY_FIELDS[5:],
        ]


class StrategySerializer(EntrySerializer):
    lead_organizations = related(many=True)
    partner_organizations = related(many=True)
    implements = related(many=True)

    class Meta:
        model = Strategy
        fields = [
            *ENTRY_FIELDS[:5],
            "scope",
            "kind",
            "lead_organizations",
            "partner_organizations",
            "implements",
            "start_year",
            "end_year",
            "approaches",
            "outcomes",
            *ENTRY_FIELDS[5:],
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
            *ENTRY_FIELDS[:5],
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
            *ENTRY_FIELDS[5:],
        ]


def list_serializer(detail):
    """A kind's list serializer: its detail serializer without what a list would load a
    query per relation for, the citations and the lists of related entries (every other
    field is the same, from the list selector's rows: resources/selectors.py)."""
    kind = kinds.of(detail.Meta.model)
    dropped = {"citations", *(name for name, model in kind.to_many.items() if model is not None)}
    meta = type("Meta", (detail.Meta,), {"fields": [f for f in detail.Meta.fields if f not in dropped]})
    removed = {name: None for name in dropped if name in detail._declared_fields}
    name = detail.__name__.replace("Serializer", "ListSerializer")
    return type(name, (detail,), {"Meta": meta, "__module__": __name__, **removed})


OrganizationListSerializer = list_serializer(OrganizationSerializer)
LegalInstrumentListSerializer = list_serializer(LegalInstrumentSerializer)
StrategyListSerializer = list_serializer(StrategySerializer)
SupportServiceListSerializer = list_serializer(SupportServiceSerializer)


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
