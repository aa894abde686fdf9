"""The staff side: every model in the admin, with the Editor / Publisher split.

Editors add and change entries but never publish, archive or delete them:
the status field is read-only for them, the publish and archive actions are
hidden, and a new record they create starts as a draft. Publishers hold the
``publish_<model>`` permission and the delete permission as well.
"""

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models
from django.db.models import Count
from django.utils.translation import ngettext
from django_countries import countries as country_names

from resources import services
from resources.models import (
    Citation,
    Country,
    FocusArea,
    LegalInstrument,
    Organization,
    Population,
    Region,
    ServiceType,
    Source,
    Strategy,
    SupportService,
)

admin.site.site_header = "Counter-trafficking directory"
admin.site.site_title = "Directory admin"
admin.site.index_title = "Records"


class CitationInline(GenericTabularInline):
    model = Citation
    extra = 0
    fields = ("source", "quote", "field", "correction", "position")
    autocomplete_fields = ("source",)
    ordering = ("position", "pk")


class EntryAdmin(admin.ModelAdmin):
    # A URL typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "status", "last_verified", "modified")
    list_filter = ("status", "focus_areas", "regions")
    search_fields = ("name", "slug", "summary")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("regions", "countries", "focus_areas")
    readonly_fields = ("created", "modified")
    inlines = (CitationInline,)
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

    @admin.action(description="Publish selected records", permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, self.model.Status.PUBLISHED)

    @admin.action(description="Archive selected records", permissions=["publish"])
    def archive(self, request, queryset):
        self._set_status(request, queryset, self.model.Status.ARCHIVED)

    def _set_status(self, request, queryset, status):
        changed = services.entries_set_status(user=request.user, queryset=queryset, status=status)
        self.message_user(
            request,
            ngettext("%(count)d record is now %(status)s.", "%(count)d records are now %(status)s.", changed)
            % {"count": changed, "status": status},
            messages.SUCCESS,
        )


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
class CitationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "source", "content_type", "object_id", "field", "is_correction")
    list_filter = ("source", "content_type")
    search_fields = ("quote", "correction")
    autocomplete_fields = ("source",)
    readonly_fields = ("created", "modified")
    list_select_related = ("source",)

    @admin.display(boolean=True, description="correction")
    def is_correction(self, citation):
        return citation.is_correction


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("title", "is_ai_generated", "title_is_editorial", "citation_count", "modified")
    list_filter = ("is_ai_generated",)
    search_fields = ("title", "slug", "text")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("created", "modified")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    @admin.display(ordering="citation_count", description="citations")
    def citation_count(self, source):
        return source.citation_count


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "m49_code", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "m49_code")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent", "members")
    list_select_related = ("parent",)


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
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


class TaxonomyTermAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


admin.site.register(FocusArea, TaxonomyTermAdmin)
admin.site.register(ServiceType, TaxonomyTermAdmin)
admin.site.register(Population, TaxonomyTermAdmin)
