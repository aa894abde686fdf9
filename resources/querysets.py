"""Visibility and coverage rules, in one place for views, API, admin and feeds."""

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.expressions import RawSQL


class Coverage(models.TextChoices):
    NATIONAL = "national", "National"
    REGIONAL = "regional", "Regional"
    GLOBAL = "global", "Global"


class EntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def last_public_change(self):
        """When what the public sees of these records last changed, or None.

        The newest change to a published record, or to one that was published and is not
        now (it left the public view then: unpublished, archived or deleted, as its history
        tells). A draft that was never published moves nothing.
        """
        published = self.model.Status.PUBLISHED
        latest = self.published().aggregate(latest=models.Max("modified"))["latest"]
        history = self.model.history
        left = (
            history.filter(id__in=history.filter(status=published).values("id"))
            .exclude(id__in=self.published().values("pk"))
            .aggregate(latest=models.Max("history_date"))["latest"]
        )
        return max(filter(None, (latest, left)), default=None)

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

    def in_region(self, region):
        """Entries about ``region``: tagged with it, a region below it, or a country in either."""
        country_through, entry_fk, country_fk = self._through("countries")
        region_through, _, region_fk = self._through("regions")
        ids = region.descendant_ids()
        entry_countries = country_through.objects.filter(**{entry_fk: OuterRef("pk")})
        tagged = Exists(region_through.objects.filter(**{entry_fk: OuterRef("pk"), f"{region_fk}__in": ids}))
        in_m49 = Exists(entry_countries.filter(**{f"{country_fk}__region__in": ids}))
        in_grouping = Exists(entry_countries.filter(**{f"{country_fk}__groupings__in": ids}))
        return self.filter(Q(tagged) | Q(in_m49) | Q(in_grouping))

    def search(self, terms):
        """Entries matching ``terms``, annotated with ``search_rank`` (higher is better).

        PostgreSQL: full-text search through a GIN index (name, acronym and aliases
        weighted over summary over description), whole words, stemmed.
        Elsewhere: a case-insensitive substring match, ranked by where it matched
        (name, then acronym / short title / aliases, then summary, then description).
        """
        terms = (terms or "").strip()
        if not terms:
            return self.annotate(search_rank=Value(0.0, output_field=models.FloatField()))
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField

            # The same expression as the GIN index of migration 0003, so that the
            # index answers the match.
            vector = RawSQL(search_document_sql(self.model), [], output_field=SearchVectorField())
            query = SearchQuery(terms, search_type="websearch", config=SEARCH_CONFIG)
            return (
                self.annotate(search_vector=vector)
                .filter(search_vector=query)
                .annotate(search_rank=SearchRank(F("search_vector"), query))
            )
        fields = ["name", *(f for f in ALIAS_FIELDS if _has_field(self.model, f)), "summary", "description"]
        matches = Q()
        whens = []
        for weight, field in enumerate(reversed(fields), start=1):
            lookup = Q(**{f"{field}__icontains": terms})
            matches |= lookup
            whens.insert(0, When(lookup, then=Value(float(weight))))
        return self.filter(matches).annotate(
            search_rank=Case(*whens, default=Value(0.0), output_field=models.FloatField())
        )


class EntryManager(models.Manager.from_queryset(EntryQuerySet)):
    def get_by_natural_key(self, slug):
        """The record with ``slug``, or the one that had it before a rename (fixtures keep old keys)."""
        from resources.models.permalinks import FormerSlug

        try:
            return self.get(slug=slug)
        except self.model.DoesNotExist:
            pk = FormerSlug.objects.current_pk(self.model, slug)
            if pk is None:
                raise
            return self.get(pk=pk)


class ServiceQuerySet(EntryQuerySet):
    def open_to_victims(self):
        """Services a victim or survivor can contact for help themselves: the only ones
        listed where the site offers help (a country's help section, the home page's help
        box, the printable sheet). A tool for investigators is not one."""
        return self.filter(open_to_victims=True)

    def for_professionals(self):
        """The rest: services only professionals use, listed as such, never as help."""
        return self.filter(open_to_victims=False)


class ServiceManager(EntryManager.from_queryset(ServiceQuerySet)):
    pass


ALIAS_FIELDS = ("acronym", "short_title", "aliases")
SEARCH_CONFIG = "english"


def search_document_sql(model, qualified=True):
    """The weighted full-text document of an entry, as SQL (PostgreSQL).

    Used by ``search()`` (qualified column names) and, frozen, by the GIN index
    expressions of migration 0003 (bare names); a test keeps the two equal.
    """
    table = f'"{model._meta.db_table}".' if qualified else ""
    weighted = [
        ("name", "A"),
        *((field, "A") for field in ALIAS_FIELDS if _has_field(model, field)),
        ("summary", "B"),
        ("description", "C"),
    ]
    return " || ".join(
        f"setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, coalesce({table}\"{field}\", '')), '{weight}')"
        for field, weight in weighted
    )


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True
