"""The staff side: every model in the admin, with the Editor / Publisher split.

Editors add and change entries but never publish, archive or delete them:
the status field is read-only for them, the publish and archive actions are
hidden, and a new record they create (or recover from history) starts as a
draft; reverting to a published version keeps the record's current status.
Publishers hold the ``publish_<model>`` permission and the delete permission
as well.

Every model keeps its history (django-simple-history): the history page
lists each version with who made it, when, and each field's old → new value,
and reverts to a chosen version; "Recover deleted" on each list brings a
deleted record back from its last version. An entry's change form carries
the version the editor loaded, and a save made from an older version is
refused with what changed meanwhile (services.check_version).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.admin import GenericStackedInline, GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries as country_names
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME
from simple_history.utils import get_m2m_reverse_field_name

from resources import moderation, phones, services
from resources.models import (
    Citation,
    Country,
    FocusArea,
    LegalInstrument,
    Organization,
    Population,
    RecordTranslation,
    Reference,
    Region,
    Revision,
    ServiceType,
    Source,
    Strategy,
    SupportService,
    Verification,
    needs_review,
)
from resources.readmodel.maintenance import write_block

admin.site.site_header = _("Counter-trafficking directory")
admin.site.site_title = _("Directory admin")
admin.site.index_title = _("Records")


class HistoryAwareForm(forms.ModelForm):
    """On a history page, many-to-many fields start from that version's links.

    simple-history rebuilds a past version's own fields; its links are read
    here from the historical link tables, so that reverting to a version (or
    recovering a deleted record) restores them too.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.historical_record = getattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)
        if self.historical_record is None:
            return
        for field in self.historical_record._history_m2m_fields:
            if field.name in self.fields:
                target = get_m2m_reverse_field_name(field)
                links = getattr(self.historical_record, field.name)
                self.initial[field.name] = list(links.values_list(target, flat=True))


