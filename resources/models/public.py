"""The read model: every published entry as the public sees it, in tables made for reading.

Written only by resources/readmodel/ (on every write path, and by ``manage.py reindex``),
never edited. Drafts and archived entries are not in it, so every page, filter, count,
feed and search that reads it sees exactly the public directory. The rules of where an
entry applies are worked out once, when it is written (resources/geography.py), and
stored as rows that a page only looks up:

- ``PublicEntry``: one row per published entry, with its name, address and search text.
- ``PublicPlace``: every country the entry covers and how (national, or regional through
  which region or grouping); one row with no country for a global entry. Ordered by
  (kind, country, coverage, whether it is help, name) in its index.
- ``PublicRegion``: every region the entry is about: the regions it names and those above
  them, and the regions and groupings of the countries it names.
- ``PublicTerm``: its facet values (focus areas, kind, scope, service types, ...).
- ``PublicText``: its search text in each language it is translated into.
- ``SearchWord``: every word of the search text, for spelling suggestions.
- ``PublicChange``: when what the public sees of each kind last changed (Last-Modified).
- ``PublicCount``: how many entries meet each condition a list is most often filtered by
  (none, one country, one term), in all and per facet value: a list's total and facet
  counts read from a few rows instead of counted over every matching entry.

Children carry the entry's kind and record id beside the foreign key, so that "the
entries of this queryset" is a lookup on their own index, not a join.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from resources.querysets import Coverage


class PublicEntry(models.Model):
    # The kind's key: organization, instrument, ...
    kind = models.CharField(verbose_name=_("kind"), max_length=20)
    # The entry's primary key in its own table.
    record_id = models.BigIntegerField(verbose_name=_("record id"))
    slug = models.SlugField(verbose_name=_("slug"), max_length=120)
    name = models.CharField(verbose_name=_("name"), max_length=300)
    sort_name = models.CharField(verbose_name=_("sort name"), max_length=300)  # the name folded for ordering
    summary = models.TextField(verbose_name=_("summary"))
    url = models.CharField(verbose_name=_("url"), max_length=200)
    is_global = models.BooleanField(verbose_name=_("is global"))
    created = models.DateTimeField(verbose_name=_("created"))
    modified = models.DateTimeField(verbose_name=_("modified"))
    # The search document, normalized by resources/readmodel/text.py, by weight: names,
    # acronyms and aliases; the summary; everything else. Indexed by the engine's full-text
    # search (an FTS5 table on SQLite, a stored tsvector on PostgreSQL; migration 0008).
    search_title = models.TextField(verbose_name=_("search title"), blank=True)
    search_summary = models.TextField(verbose_name=_("search summary"), blank=True)
    search_body = models.TextField(verbose_name=_("search body"), blank=True)

    class Meta:
        verbose_name = _("public entry")
        verbose_name_plural = _("public entries")
        constraints = [models.UniqueConstraint(fields=["kind", "record_id"], name="public_entry_record")]
        indexes = [
            models.Index(fields=["kind", "sort_name", "record_id"], name="public_entry_order"),
            models.Index(fields=["modified"], name="public_entry_modified"),
        ]

    def __str__(self):
        return f"{self.kind} {self.name}"


class PublicChild(models.Model):
    entry = models.ForeignKey(
        PublicEntry, verbose_name=_("entry"), on_delete=models.DO_NOTHING, related_name="+"
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=20)
    record_id = models.BigIntegerField(verbose_name=_("record id"))

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.kind} {self.record_id}"


class PublicPlace(PublicChild):
    entry = models.ForeignKey(
        PublicEntry, verbose_name=_("entry"), on_delete=models.DO_NOTHING, related_name="places"
    )
    # None: the entry is global (it names no region and no country).
    country = models.ForeignKey(
        "resources.Country",
        verbose_name=_("country"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    coverage = models.CharField(verbose_name=_("coverage"), max_length=10, choices=Coverage.choices)
    # Whether the entry is help a victim can contact themselves (a service open to victims),
    # and its sort name again: a country page's groups (its help, then the rest, by coverage)
    # are then ranges of one index, in name order, whatever the number of entries there.
    is_help = models.BooleanField(verbose_name=_("is help"))
    sort_name = models.CharField(verbose_name=_("sort name"), max_length=300)
    # For a regional place: the region or grouping through which the entry covers it.
    via_region = models.ForeignKey(
        "resources.Region",
        verbose_name=_("via region"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("public place")
        verbose_name_plural = _("public places")
        constraints = [models.UniqueConstraint(fields=["entry", "country"], name="public_place_once")]
        indexes = [
            models.Index(
                fields=["kind", "country", "coverage", "is_help", "sort_name", "record_id"],
                name="public_place_order",
            )
        ]


class PublicRegion(PublicChild):
    entry = models.ForeignKey(
        PublicEntry, verbose_name=_("entry"), on_delete=models.DO_NOTHING, related_name="regions"
    )
    region = models.ForeignKey(
        "resources.Region",
        verbose_name=_("region"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("public region")
        verbose_name_plural = _("public regions")
        constraints = [models.UniqueConstraint(fields=["entry", "region"], name="public_region_once")]
        indexes = [models.Index(fields=["kind", "region", "record_id"], name="public_region_lookup")]


class PublicTerm(PublicChild):
    entry = models.ForeignKey(
        PublicEntry, verbose_name=_("entry"), on_delete=models.DO_NOTHING, related_name="terms"
    )
    # The filter's name: focus_area, kind, service_type, ...
    facet = models.CharField(verbose_name=_("facet"), max_length=20)
    # The value in its URL: a slug or a choice.
    value = models.CharField(verbose_name=_("value"), max_length=120)

    class Meta:
        verbose_name = _("public term")
        verbose_name_plural = _("public terms")
        constraints = [models.UniqueConstraint(fields=["entry", "facet", "value"], name="public_term_once")]
        indexes = [models.Index(fields=["kind", "facet", "value", "record_id"], name="public_term_lookup")]


class PublicText(PublicChild):
    """The search document of an entry's translation into one language (its name, summary
    and description), normalized by resources/readmodel/text.py's ``local_words``. Indexed
    by the engine's full-text search (an FTS5 table on SQLite, a stored tsvector with the
    ``simple`` configuration on PostgreSQL, the words being stemmed already; migration 0014)."""

    entry = models.ForeignKey(
        PublicEntry, verbose_name=_("entry"), on_delete=models.DO_NOTHING, related_name="texts"
    )
    language = models.CharField(verbose_name=_("language"), max_length=10)
    search_title = models.TextField(verbose_name=_("search title"), blank=True)
    search_summary = models.TextField(verbose_name=_("search summary"), blank=True)
    search_body = models.TextField(verbose_name=_("search body"), blank=True)

    class Meta:
        verbose_name = _("public text")
        verbose_name_plural = _("public texts")
        constraints = [models.UniqueConstraint(fields=["entry", "language"], name="public_text_once")]
        indexes = [models.Index(fields=["language", "kind", "record_id"], name="public_text_lookup")]


class SearchWord(models.Model):
    """A word of some entry's search text. Only added to (a word no longer used costs a
    lookup that finds nothing); ``manage.py reindex`` starts it afresh."""

    word = models.CharField(verbose_name=_("word"), max_length=100, unique=True)
    length = models.PositiveSmallIntegerField(verbose_name=_("length"), db_index=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word


class PublicCount(models.Model):
    """How many published entries of a kind meet a condition, in all (``facet`` and
    ``value`` empty) and per facet value among them. Kept by resources/readmodel/tallies.py
    on every write of the read model; the conditions are those of a list with at most one
    filter (``tallies.condition``), so that its total and facet counts are a read of a few
    rows, whatever the number of entries."""

    kind = models.CharField(verbose_name=_("kind"), max_length=20)
    # "" (every entry), "country:<pk>" (a national or regional place in that country),
    # "global" (naming no place) or "<facet>=<value>" (having that term).
    condition = models.CharField(verbose_name=_("condition"), max_length=150)
    facet = models.CharField(verbose_name=_("facet"), max_length=20, blank=True)
    value = models.CharField(verbose_name=_("value"), max_length=120, blank=True)
    n = models.PositiveIntegerField(verbose_name=_("count"))

    class Meta:
        verbose_name = _("public count")
        verbose_name_plural = _("public counts")
        constraints = [
            models.UniqueConstraint(fields=["kind", "condition", "facet", "value"], name="public_count_once")
        ]

    def __str__(self):
        return f"{self.kind} {self.condition} {self.facet}={self.value}: {self.n}"


class PublicChange(models.Model):
    """When what the public sees of a kind last changed: the newest change of one of its
    published records, or the moment one left the public view (unpublished, archived or
    deleted). Kept by resources/readmodel/changes.py; an API list's Last-Modified."""

    kind = models.CharField(verbose_name=_("kind"), max_length=20, unique=True)
    changed = models.DateTimeField(verbose_name=_("changed"))

    class Meta:
        verbose_name = _("public change")
        verbose_name_plural = _("public changes")

    def __str__(self):
        return f"{self.kind} {self.changed}"
