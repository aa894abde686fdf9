"""The kind registry: one declaration per kind of entry, read by everything that treats
the four kinds alike (pages, API, feeds, sitemaps, suggestions, explore, the read model).

Adding a kind is one ``Kind`` here, its model, and its templates.
"""

from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse
from django.utils.module_loading import import_string

from resources.models import FocusArea, LegalInstrument, Organization, Population, ServiceType, Strategy
from resources.models import SupportService as Service


@dataclass(frozen=True)
class Kind:
    key: str  # in URLs and URL names: /<key>s/, "resources:<key>-list"
    model: type
    singular: str
    plural: str
    api_prefix: str  # /api/v1/<api_prefix>/
    filterset: str  # dotted path (resources.filters imports the models)
    serializer: str  # the API's detail serializer, dotted path
    list_serializer: str  # the API's list serializer, dotted path
    # What a list page, the API list, feeds and exports load with each row.
    list_select: tuple = ()
    list_prefetch: tuple = ("countries", "regions")
    # Read model: the fields that name the entry besides ``name`` (weighted with it in search)
    title_fields: tuple = ()
    # ... its facets held as terms: (facet, choice field) and (facet, many-to-many field, term model)
    choice_terms: tuple = ()
    link_terms: tuple = (("focus_area", "focus_areas", FocusArea),)
    # ... the organizations whose names are part of its search text: (field, facet or "")
    named_organizations: tuple = ()
    # The public text fields anyone may suggest a new value for (suggestions/).
    correctable_fields: tuple = ("name", "summary", "description", "website")
    # Open Referral HSDS: the HSDS object it maps to, if any.
    hsds: str = ""

    def __str__(self):
        return self.key

    @property
    def list_url_name(self):
        return f"resources:{self.key}-list"

    @property
    def detail_url_name(self):
        return f"resources:{self.key}-detail"

    def list_url(self):
        return reverse(self.list_url_name)

    def detail_url_pattern(self):
        """The address of a record with "{}" for its slug: reversed once, not per record."""
        return reverse(self.detail_url_name, args=["slug"]).replace("/slug/", "/{}/")

    @cached_property
    def filterset_class(self):
        return import_string(self.filterset)

    @cached_property
    def serializer_class(self):
        return import_string(self.serializer)

    @cached_property
    def list_serializer_class(self):
        return import_string(self.list_serializer)

    def info(self):
        """What templates show of a kind."""
        return {
            "key": self.key,
            "singular": self.singular,
            "plural": self.plural,
            "list_url": self.list_url(),
        }


def _paths(name):
    return (
        f"resources.filters.{name}Filter",
        f"resources.api.serializers.{name}Serializer",
        f"resources.api.serializers.{name}ListSerializer",
    )


KINDS = (
    Kind(
        "organization",
        Organization,
        "Organization",
        "Organizations",
        "organizations",
        *_paths("Organization"),
        list_select=("headquarters_country",),
        title_fields=("acronym", "aliases"),
        choice_terms=(("kind", "kind"),),
        hsds="organization",
    ),
    Kind(
        "instrument",
        LegalInstrument,
        "Legal instrument",
        "Legal instruments",
        "instruments",
        *_paths("LegalInstrument"),
        title_fields=("short_title", "aliases"),
        choice_terms=(("kind", "kind"), ("scope", "scope")),
    ),
    Kind(
        "strategy",
        Strategy,
        "Strategy",
        "Strategies",
        "strategies",
        *_paths("Strategy"),
        choice_terms=(("kind", "kind"), ("scope", "scope")),
        named_organizations=(("lead_organizations", ""),),
    ),
    Kind(
        "service",
        Service,
        "Support service",
        "Support services",
        "services",
        *_paths("SupportService"),
        list_select=("provider",),
        list_prefetch=("countries", "regions", "service_types"),
        link_terms=(
            ("focus_area", "focus_areas", FocusArea),
            ("service_type", "service_types", ServiceType),
            ("population", "populations", Population),
        ),
        named_organizations=(("provider", "provider"),),
        correctable_fields=(
            "name",
            "summary",
            "description",
            "website",
            "phone",
            "sms",
            "email",
            "contact_url",
            "hours",
            "languages",
            "cost",
            "eligibility",
        ),
        hsds="service",
    ),
)

BY_KEY = {kind.key: kind for kind in KINDS}
BY_MODEL = {kind.model: kind for kind in KINDS}


def of(model_or_instance):
    """The Kind of a model, an instance or a queryset's model."""
    model = getattr(model_or_instance, "model", None) or model_or_instance
    if not isinstance(model, type):
        model = type(model)
    return BY_MODEL[model]
