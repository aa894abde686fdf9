"""The kind registry: one declaration per kind of entry, read by everything that treats
the four kinds alike (pages, API, feeds, sitemaps, suggestions, explore, the read model).

Adding a kind is one ``Kind`` here, its model, and its templates.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from resources.models import FocusArea, LegalInstrument, Organization, Population, ServiceType, Strategy
from resources.models import SupportService as Service


@dataclass(frozen=True)
class Kind:
    key: str  # in URLs and URL names: /<key>s/, "resources:<key>-list"
    model: type
    singular: str
    plural: str
    path: str  # its pages' and API endpoints' path: /<path>/, /api/v1/<path>/
    filterset: str  # dotted path (resources.filters imports the models)
    serializer: str  # the API's detail serializer, dotted path
    list_serializer: str  # the API's list serializer, dotted path
    # What a list page, the API list and exports load with each row (resources/selectors.py).
    list_select: tuple = ()
    list_prefetch: tuple = ("countries", "regions", "focus_areas")
    # What a record links to: to-one relations (joined; shown only when published) and
    # to-many ones ({name: the entry model it holds, or None for taxonomy}; loaded with
    # their published records only). resources/relations.py loads them.
    to_one: tuple = ()
    to_many: dict = field(default_factory=dict)
    # The relationship diagram: [(relation, label, "out" if this record names the other,
    # "in" if the other names it)] (resources/visuals/relationships.py).
    diagram: tuple = ()
    # Whether its list page shows the timeline (resources/visuals/timeline.py).
    timeline: bool = False
    # Read model: the fields that name the entry besides ``name`` (weighted with it in search)
    title_fields: tuple = ()
    # ... its facets held as terms: (facet, choice field) and (facet, many-to-many field, term model)
    choice_terms: tuple = ()
    link_terms: tuple = (("focus_area", "focus_areas", FocusArea),)
    # ... the organizations whose names are part of its search text: (field, facet or "")
    named_organizations: tuple = ()
    # ... the boolean field that makes a record help a victim can contact themselves, listed
    # where the site offers help (resources/help.py); "" for a kind that is never help.
    help_field: str = ""
    # The public text fields anyone may suggest a new value for (suggestions/).
    correctable_fields: tuple = ("name", "summary", "description", "website")

    def __str__(self):
        return self.key

    @property
    def list_url_name(self):
        return f"resources:{self.key}-list"

    @property
    def detail_url_name(self):
        return f"resources:{self.key}-detail"

    @property
    def public_to_one(self):
        """The to-one relations that are entries (checked with ``public()`` before display)."""
        return tuple(
            name for name in self.to_one if self.model._meta.get_field(name).related_model in BY_MODEL
        )

    @property
    def kept_facets(self):
        """The facets whose counts the read model keeps (resources/readmodel/tallies.py):
        all but the organizations named, which can be thousands of values."""
        return (
            *(facet for facet, _ in self.choice_terms),
            *(facet for facet, _, _ in self.link_terms),
        )

    def list_url(self):
        return reverse(self.list_url_name)

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
        _("Organization"),
        _("Organizations"),
        "organizations",
        *_paths("Organization"),
        list_select=("headquarters_country", "parent"),
        to_one=("headquarters_country", "parent"),
        to_many={
            "parts": Organization,
            "adopted_instruments": LegalInstrument,
            "custodian_of": LegalInstrument,
            "led_strategies": Strategy,
            "partner_strategies": Strategy,
            "services": Service,
        },
        diagram=(
            ("parent", _("Part of"), "out"),
            ("parts", _("Has as a part"), "in"),
            ("adopted_instruments", _("Adopted"), "in"),
            ("custodian_of", _("Promotes or monitors"), "in"),
            ("led_strategies", _("Leads"), "in"),
            ("partner_strategies", _("Partner in"), "in"),
            ("services", _("Provides"), "in"),
        ),
        title_fields=("acronym", "aliases"),
        choice_terms=(("kind", "kind"),),
    ),
    Kind(
        "instrument",
        LegalInstrument,
        _("Legal instrument"),
        _("Legal instruments"),
        "instruments",
        *_paths("LegalInstrument"),
        list_select=("adopting_body", "supplements"),
        to_one=("adopting_body", "supplements"),
        to_many={"custodians": Organization, "supplemented_by": LegalInstrument, "implemented_by": Strategy},
        diagram=(
            ("adopting_body", _("Adopted by"), "out"),
            ("supplements", _("Supplements"), "out"),
            ("custodians", _("Promoted or monitored by"), "out"),
            ("supplemented_by", _("Supplemented by"), "in"),
            ("implemented_by", _("Implemented by"), "in"),
        ),
        timeline=True,
        title_fields=("short_title", "aliases"),
        choice_terms=(("kind", "kind"), ("scope", "scope")),
    ),
    Kind(
        "strategy",
        Strategy,
        _("Strategy"),
        _("Strategies"),
        "strategies",
        *_paths("Strategy"),
        to_many={
            "lead_organizations": Organization,
            "partner_organizations": Organization,
            "implements": LegalInstrument,
        },
        diagram=(
            ("lead_organizations", _("Led by"), "out"),
            ("partner_organizations", _("Partners"), "out"),
            ("implements", _("Implements"), "out"),
        ),
        choice_terms=(("kind", "kind"), ("scope", "scope")),
        named_organizations=(("lead_organizations", ""),),
    ),
    Kind(
        "service",
        Service,
        _("Support service"),
        _("Support services"),
        "services",
        *_paths("SupportService"),
        list_select=("provider",),
        list_prefetch=("countries", "regions", "focus_areas", "service_types", "populations"),
        to_one=("provider",),
        to_many={"service_types": None, "populations": None},
        diagram=(("provider", _("Provided by"), "out"),),
        link_terms=(
            ("focus_area", "focus_areas", FocusArea),
            ("service_type", "service_types", ServiceType),
            ("population", "populations", Population),
        ),
        named_organizations=(("provider", "provider"),),
        help_field="open_to_victims",
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
