"""The two public forms: a correction to a record, and a new listing.

Both are plain HTML forms. Each carries a honeypot field (``HONEYPOT``) that
people never see and bots tend to fill in; the view checks it before anything
else.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resources import phones

from .models import CORRECTABLE_FIELDS, ENTRY_KIND_LABELS

HONEYPOT = "homepage"

# Caps for the fields that have no max_length of their own.
TEXT_MAX_LENGTH = {"summary": 2000, "description": 20000, "eligibility": 5000}
DEFAULT_TEXT_MAX_LENGTH = 5000
EXPLANATION_MAX_LENGTH = 5000
NOTE_MAX_LENGTH = 5000
CONTACT_MAX_LENGTH = 254

CONTACT_HELP = _(
    "Optional. An email address or another way to reach you, if you are happy for staff to ask you "
    "about this. Only the directory's staff see it; it is never published. Leave it empty to stay "
    "anonymous."
)


def normalize(value):
    """Text as stored: browsers send textarea line breaks as CRLF."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


class SuggestionForm(forms.Form):
    """What both forms share: the explanation, the optional contact, the honeypot."""

    explanation_label = _("Why? Please name a source if you can")
    explanation_help = _("For example a page on the organization's own website, or an official document.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["explanation"] = forms.CharField(
            label=self.explanation_label,
            help_text=self.explanation_help,
            max_length=EXPLANATION_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
        self.fields["contact"] = forms.CharField(
            label=_("Your contact (optional)"),
            help_text=CONTACT_HELP,
            required=False,
            max_length=CONTACT_MAX_LENGTH,
        )
        self.fields[HONEYPOT] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    def clean_explanation(self):
        return normalize(self.cleaned_data["explanation"])

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT]

    @property
    def honeypot(self):
        return self[HONEYPOT]

    def error_summary(self):
        """[(field id or "", label, message)] for the summary at the top of the page."""
        summary = [("", "", message) for message in self.non_field_errors()]
        for name, messages in self.errors.items():
            if name in (forms.forms.NON_FIELD_ERRORS, HONEYPOT):
                continue
            field = self[name]
            summary.extend((field.auto_id, field.label, message) for message in messages)
        return summary

    def describe(self):
        """Point each control at its help, its current value and its errors (for screen readers)."""
        for field in self.visible_fields():
            ids = []
            if field.errors:
                ids.append(f"{field.auto_id}-error")
                field.field.widget.attrs["aria-invalid"] = "true"
            if getattr(field.field, "current", None) is not None:
                ids.append(f"{field.auto_id}-current")
            if field.help_text:
                ids.append(f"{field.auto_id}-help")
            if ids:
                field.field.widget.attrs["aria-describedby"] = " ".join(ids)


def proposal_field(model_field, current):
    """A form field for a new value of ``model_field``, the record's value in it first."""
    label = model_field.verbose_name[:1].upper() + model_field.verbose_name[1:]
    common = {"label": label, "required": not model_field.blank, "initial": current}
    if isinstance(model_field, models.URLField):
        field = forms.URLField(max_length=model_field.max_length, assume_scheme="https", **common)
    elif isinstance(model_field, models.EmailField):
        field = forms.EmailField(max_length=model_field.max_length, **common)
    elif isinstance(model_field, models.TextField):
        field = forms.CharField(
            max_length=TEXT_MAX_LENGTH.get(model_field.name, DEFAULT_TEXT_MAX_LENGTH),
            widget=forms.Textarea(attrs={"rows": 6 if model_field.name == "description" else 3}),
            **common,
        )
    else:
        field = forms.CharField(max_length=model_field.max_length, **common)
    field.current = current
    return field


class CorrectionForm(SuggestionForm):
    """One control per correctable field, filled in with the record's current value."""

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.proposal_names = list(CORRECTABLE_FIELDS[type(entry)])
        shared = {name: self.fields.pop(name) for name in ("explanation", "contact", HONEYPOT)}
        for name in self.proposal_names:
            model_field = entry._meta.get_field(name)
            self.fields[name] = proposal_field(model_field, self.current(name))
        self.fields.update(shared)

    def current(self, name):
        """The record's value as the form shows it: a number as dialled from abroad."""
        stored = self.stored(name)
        if name in phones.PHONE_FIELDS:
            return phones.display_international(stored) or stored
        return stored

    def stored(self, name):
        return normalize(str(getattr(self.entry, name) or ""))

    def normalize_numbers(self, cleaned):
        """A proposed number in its stored form, checked against the record's countries."""
        as_left = {
            name: (self.stored(name), self.current(name))
            for name in phones.PHONE_FIELDS
            if name in self.proposal_names
        }
        if as_left:
            regions = [country.code.code for country in self.entry.countries.all()]
            phones.clean_number_fields(self, cleaned, regions, as_left)

    def proposals(self):
        return [self[name] for name in self.proposal_names]

    def others(self):
        return [field for field in self.visible_fields() if field.name not in self.proposal_names]

    def clean(self):
        cleaned = super().clean()
        self.normalize_numbers(cleaned)
        if any(name in self.errors for name in self.proposal_names):
            return cleaned
        self.changes = {}
        for name in self.proposal_names:
            if name not in self.data:
                # A browser sends every control; one left out proposes nothing
                # (rather than emptying the field).
                continue
            value = normalize(cleaned.get(name))
            if value != self.stored(name):
                self.changes[name] = value
        if not self.changes:
            raise ValidationError(
                gettext(
                    "Nothing differs from the record as it stands. "
                    "Change at least one field to suggest a correction."
                ),
                code="no_change",
            )
        return cleaned


class ListingForm(SuggestionForm):
    explanation_label = _("How do you know about it? Please name a source if you can")

    kind = forms.ChoiceField(
        label=_("What kind of listing is it?"),
        choices=[("", _("Choose one")), *ENTRY_KIND_LABELS.items()],
    )
    name = forms.CharField(label=_("Name"), max_length=300)
    summary = forms.CharField(
        label=_("What it is or does, in a sentence or two"),
        max_length=TEXT_MAX_LENGTH["summary"],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = forms.URLField(
        label=_("Website (optional)"), required=False, max_length=200, assume_scheme="https"
    )
    note = forms.CharField(
        label=_("Anything else staff should know (optional)"),
        help_text=_("Who it serves, where, how to reach it."),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    field_order = ["kind", "name", "summary", "website", "note", "explanation", "contact", HONEYPOT]

    def clean_summary(self):
        return normalize(self.cleaned_data["summary"])

    def clean_note(self):
        return normalize(self.cleaned_data["note"])
