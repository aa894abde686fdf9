"""Permalinks: the slugs a record used to have, so that old links still lead to it.

When an entry's slug changes (in the admin, a revert, an accepted suggestion,
the seed or any other save), ``Entry.save()`` records the slug it gave up here.
A detail page asked for a slug that no record has looks it up and answers with
a permanent redirect to the record's current address.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class FormerSlugQuerySet(models.QuerySet):
    def for_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def current_pk(self, model, slug):
        """The pk of the ``model`` record that once had ``slug``, or None."""
        return self.for_model(model).filter(slug=slug).values_list("object_id", flat=True).first()

    def renames(self, model):
        """{former slug: current slug} for every renamed ``model`` record (two queries)."""
        current = dict(model._base_manager.values_list("pk", "slug"))
        live = set(current.values())
        return {
            former: current[pk]
            for former, pk in self.for_model(model).values_list("slug", "object_id")
            if pk in current and former not in live
        }


class FormerSlug(models.Model):
    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    entry = GenericForeignKey("content_type", "object_id")
    slug = models.SlugField(verbose_name=_("slug"), max_length=120)
    retired = models.DateTimeField(
        verbose_name=_("retired"), auto_now_add=True, help_text=_("When the record stopped using this slug.")
    )
    history = HistoricalRecords()

    objects = FormerSlugQuerySet.as_manager()

    class Meta:
        verbose_name = _("former slug")
        verbose_name_plural = _("former slugs")
        ordering = ["content_type", "slug"]
        constraints = [
            # A former slug leads to one record of its kind.
            models.UniqueConstraint(fields=["content_type", "slug"], name="formerslug_unique_per_kind"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="formerslug_record")]

    def __str__(self):
        return gettext("%(slug)s (now %(entry)s)") % {"slug": self.slug, "entry": self.entry}


def record_slug_change(entry, old_slug):
    """``entry`` gave up ``old_slug``: keep it as a former slug of the record.

    The slug it now uses stops being a former slug of any record of its kind
    (a live slug always wins, and a record renamed back has no redirect to itself).
    """
    content_type = ContentType.objects.get_for_model(entry)
    FormerSlug.objects.filter(content_type=content_type, slug=entry.slug).delete()
    FormerSlug.objects.update_or_create(
        content_type=content_type, slug=old_slug, defaults={"object_id": entry.pk}
    )
