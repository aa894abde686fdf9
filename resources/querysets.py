"""Visibility and coverage rules, in one place for views, API, admin and feeds."""

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When


class Coverage(models.TextChoices):
    NATIONAL = "national", "National"
    REGIONAL = "regional", "Regional"
    GLOBAL = "global", "Global"


class EntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def visible_to(self, user):
        """Everything for staff; published records for everyone else."""
        if user is not None and user.is_active and user.is_staff:
            return self
        return self.published()

    def _through(self, field_name):
        field = self.model._meta.get_field(field_name)
        return field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name()

    def covering(self, country):
        """Entries that apply in ``country``, each annotated with ``coverage``.

        National: the entry names the country. Regional: it names a region the
        country lies in (any M49 level, or a grouping it belongs to). Global: it
        names no region and no country at all.
        """
        country_through, entry_fk, country_fk = self._through("countries")
        region_through, _, region_fk = self._through("regions")
        entry_countries = country_through.objects.filter(**{entry_fk: OuterRef("pk")})
        entry_regions = region_through.objects.filter(**{entry_fk: OuterRef("pk")})

        national = Exists(entry_countries.filter(**{country_fk: country.pk}))
        regional = Exists(entry_regions.filter(**{f"{region_fk}__in": country.covering_region_ids()}))
        is_global = ~Exists(entry_countries) & ~Exists(entry_regions)
        return self.filter(Q(national) | Q(regional) | Q(is_global)).annotate(
            coverage=Case(
                When(national, then=Value(Coverage.NATIONAL)),
                When(regional, then=Value(Coverage.REGIONAL)),
                default=Value(Coverage.GLOBAL),
                output_field=models.CharField(),
            )
        )


class EntryManager(models.Manager.from_queryset(EntryQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)
