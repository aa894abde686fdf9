"""Taxonomy: where an entry applies and what it is about.

Regions follow the UN M49 standard (world > continent > sub-region >
intermediate region); political groupings such as the European Union or ASEAN
are regions of their own kind whose coverage is an explicit member list,
because they do not nest inside M49.
"""

from django.db import models
from django.urls import reverse
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords


def seed_digest_field():
    """Digest of what `manage.py seed` last wrote; see resources/seeding."""
    return models.CharField(max_length=64, blank=True, editable=False)


class SlugManager(models.Manager):
    """Natural key by slug, for fixtures that refer to records by name."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Region(models.Model):
    class Kind(models.TextChoices):
        WORLD = "world", "World"
        CONTINENT = "continent", "Continent"
        SUB_REGION = "sub_region", "Sub-region"
        INTERMEDIATE = "intermediate", "Intermediate region"
        GROUPING = "grouping", "Political or economic grouping"

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    m49_code = models.CharField(
        "UN M49 code", max_length=3, blank=True, help_text="Blank for groupings outside M49."
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    members = models.ManyToManyField(
        "Country",
        blank=True,
        related_name="groupings",
        help_text="Member countries, for groupings only; M49 regions take theirs from the hierarchy.",
    )
    description = models.TextField(blank=True)
    seed_digest = seed_digest_field()
    history = HistoricalRecords(m2m_fields=["members"])

    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["m49_code"],
                condition=~models.Q(m49_code=""),
                name="region_unique_m49_code",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("resources:region-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    def ancestors(self):
        """This region's parents up to the world, nearest first."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def descendant_ids(self):
        """Ids of this region and every region below it in the hierarchy."""
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = list(Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.update(frontier)
        return ids


class CountryManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Country(models.Model):
    """A country or territory by ISO 3166-1 alpha-2 code; names come from django-countries."""

    code = CountryField(unique=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="countries",
        help_text="The smallest M49 region the country belongs to.",
    )
    seed_digest = seed_digest_field()
    history = HistoricalRecords()

    objects = CountryManager()

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("resources:country-detail", args=[self.code.code.lower()])

    @property
    def name(self):
        return self.code.name

    def natural_key(self):
        return (self.code.code,)

    def covering_region_ids(self):
        """Regions whose entries apply here: the M49 chain and the groupings it belongs to."""
        ids = {self.region_id}
        ids.update(region.pk for region in self.region.ancestors())
        ids.update(self.groupings.values_list("pk", flat=True))
        return ids


class TaxonomyTerm(models.Model):
    """A named term with a slug and a display order."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    seed_digest = seed_digest_field()
    # Each kind of term gets a history model of its own.
    history = HistoricalRecords(inherit=True)

    objects = SlugManager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class FocusArea(TaxonomyTerm):
    """The 4P of anti-trafficking work: prevention, protection, prosecution, partnership."""

    def get_absolute_url(self):
        return reverse("resources:topic-detail", args=[self.slug])


class ServiceType(TaxonomyTerm):
    def get_absolute_url(self):
        return reverse("resources:service-list") + f"?service_type={self.slug}"


class Population(TaxonomyTerm):
    def get_absolute_url(self):
        return reverse("resources:service-list") + f"?population={self.slug}"
