"""What a reader sees of a page, and any code name in it (a model field or a slug)."""

import html as html_lib
import re

from django.apps import apps

# The names people read instead: a field's verbose name, a term's name.
_TAGS = re.compile(r"<[^>]+>")
_HIDDEN = re.compile(r"<(script|style)\b.*?</\1>", re.S)
_SPOKEN_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|alt|placeholder)="([^"]*)"')


def field_names():
    """Every field name of the directory's models that is a code name (has an underscore)."""
    names = set()
    for model in apps.get_app_config("resources").get_models():
        names.update(f.name for f in model._meta.get_fields() if "_" in f.name.strip("_"))
    return names


def slugs():
    """Hyphenated slugs of the taxonomy terms and regions (a bare word is also English)."""
    found = set()
    for name in ("FocusArea", "ServiceType", "Population", "Region"):
        model = apps.get_model("resources", name)
        found.update(slug for slug in model.objects.values_list("slug", flat=True) if "-" in slug)
    return found


def reader_text(page):
    """The text of a page as it is read: its visible text and the labels a screen reader speaks."""
    page = _HIDDEN.sub(" ", page)
    spoken = " ".join(_SPOKEN_ATTRIBUTES.findall(page))
    return html_lib.unescape(_TAGS.sub(" ", page) + " " + spoken)


def code_names(page, names):
    """The code names from ``names`` that a reader of ``page`` would see."""
    text = reader_text(page)
    return sorted(n for n in names if re.search(r"(?<![\w/-])" + re.escape(n) + r"(?![\w/-])", text))
