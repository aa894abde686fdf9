"""Small helpers for the public pages."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from resources import phones, translations
from resources.models import review

register = template.Library()


@register.simple_tag
def refmark(entry, *field_names):
    """A "reference knowledge" mark beside a value that comes from reference knowledge, not a
    source; one mark for a value shown from several fields (a date, or its year)."""
    if not set(field_names) & set(entry.reference_fields or []):
        return ""
    # The detail views prefetch citations; a reference that supports the field is its evidence.
    supporting = next(
        (c for c in entry.citations.all() if c.reference_id and c.field in field_names),
        None,
    )
    text = gettext("reference knowledge")
    if supporting is not None:
        return format_html(
            ' <a class="refmark" href="#{}" title="{}">{}</a>',
            supporting.anchor,
            # Translators: "publisher" is who published the reference, such as "UNODC".
            gettext("Not from a source document; see %(publisher)s")
            % {"publisher": supporting.reference.publisher},
            text,
        )
    return format_html(
        ' <a class="refmark" href="#reference-note" title="{}">{}</a>',
        gettext("Not from a cited source; see the reference note"),
        text,
    )


@register.filter
def translated(entry, field):
    """``entry``'s name, summary or description in the page's language (resources/translations.py):
    ``{{ entry|translated:"name" }}`` marks English shown on another language's page as English;
    ``.text``, ``.attrs`` and ``.unreviewed`` are there for titles, blocks and notes."""
    return ShownHTML(translations.shown(entry, field))


class ShownHTML(SafeString):
    """A translated field as a template prints it (its ``Shown.html()``: a string, so that
    the template engine does not turn it back into plain text), with the ``Shown``'s
    attributes for ``{{ name.text }}``, ``{{ name.attrs }}``, ``{{ name.unreviewed }}``."""

    def __new__(cls, shown):
        html = super().__new__(cls, shown.html())
        html.shown = shown
        return html

    def __getattr__(self, name):
        return getattr(self.shown, name)


@register.filter
def needs_review(day):
    """True when a verification date is missing or more than a year old (models.review)."""
    return review.needs_review(day)


@register.inclusion_tag("partials/coverage.html")
def coverage(entry):
    """Where an entry applies: its regions and countries, or global."""
    regions, countries = list(entry.regions.all()), list(entry.countries.all())
    return {"regions": regions, "countries": countries, "is_global": not regions and not countries}


@register.inclusion_tag("partials/entry_links.html")
def entry_links(entries, empty=""):
    return {"entries": entries, "empty": empty}


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current URL with ``page`` set to ``number``; every other parameter kept."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.filter
def phone_display(value):
    """A stored number as written in its own country: "(888) 373-7888"; a short code as is."""
    return phones.display(value)


@register.filter
def phone_international(value):
    """A stored number as dialled from abroad: "+1 888-373-7888"; empty for a short code."""
    return phones.display_international(value)


@register.filter
def dial_string(value):
    """What a tel: or sms: link dials: the stored number without separators."""
    return phones.SEPARATORS_RE.sub("", value or "")


@register.simple_tag
def field_label(entry, field_name):
    """A field of ``entry`` by the name a reader knows it by ("Entered into force"), never its
    code name; a name the record does not have is shown as words."""
    try:
        label = str(entry._meta.get_field(field_name).verbose_name)
    except FieldDoesNotExist:
        label = field_name.replace("_", " ")
    return label[:1].upper() + label[1:]
