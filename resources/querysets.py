"""Visibility and coverage rules, in one place for views, API, admin and feeds."""

from django.apps import apps
from django.db import connections, models
from django.db.models import Count, ExpressionWrapper, OuterRef, Q, Subquery, Value
from django.utils.translation import pgettext_lazy


class Coverage(models.TextChoices):
    NATIONAL = "national", pgettext_lazy("coverage", "National")
    REGIONAL = "regional", pgettext_lazy("coverage", "Regional")
    GLOBAL = "global", pgettext_lazy("coverage", "Global")


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

    def _read(self, model_name):
        """The read model's rows of this queryset's kind (resources/models/public.py)."""
        from resources import kinds

        return apps.get_model("resources", model_name).objects.filter(kind=kinds.of(self.model).key)

    def covering(self, country):
        """Published entries that apply in ``country``, each annotated with ``coverage``.

        National: the entry names the country. Regional: it names a region the
        country lies in (any M49 level, or a grouping it belongs to). Global: it
        names no region and no country at all. Worked out when the entry was written
        (resources/readmodel/); here it is one lookup on the read model's places.
        """
        places = self._read("PublicPlace").filter(Q(country=country) | Q(country__isnull=True))
        return self.filter(pk__in=places.values("record_id")).annotate(
            coverage=Subquery(places.filter(record_id=OuterRef("pk")).values("coverage")[:1])
        )

    def covering_groups(self, country, limit, is_help=False):
        """{coverage: (how many, [the first ``limit`` by name])} of the entries of this kind
        that apply in ``country``: a country page lists the nearest first and links the
        rest, which at scale are thousands of global entries.

        ``is_help``: the services a victim can contact themselves (the help a country page
        opens with), or else everything else of the kind. Which entries belong is the read
        model's to say; this queryset supplies what is loaded with them (``select_related``,
        ``prefetch_related``). Each group is a range of the read model's place index in name
        order, so its first entries are read without looking at the rest: three queries
        (and the prefetches), and a fourth for the regions of regional entries, whatever the
        number of entries. Each regional entry's ``applies_via`` is the region or grouping
        through which it applies in ``country``, from its place row (a page says which)."""
        places = self._read("PublicPlace").filter(is_help=is_help)
        here = {
            Coverage.NATIONAL: Q(country=country),
            Coverage.REGIONAL: Q(country=country),
            Coverage.GLOBAL: Q(country__isnull=True),
        }
        counts = dict(
            places.filter(Q(country=country) | Q(country__isnull=True))
            .values_list("coverage")
            # record_id, not id: a column of the index, which PostgreSQL then counts alone.
            .annotate(n=Count("record_id"))
            .order_by()
        )
        if not counts:
            return {}
        firsts = [
            places.filter(here[coverage], coverage=coverage)
            .order_by("sort_name", "record_id")
            .values_list("coverage", "record_id", "via_region")[:limit]
            for coverage in counts
        ]
        rows = _union_all(firsts)
        entries = self.in_bulk([pk for _, pk, _ in rows])
        via = {region for _, _, region in rows if region is not None}
        regions = apps.get_model("resources", "Region").objects.in_bulk(via) if via else {}
        groups = {coverage: (count, []) for coverage, count in counts.items()}
        for coverage, pk, region in rows:
            if pk in entries:  # else unpublished between the two reads
                entries[pk].applies_via = regions.get(region)
                groups[coverage][1].append(entries[pk])
        return groups

    def in_region(self, region):
        """Published entries about ``region``: tagged with it, a region below it, or a
        country in either (one lookup on the read model's regions)."""
        return self.filter(pk__in=self._read("PublicRegion").filter(region=region).values("record_id"))

    def with_term(self, facet, value):
        """Published entries with ``value`` (a slug or a choice) for ``facet``."""
        return self.filter(
            pk__in=self._read("PublicTerm").filter(facet=facet, value=value).values("record_id")
        )

    def search(self, terms):
        """Published entries matching ``terms`` (resources/readmodel/search.py), annotated
        with ``search_rank`` (higher is better). ``terms`` is a query as typed, or one
        already understood."""
        from resources import kinds
        from resources.readmodel import search

        understood = terms if isinstance(terms, search.Understood) else search.understand(terms)
        if not understood:
            return self.annotate(search_rank=Value(0.0, output_field=models.FloatField()))
        kind = kinds.of(self.model)
        return self.filter(pk__in=search.record_ids(understood, kind)).annotate(
            search_rank=ExpressionWrapper(
                search.record_rank(understood, kind), output_field=models.FloatField()
            )
        )


def _union_all(querysets):
    """The rows of every queryset, in one query. Django's ``union()`` refuses sliced querysets
    on SQLite, which accepts them as subqueries of a compound SELECT."""
    parts, params = [], []
    for number, queryset in enumerate(querysets):
        sql, part_params = queryset.query.get_compiler(queryset.db).as_sql()
        parts.append(f"SELECT * FROM ({sql}) AS part{number}")
        params.extend(part_params)
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


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
        box, the printable sheet). A tool for investigators is not one. The read model keeps
        the same rule as ``PublicPlace.is_help`` (``Kind.help_field``)."""
        return self.filter(open_to_victims=True)


class ServiceManager(EntryManager.from_queryset(ServiceQuerySet)):
    pass
