"""Template tags for the visual partials."""

from django import template

from resources.visuals.relationships import diagram

register = template.Library()


@register.simple_tag
def relationship_diagram(entry):
    """The laid-out links of ``entry`` (loaded by relations.with_public_relations), or None."""
    return diagram(entry)
