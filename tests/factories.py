"""factory_boy factories for every model the tests build.

The page cache's ``DataVersion`` has none: it is one row the application writes itself.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from resources import models
from suggestions.models import Suggestion


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    kind = models.Region.Kind.SUB_REGION


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Country
        django_get_or_create = ("code",)

    code = "TH"
    region = factory.SubFactory(RegionFactory)


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FocusArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Focus {n}")
    slug = factory.Sequence(lambda n: f"focus-{n}")


class ServiceTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ServiceType
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Service type {n}")
    slug = factory.Sequence(lambda n: f"service-type-{n}")


class PopulationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Population
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Population {n}")
    slug = factory.Sequence(lambda n: f"population-{n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source

    title = factory.Sequence(lambda n: f"Source {n}")
    slug = factory.Sequence(lambda n: f"source-{n}")
    file_name = factory.LazyAttribute(lambda o: f"{o.slug}.txt")
    text = "Anti-trafficking work needs\nprevention, protection and prosecution. Partnerships help."
    is_ai_generated = True


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    name = factory.Sequence(lambda n: f"Entry {n}")
    slug = factory.Sequence(lambda n: f"entry-{n}")
    summary = "A short summary."
    status = models.Entry.Status.PUBLISHED


class OrganizationFactory(EntryFactory):
    class Meta:
        model = models.Organization

    kind = models.Organization.Kind.NGO


class LegalInstrumentFactory(EntryFactory):
    class Meta:
        model = models.LegalInstrument

    kind = models.LegalInstrument.Kind.CONVENTION
    scope = models.LegalInstrument.Scope.INTERNATIONAL
    adopted_year = 2000


class StrategyFactory(EntryFactory):
    class Meta:
        model = models.Strategy

    scope = models.Strategy.Scope.REGIONAL
    kind = models.Strategy.Kind.PLAN_OF_ACTION


class SupportServiceFactory(EntryFactory):
    class Meta:
        model = models.SupportService

    provider = factory.SubFactory(OrganizationFactory)


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Citation

    source = factory.SubFactory(SourceFactory)
    quote = "prevention, protection and prosecution"
    entry = factory.SubFactory(OrganizationFactory)


ENTRY_FACTORIES = {
    models.Organization: OrganizationFactory,
    models.LegalInstrument: LegalInstrumentFactory,
    models.Strategy: StrategyFactory,
    models.SupportService: SupportServiceFactory,
}


class FormerSlugFactory(factory.django.DjangoModelFactory):
    """A slug ``entry`` gave up."""

    class Meta:
        model = models.FormerSlug
        exclude = ("entry",)

    entry = factory.SubFactory(OrganizationFactory)
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.entry))
    object_id = factory.SelfAttribute("entry.pk")
    slug = factory.Sequence(lambda n: f"former-{n}")


class CorrectionFactory(factory.django.DjangoModelFactory):
    """A pending public correction of ``entry``: ``CorrectionFactory(entry=org, proposed_changes={...})``."""

    class Meta:
        model = Suggestion
        exclude = ("entry",)

    entry = factory.SubFactory(OrganizationFactory)
    kind = Suggestion.Kind.CORRECTION
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.entry))
    object_id = factory.SelfAttribute("entry.pk")
    proposed_changes = factory.LazyFunction(dict)
    explanation = "Because."


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user-{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw")


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Reference

    slug = factory.Sequence(lambda n: f"reference-{n}")
    title = factory.Sequence(lambda n: f"A public page {n}")
    url = factory.Sequence(lambda n: f"https://example.org/page-{n}")
    publisher = "Example publisher"
    accessed_on = datetime.date(2026, 12, 1)


def make_publishable(entry, **contact):
    """Give ``entry`` what publishing asks for: a focus area, a coverage decision, a citation,
    and for a service a provider and a contact channel (``contact`` overrides the phone)."""
    entry.focus_areas.add(FocusAreaFactory())
    entry.is_global = not (entry.regions.exists() or entry.countries.exists())
    if isinstance(entry, models.SupportService):
        entry.provider = entry.provider or OrganizationFactory()
        for name, value in (contact or {"phone": "+18883737888"}).items():
            setattr(entry, name, value)
    entry.save()
    CitationFactory(entry=entry, source=SourceFactory())
    return entry
