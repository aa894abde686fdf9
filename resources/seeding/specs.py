"""Which fixture file holds which model, and in what order they load.

A fixture is a JSON list of objects whose keys are the model's field names.
Foreign keys and many-to-many fields hold natural keys (slugs; ISO codes for
countries); entries carry their citations inline. Files load in the order
below so that every foreign key points at a record already written; many-to-
many links and citations are written once every record exists.
"""

from dataclasses import dataclass

from resources import models


@dataclass(frozen=True)
class FixtureSpec:
    path: str  # relative to the fixtures directory
    model: type
    kind: str  # the name used in reports
    key: str = "slug"  # the field that identifies a record
    has_citations: bool = False
    text_from_file: bool = False  # sources: the text lives in fixtures/sources/<file_name>

    @property
    def self_reference(self):
        """The foreign key to the same model (parent, supplements), if any."""
        for field in self.model._meta.concrete_fields:
            if field.is_relation and field.related_model is self.model:
                return field.name
        return None


SPECS = [
    FixtureSpec("taxonomy/regions.json", models.Region, "regions"),
    FixtureSpec("taxonomy/countries.json", models.Country, "countries", key="code"),
    FixtureSpec("taxonomy/focus_areas.json", models.FocusArea, "focus areas"),
    FixtureSpec("taxonomy/service_types.json", models.ServiceType, "service types"),
    FixtureSpec("taxonomy/populations.json", models.Population, "populations"),
    FixtureSpec("sources.json", models.Source, "sources", text_from_file=True),
    FixtureSpec("references.json", models.Reference, "references"),
    FixtureSpec("organizations.json", models.Organization, "organizations", has_citations=True),
    FixtureSpec("instruments.json", models.LegalInstrument, "instruments", has_citations=True),
    FixtureSpec("strategies.json", models.Strategy, "strategies", has_citations=True),
    FixtureSpec("services.json", models.SupportService, "services", has_citations=True),
]

# Fields a fixture never sets: bookkeeping the database or the seed owns.
MANAGED_FIELDS = {"id", "created", "modified", "seed_digest", "version", "last_verified"}
# A citation names a source document or a reference (by slug), never both.
CITATION_KEYS = {"source", "reference", "quote", "field", "correction"}


def seedable_fields(model):
    """(scalar and foreign-key fields, many-to-many fields) a fixture may set."""
    scalars = [
        field
        for field in model._meta.concrete_fields
        if field.name not in MANAGED_FIELDS and not field.auto_created
    ]
    many = [field for field in model._meta.many_to_many]
    return scalars, many
