"""Template tags for sharing a record: its JSON-LD and its citation."""

from django import template

from resources import jsonld as jsonld_module

register = template.Library()


@register.simple_tag(takes_context=True)
def jsonld(context, entry):
    """The record's schema.org JSON-LD, as a safely escaped data script."""
    return jsonld_module.script(jsonld_module.page(entry, context["request"].build_absolute_uri))


@register.simple_tag(takes_context=True)
def absolute_url(context, obj):
    """The full address of ``obj``'s page: what a citation or a permalink shows."""
    return context["request"].build_absolute_uri(obj.get_absolute_url())