class EntryAdminForm(HistoryAwareForm):
    """Carries the version the editor loaded; a save from an older one is refused."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        revision = getattr(self.instance, "_pending_revision", None)
        if revision is not None and not self.is_bound:
            # The editor reopens a record they have a change awaiting review on:
            # the form shows that change, so that saving again amends it.
            for name, change in revision.changes.items():
                if name in self.fields:
                    self.initial[name] = change["to"]
        if self.instance.pk is None or "loaded_version" not in self.fields:
            return
        if self.historical_record is None:
            loaded = self.instance.version
        else:  # reverting: the save replaces the current version, not the past one
            rows = type(self.instance)._base_manager.filter(pk=self.instance.pk)
            loaded = rows.values_list("version", flat=True).first()
        self.fields["loaded_version"].initial = loaded

    def clean(self):
        cleaned_data = super().clean()
        loaded = cleaned_data.get("loaded_version")
        if self.instance.pk is not None and loaded is not None:
            # Inside the admin's transaction: the row stays locked until the save commits.
            try:
                services.check_version(self._meta.model, self.instance.pk, loaded)
            except services.StaleVersionError as error:
                raise ValidationError(str(error), code="stale") from None
        return cleaned_data


class SupportServiceAdminForm(EntryAdminForm):
    """Phone and SMS numbers as typed, checked against the service's countries and
    stored in one form (resources/phones.py)."""

    def clean(self):
        cleaned_data = super().clean()
        countries = cleaned_data.get("countries")
        regions = [country.code.code for country in countries] if countries is not None else []
        stored = {name: (getattr(self.instance, name),) for name in phones.PHONE_FIELDS}
        phones.clean_number_fields(self, cleaned_data, regions, stored)
        return cleaned_data


class VerificationForm(forms.ModelForm):
    evidence_url = forms.URLField(
        label=_("Evidence (URL)"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=Verification._meta.get_field("evidence_url").help_text,
    )

    class Meta:
        model = Verification
        fields = ("verified_on", "method", "evidence_url", "evidence_note")
        widgets = {"verified_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verified_on"].initial = timezone.localdate


def proposed_state(obj, form):
    """The state (moderation.state_of's form) that ``form`` would give ``obj``.

    Citations aside: the citation inline adds its own when it changes them.
    """
    scalars, many = moderation.content_fields(type(obj))
    state = {}
    for field in scalars:
        if field.name in form.fields or not field.is_relation:
            value = getattr(obj, field.attname) if field.is_relation else field.value_from_object(obj)
            state[field.name] = value if field.is_relation else moderation.stored(field, value)
    for field in many:
        if field.name in form.cleaned_data:
            state[field.name] = moderation.stored(field, form.cleaned_data[field.name])
        elif obj.pk is not None:
            state[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return state


class HistoryAdmin(SimpleHistoryAdmin):
    """The admin of every directory model: history, diffs, revert and recovery."""

    form = HistoryAwareForm
    recover_list_template = "admin/resources/recover_list.html"
    recover_list_limit = 100

    def get_urls(self):
        opts = self.model._meta
        recover = path(
            "recover/",
            self.admin_site.admin_view(self.recover_list_view),
            name=f"{opts.app_label}_{opts.model_name}_recover",
        )
        return [recover, *super().get_urls()]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history checks only the view permission, even for a POST:
        # reverting needs the change permission, recovering a deleted record
        # the add permission.
        if request.method == "POST":
            exists = self.model._base_manager.filter(pk=unquote(object_id)).exists()
            allowed = self.has_change_permission(request) if exists else self.has_add_permission(request)
            if not allowed:
                raise PermissionDenied
        with (
            transaction.atomic(using=router.db_for_write(self.model)),
            write_block(),
        ):
            return super().history_form_view(request, object_id, version_id, extra_context)

    # A save with its links, citations and inlines, or a list edit or action over many
    # rows, names one new data version rather than one per row written. A POST of the change
    # form is already in Django's transaction here (changeform_view opens it).
    def _changeform_view(self, request, *args, **kwargs):
        if request.method != "POST":
            return super()._changeform_view(request, *args, **kwargs)
        with write_block():
            return super()._changeform_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().changelist_view(request, *args, **kwargs)
        with write_block():
            return super().changelist_view(request, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        historical_record = getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)
        if historical_record is not None:
            when = date_format(timezone.localtime(historical_record.history_date), "DATETIME_FORMAT")
            exists = self.model._base_manager.filter(pk=obj.pk).exists()
            obj._change_reason = f"{'Reverted to' if exists else 'Recovered from'} the version of {when}"
        super().save_model(request, obj, form, change)

    def recover_list_view(self, request):
        """Deleted records, newest deletion first, each linked to its last version."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        pk_name = opts.pk.attname
        history = self.model.history
        last_kept = history.filter(**{pk_name: OuterRef(pk_name)}).exclude(history_type="-")
        deletions = (
            history.filter(history_type="-")
            .exclude(**{f"{pk_name}__in": self.model._base_manager.values(pk_name)})
            .annotate(last_kept=Subquery(last_kept.order_by("-history_id").values("history_id")[:1]))
            .select_related("history_user")
            .order_by("-history_id")
        )
        rows, seen = [], set()
        for deletion in deletions[: self.recover_list_limit * 2]:
            pk = getattr(deletion, pk_name)
            if pk in seen or deletion.last_kept is None:
                continue
            seen.add(pk)
            rows.append(
                {
                    "name": str(deletion.instance),
                    "deleted": deletion.history_date,
                    "deleted_by": deletion.history_user or deletion.history_change_reason or "",
                    "url": reverse(
                        f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_simple_history",
                        args=[pk, deletion.last_kept],
                    ),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Recover deleted %(models)s") % {"models": opts.verbose_name_plural},
            "opts": opts,
            "rows": rows[: self.recover_list_limit],
            "module_name": capfirst(opts.verbose_name_plural),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.recover_list_template, context)


class CitationFormSet(BaseGenericInlineFormSet):
    """The citations a save leaves; a record that will be live must pass the publish checks.

    The entry form's values reach here on the unsaved instance (EntryAdmin.save_form),
    so that the rule reads the record as it will be once saved.
    """

    def clean(self):
        super().clean()
        entry = self.instance
        proposed = getattr(entry, "_proposed_state", None)
        if proposed is None or entry.status != entry.Status.PUBLISHED or any(self.errors):
            return
        state = {**proposed, "citations": self.citation_states()}
        problems = moderation.publication_problems(type(entry), state)
        if problems:
            raise ValidationError(
                gettext("Not published: this record needs %(problems)s.") % {"problems": "; ".join(problems)}
            )

    def citation_states(self):
        """The citations as they will be after this save, in the state form."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or not (data.get("source") or data.get("reference")):
                continue
            rows.append(
                {
                    "id": form.instance.pk,
                    "source": getattr(data.get("source"), "pk", None),
                    "reference": getattr(data.get("reference"), "pk", None),
                    "quote": data.get("quote", ""),
                    "field": data.get("field", ""),
                    "correction": data.get("correction", ""),
                    "position": data.get("position") or 0,
                }
            )
        return sorted(rows, key=lambda row: (row["position"], row["id"] or 0))


class CitationInline(GenericTabularInline):
    model = Citation
    extra = 0
    fields = ("source", "reference", "quote", "field", "correction", "position")
    autocomplete_fields = ("source", "reference")
    ordering = ("position", "pk")
    formset = CitationFormSet


class TranslationForm(forms.ModelForm):
    """A translation, and whether staff have reviewed it: ticked by a Publisher (who holds
    ``review_recordtranslation``), the review is theirs, now; any change to its text or
    language withdraws it (RecordTranslation.save), a Publisher's too unless they tick it
    again."""

    reviewed = forms.BooleanField(
        label=_("reviewed"),
        required=False,
        help_text=_("Tick once you have read the translation against the English and it says the same."),
    )
    reviewer = None  # the user of the request, set by TranslationInline.get_formset

    class Meta:
        model = RecordTranslation
        fields = ("language", "name", "summary", "description", "translated_by", "source_note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewed"].initial = self.instance.is_reviewed
        if not self.can_review:
            self.fields["reviewed"].disabled = True

    @property
    def can_review(self):
        return self.reviewer is not None and self.reviewer.has_perm("resources.review_recordtranslation")

    def save(self, commit=True):
        translation = super().save(commit=False)
        # Ticking the box is a Publisher's review of the text saved with it; unticking withdraws it.
        if self.can_review and "reviewed" in self.changed_data:
            if self.cleaned_data.get("reviewed"):
                translation.reviewed_by, translation.reviewed_at = self.reviewer, timezone.now()
            else:
                translation.reviewed_by, translation.reviewed_at = None, None
        if commit:
            translation.save()
        return translation


class TranslationFormSet(BaseGenericInlineFormSet):
    def clean(self):
        super().clean()
        languages = [
            form.cleaned_data["language"]
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("language")
        ]
        if len(languages) != len(set(languages)):
            raise ValidationError(gettext("A record has one translation per language."))


class TranslationInline(GenericStackedInline):
    """The record's translations, each field beside the English it translates.

    On a published record only those who may publish it write or change them: a
    translation is live as soon as it is saved, and an Editor's change to a live record
    waits for a Publisher (moderation.needs_approval); on a draft, Editors translate."""

    model = RecordTranslation
    form = TranslationForm
    formset = TranslationFormSet
    extra = 0
    fields = (
        ("language", "translated_by"),
        ("english_name", "name"),
        ("english_summary", "summary"),
        ("english_description", "description"),
        "source_note",
        ("reviewed", "review_state"),
    )
    readonly_fields = ("english_name", "english_summary", "english_description", "review_state")
    classes = ("collapse",)

    def _may_write(self, request, obj):
        return obj is None or not obj.is_published or services.can_publish(request.user, type(obj))

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may_write(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_write(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_write(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        self.record = obj  # this request's own inline instance (get_inline_instances)
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type("TranslationForm", (formset.form,), {"reviewer": request.user})
        return formset

    def _english(self, field):
        record = getattr(self, "record", None)
        return getattr(record, field, "") or "—"

    @admin.display(description=_("English name"))
    def english_name(self, obj):
        return self._english("name")

    @admin.display(description=_("English summary"))
    def english_summary(self, obj):
        return self._english("summary")

    @admin.display(description=_("English description"))
    def english_description(self, obj):
        return self._english("description")

    @admin.display(description=_("review"))
    def review_state(self, obj):
        if obj is None or not obj.is_reviewed:
            return gettext("Not yet reviewed: the public pages say so.")
        return gettext("Reviewed by %(user)s on %(date)s.") % {
            "user": obj.reviewed_by or gettext("a former user"),
            "date": date_format(timezone.localtime(obj.reviewed_at), "DATE_FORMAT"),
        }


class EntryAdmin(HistoryAdmin):
    form = EntryAdminForm
    # A URL typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "status", "last_verified", "modified")
    list_filter = ("status", "focus_areas", "regions")
    search_fields = ("name", "slug", "summary")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("regions", "countries", "focus_areas")
    readonly_fields = ("created", "modified", "version", "last_verified")
    change_form_template = "admin/resources/entry_change_form.html"
    inlines = (CitationInline, TranslationInline)
    actions = ("publish", "archive")
    date_hierarchy = "modified"
    list_per_page = 50
    save_on_top = True

    def has_publish_permission(self, request):
        return services.can_publish(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not self.has_publish_permission(request):
            readonly = (*readonly, "status")
        return readonly

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/verify/",
                self.admin_site.admin_view(self.verify_view),
                name=f"{name}_verify",
            ),
            *super().get_urls(),
        ]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "GET":
            obj._pending_revision = moderation.pending_revision(obj, request.user)
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.model._base_manager.filter(pk=unquote(object_id)).first()
        if obj is not None:
            content_type = ContentType.objects.get_for_model(self.model)
            own = moderation.pending_revision(obj, request.user)
            extra_context = {
                **(extra_context or {}),
                "own_revision": own,
                "revisions": Revision.objects.filter(content_type=content_type, object_id=obj.pk)
                .select_related("author", "decided_by")
                .order_by("-pk")[:20],
                "verifications": Verification.objects.filter(
                    content_type=content_type, object_id=obj.pk
                ).select_related("verified_by")[:10],
                "needs_review": needs_review(obj.last_verified),
                "change_needs_approval": not self.has_publish_permission(request),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_form(self, request, form, change):
        obj = super().save_form(request, form, change)
        # The state this save proposes, read by the citation formset's publish check.
        obj._proposed_state = proposed_state(obj, form)
        return obj

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            # Whatever the route (a posted status, a revert to a published
            # version, a recovery): the status stays as stored, or draft.
            stored = self.model._base_manager.filter(pk=obj.pk).values_list("status", flat=True).first()
            obj.status = stored or self.model.Status.DRAFT
            if change and stored is not None and self._held_for_review(request, obj, form, stored):
                return
        super().save_model(request, obj, form, change)

    def _held_for_review(self, request, obj, form, stored_status):
        """Hold the change as a revision when it needs a Publisher (moderation.needs_approval)."""
        live = self.model._base_manager.get(pk=obj.pk)
        proposed = proposed_state(obj, form)
        changed = moderation.changed_fields(moderation.state_of(live), proposed)
        if not moderation.needs_approval(request.user, self.model, stored_status, changed):
            return False
        # Nothing of the live record is written: not its fields, not its links.
        form.save_m2m = lambda: None
        request._held = (live, proposed)
        if getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None) is not None:
            self._hold(request, origin="revert to an earlier version")
        return True

    def save_related(self, request, form, formsets, change):
        if not hasattr(request, "_held"):
            return super().save_related(request, form, formsets, change)
        proposed = request._held[1]
        for formset in formsets:
            if isinstance(formset, CitationFormSet) and formset.has_changed():
                proposed["citations"] = formset.citation_states()
            elif formset.model is RecordTranslation:
                # Translations are not part of a revision. Held saves that reach here with
                # translations are an Editor's on a draft (a contact change): the draft's
                # translations are saved as they would be without it. On a live record an
                # Editor cannot change them (TranslationInline).
                self.save_formset(request, form, formset, change=True)
        self._hold(request, origin="change form")

    def _hold(self, request, origin):
        live, proposed = request._held
        request._revision = moderation.propose(
            user=request.user, record=live, proposed=proposed, origin=origin
        )

    def construct_change_message(self, request, form, formsets, add=False):
        if hasattr(request, "_held"):  # nothing was saved; log_change says what was held
            return []
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if hasattr(request, "_held"):
            revision = getattr(request, "_revision", None)
            message = f"Proposed revision {revision.pk}" if revision else "Withdrew a revision"
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if not hasattr(request, "_held"):
            return super().response_change(request, obj)
        revision = request._revision
        if revision is None:
            self.message_user(
                request,
                gettext("Nothing differs from the live record; nothing is awaiting review."),
                messages.INFO,
            )
        else:
            self.message_user(
                request,
                gettext(
                    "Your change is saved as a revision awaiting a Publisher's review; "
                    "the live record is unchanged until it is approved."
                ),
                messages.SUCCESS,
            )
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )

    def verify_view(self, request, object_id):
        """Record a verification: who (the user), when, how, and the evidence."""
        record = self.get_object(request, unquote(object_id))
        if record is None or not request.user.has_perm("resources.add_verification"):
            raise PermissionDenied
        form = VerificationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                moderation.record_verification(user=request.user, record=record, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, gettext("Verification recorded."), messages.SUCCESS)
                opts = self.model._meta
                return HttpResponseRedirect(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Record a verification of “%(record)s”") % {"record": record},
            "opts": self.model._meta,
            "original": record,
            "form": form,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/resources/verify.html", context)

    @admin.action(description=_("Publish selected records"), permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, self.model.Status.PUBLISHED)

    @admin.action(description=_("Archive selected records"), permissions=["publish"])
    def archive(self, request, queryset):
        self._set_status(request, queryset, self.model.Status.ARCHIVED)

    def _set_status(self, request, queryset, status):
        """Publish or archive the records of ``queryset``."""
        try:
            changed = services.entries_set_status(user=request.user, queryset=queryset, status=status)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        if status == self.model.Status.PUBLISHED:
            done = ngettext(
                "%(count)d record is now published.", "%(count)d records are now published.", changed
            )
        else:
            done = ngettext(
                "%(count)d record is now archived.", "%(count)d records are now archived.", changed
            )
        self.message_user(request, done % {"count": changed}, messages.SUCCESS)


class ReviewedFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "reviewed"

    def lookups(self, request, model_admin):
        return [("no", _("Not yet reviewed")), ("yes", _("Reviewed"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(reviewed_at__isnull=self.value() == "no")
        return queryset


@admin.register(RecordTranslation)
class RecordTranslationAdmin(HistoryAdmin):
    """Every translation, to find those awaiting review. Each is written and reviewed in its
    record's form, beside the English it translates (TranslationInline)."""

    list_display = ("name", "language", "record_link", "translated_by", "is_reviewed", "modified")
    list_filter = ("language", ReviewedFilter, "content_type")
    search_fields = ("name", "summary")
    list_display_links = None
    list_select_related = ("content_type",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("record"))
    def record_link(self, obj):
        url = reverse(f"admin:resources_{obj.content_type.model}_change", args=[obj.object_id])
        return format_html('<a href="{}">{}</a>', url, gettext("Review beside the English"))

    @admin.display(description=_("reviewed"), boolean=True)
    def is_reviewed(self, obj):
        return obj.is_reviewed


@admin.register(Organization)
class OrganizationAdmin(EntryAdmin):
    list_display = ("name", "acronym", "kind", "status", "headquarters_country", "last_verified")
    list_filter = ("status", "kind", "focus_areas", "regions")
    search_fields = ("name", "slug", "acronym", "aliases", "summary")
    autocomplete_fields = (*EntryAdmin.autocomplete_fields, "headquarters_country", "parent")
    list_select_related = ("headquarters_country",)


@admin.register(LegalInstrument)
class LegalInstrumentAdmin(EntryAdmin):
    list_display = ("name", "short_title", "kind", "scope", "adopted_year", "status")
    list_filter = ("status", "kind", "scope", "focus_areas", "regions")
    search_fields = ("name", "slug", "short_title", "aliases", "summary")
    autocomplete_fields = (
        *EntryAdmin.autocomplete_fields,
        "adopting_body",
        "custodians",
        "supplements",
    )


@admin.register(Strategy)
class StrategyAdmin(EntryAdmin):
    list_display = ("name", "scope", "kind", "start_year", "end_year", "status")
    list_filter = ("status", "scope", "kind", "focus_areas", "regions")
    autocomplete_fields = (
        *EntryAdmin.autocomplete_fields,
        "lead_organizations",
        "partner_organizations",
        "implements",
    )


@admin.register(SupportService)
class SupportServiceAdmin(EntryAdmin):
    form = SupportServiceAdminForm
    list_display = ("name", "provider", "is_24_7", "address_is_confidential", "status")
    list_filter = ("status", "service_types", "populations", "is_24_7", "focus_areas")
    autocomplete_fields = (
        *EntryAdmin.autocomplete_fields,
        "provider",
        "service_types",
        "populations",
    )
    list_select_related = ("provider",)


@admin.register(Citation)
class CitationAdmin(HistoryAdmin):
    """Citations on their own. A citation of a published record changes only through
    the record's form for anyone who cannot publish it, so that the change is reviewed."""

    list_display = ("__str__", "source", "content_type", "object_id", "field", "is_correction")
    list_filter = ("source", "content_type")
    search_fields = ("quote", "correction")
    autocomplete_fields = ("source",)
    readonly_fields = ("created", "modified")
    list_select_related = ("source",)

    @admin.display(boolean=True, description=_("correction"))
    def is_correction(self, citation):
        return citation.is_correction

    def _live_and_unpublishable(self, request, citation):
        entry = citation.entry if citation is not None and citation.content_type_id else None
        return (
            entry is not None and entry.is_published and not services.can_publish(request.user, type(entry))
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._live_and_unpublishable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._live_and_unpublishable(request, obj)

    def save_model(self, request, obj, form, change):
        if self._live_and_unpublishable(request, obj):
            raise PermissionDenied(gettext("Change a published record's citations through the record."))
        super().save_model(request, obj, form, change)


@admin.register(Reference)
class ReferenceAdmin(HistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("title", "publisher", "published_on", "accessed_on")
    search_fields = ("title", "publisher", "url", "slug")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("created", "modified")


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ("title", "is_ai_generated", "title_is_editorial", "citation_count", "modified")
    list_filter = ("is_ai_generated",)
    search_fields = ("title", "slug", "text")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("created", "modified")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    @admin.display(ordering="citation_count", description=_("citations"))
    def citation_count(self, source):
        return source.citation_count


@admin.register(Region)
class RegionAdmin(HistoryAdmin):
    list_display = ("name", "kind", "m49_code", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "m49_code")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent", "members")
    list_select_related = ("parent",)


@admin.register(Country)
class CountryAdmin(HistoryAdmin):
    list_display = ("name", "code", "region")
    list_filter = ("region",)
    search_fields = ("code",)
    autocomplete_fields = ("region",)
    list_select_related = ("region",)

    def get_search_results(self, request, queryset, search_term):
        # Names live in django-countries, not in the table: match them in Python.
        term = search_term.strip().lower()
        if not term:
            return queryset, False
        codes = [code for code, name in country_names if term in name.lower() or term == code.lower()]
        return queryset.filter(code__in=codes), False


class TaxonomyTermAdmin(HistoryAdmin):
    list_display = ("name", "slug", "position")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


admin.site.register(FocusArea, TaxonomyTermAdmin)
admin.site.register(ServiceType, TaxonomyTermAdmin)
admin.site.register(Population, TaxonomyTermAdmin)
from resources import review_admin  # noqa: E402,F401  (registers the review pages)
