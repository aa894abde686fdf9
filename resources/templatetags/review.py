"""The admin index's review box: revisions awaiting a Publisher, records to verify."""

from django import template

from resources import moderation

register = template.Library()


@register.inclusion_tag("admin/resources/review_summary.html")
def review_summary():
    return {"pending": moderation.pending_count(), "overdue": moderation.overdue_count()}
