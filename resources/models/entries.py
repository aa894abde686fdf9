"""The four kinds of directory entry, on one abstract base."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import m2m_changed, pre_save
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from resources.addresses import record_url
from resources.phones import validate_stored as validate_stored_phone
from resources.querysets import EntryManager, ServiceManager

from .permalinks import FormerSlug, record_slug_change
from .provenance import Citation
from .taxonomy import Country, FocusArea, Population, Region, ServiceType, seed_digest_field
from .translations import RecordTranslation

# Plausible years for anything in the directory: the oldest organization
# (Anti-Slavery International, 1839) to well past any plan now in force.
MIN_YEAR = 1800
MAX_YEAR = 2100
YEAR_VALIDATORS = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]


def year_field(verbose_name, **kwargs):
    return models.PositiveSmallIntegerField(
        verbose_name, null=True, blank=True, validators=YEAR_VALIDATORS, **kwargs
    )


def year_in_range(field_name, prefix):
    return models.CheckConstraint(
        condition=models.Q(**{f"{field_name}__isnull": True})
        | models.Q(**{f"{field_name}__gte": MIN_YEAR, f"{field_name}__lte": MAX_YEAR}),
        name=f"{prefix}_{field_name}_plausible",
    )


class Entry(models.Model):
    """What every directory entry has: identity, coverage, topics, status, provenance."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("status of a record", "Draft")
        PUBLISHED = "published", pgettext_lazy("status of a record", "Published")
        ARCHIVED = "archived", pgettext_lazy("status of a record", "Archived")

    name = models.CharField(verbose_name=_("name"), max_length=300)
    slug = models.SlugField(verbose_name=_("slug"), max_length=120, unique=True)
    summary = models.TextField(
        verbose_name=_("summary"), help_text=_("One or two sentences for lists and search results.")
    )
    description = models.TextField(verbose_name=_("description"), blank=True)
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Coverage is decided on purpose: worldwide, or the regions and countries named.
    # Publishing refuses a record with neither, or both (moderation.publication_problems),
    # so that for every public record "worldwide" and "no place named" are the same;
    # the read model and the pages go by the places named.
    is_global = models.BooleanField(
        _("applies worldwide"),
        default=False,
        help_text=_(
            "Tick only for a record that applies everywhere; otherwise name its regions or countries."
        ),
    )
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), blank=True, related_name="+")
    countries = models.ManyToManyField(Country, verbose_name=_("countries"), blank=True, related_name="+")
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("focus areas"), blank=True, related_name="+"
    )
    website = models.URLField(verbose_name=_("website"), blank=True)
    reference_fields = models.JSONField(
        verbose_name=_("reference fields"),
        default=list,
        blank=True,
        help_text=_("Names of the fields whose values are reference knowledge, not from a source."),
    )
    reference_note = models.TextField(
        verbose_name=_("reference note"),
        blank=True,
        help_text=_("Where the reference facts come from and how to check them."),
    )
    # Set only by recording a verification (resources.moderation.record_verification).
    last_verified = models.DateField(
        verbose_name=_("last verified"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When staff last verified this record against the organization or an official source."),
    )
    verification_note = models.TextField(
        _("notes for verifiers"),
        blank=True,
        help_text=_("What the next person to verify this record should check, and where."),
    )
    citations = GenericRelation(Citation, verbose_name=_("citations"))
    # The slugs the record gave up; old links redirect to the current one.
    former_slugs = GenericRelation(FormerSlug, verbose_name=_("former slugs"))
    # Its name, summary and description in the other site languages (resources/translations.py).
    translations = GenericRelation(RecordTranslation, verbose_name=_("translations"))
    created = models.DateTimeField(verbose_name=_("created"), auto_now_add=True)
    modified = models.DateTimeField(verbose_name=_("modified"), auto_now=True, db_index=True)
    # The digest of the content `manage.py seed` last wrote; a record whose
    # content no longer matches it was edited by staff and is left alone.
    seed_digest = seed_digest_field()
    # Moves on every save and every change of the entry's links; the admin
    # refuses a save made from an older version (services.check_version), so
    # that no edit silently overwrites another.
    version = models.PositiveIntegerField(verbose_name=_("version"), default=1, editable=False)

    objects = EntryManager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        old_slug = None
        if not self._state.adding and self.pk is not None:
            # From the stored version, not the one in memory, so that a stale
            # copy cannot move the version back to a value an editor loaded.
            stored = type(self)._base_manager.filter(pk=self.pk).values_list("version", "slug").first()
            self.version = (self.version if stored is None else stored[0]) + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
            if (
                stored is not None
                and stored[1] != self.slug
                and (update_fields is None or "slug" in update_fields)
            ):
                old_slug = stored[1]
        super().save(*args, **kwargs)
        if old_slug:
            # Whatever renamed it (admin, revert, suggestion, seed): old links keep working.
            record_slug_change(self, old_slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def clean(self):
        super().clean()
        unknown = set(self.reference_fields or []) - {f.name for f in self._meta.get_fields()}
        if unknown:
            raise ValidationError(
                {
                    "reference_fields": gettext("Not fields of this record: %(fields)s.")
                    % {"fields": ", ".join(sorted(unknown))}
                }
            )


# The relations every entry has; each kind adds its own to its history.
ENTRY_M2M_FIELDS = ["regions", "countries", "focus_areas"]


def entry_history(*m2m_fields):
    """Who changed what and when, including the entry's many-to-many links."""
    return HistoricalRecords(m2m_fields=[*ENTRY_M2M_FIELDS, *m2m_fields])


def entry_indexes(prefix):
    return [models.Index(fields=["status", "name"], name=f"{prefix}_status_name")]


class Organization(Entry):
    class Kind(models.TextChoices):
        UN_BODY = "un_body", _("UN agency or body")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organization")
        REGIONAL_BODY = "regional_body", _("Regional intergovernmental body")
        GOVERNMENT = "government", _("Government or public agency")
        NGO = "ngo", _("Non-governmental organization")
        LAW_ENFORCEMENT = "law_enforcement", _("Law-enforcement cooperation")
        TECHNOLOGY = "technology", _("Technology nonprofit")
        FOUNDATION = "foundation", _("Foundation")

    acronym = models.CharField(verbose_name=_("acronym"), max_length=30, blank=True)
    aliases = models.CharField(
        verbose_name=_("aliases"),
        max_length=300,
        blank=True,
        help_text=_("Other names, comma-separated (former names, translations)."),
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    founded_year = year_field(pgettext_lazy("year an organization was founded", "founded"))
    headquarters_country = models.ForeignKey(
        Country,
        verbose_name=_("headquarters country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="headquartered",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
        help_text=_("The organization this one is part of."),
    )

    history = entry_history()

    class Meta(Entry.Meta):
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        permissions = [("publish_organization", "Can publish and archive organizations")]
        indexes = [*entry_indexes("org"), models.Index(fields=["kind", "name"], name="org_kind_name")]
        constraints = [year_in_range("founded_year", "org")]

    def get_absolute_url(self):
        return record_url("resources:organization-detail", self.slug)


class LegalInstrument(Entry):
    class Kind(models.TextChoices):
        CONVENTION = "convention", _("Convention")
        PROTOCOL = "protocol", _("Protocol")
        DIRECTIVE = "directive", _("Directive")
        NATIONAL_LAW = "national_law", _("National law")
        AGREEMENT = "agreement", _("Bilateral or mutual-assistance agreement")

    class Scope(models.TextChoices):
        INTERNATIONAL = "international", pgettext_lazy("scope of a legal instrument", "International")
        REGIONAL = "regional", pgettext_lazy("scope of a legal instrument", "Regional")
        NATIONAL = "national", pgettext_lazy("scope of a legal instrument", "National")
        BILATERAL = "bilateral", pgettext_lazy("scope of a legal instrument", "Bilateral")

    short_title = models.CharField(verbose_name=_("short title"), max_length=120, blank=True)
    aliases = models.CharField(
        verbose_name=_("aliases"), max_length=300, blank=True, help_text=_("Other names, comma-separated.")
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    scope = models.CharField(verbose_name=_("scope"), max_length=20, choices=Scope.choices, db_index=True)
    adopting_body = models.ForeignKey(
        Organization,
        verbose_name=_("adopting body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adopted_instruments",
    )
    custodians = models.ManyToManyField(
        Organization,
        verbose_name=_("custodians"),
        blank=True,
        related_name="custodian_of",
        help_text=_("Organizations that promote or monitor the instrument."),
    )
    adopted_year = year_field(pgettext_lazy("year a legal instrument was adopted", "adopted"), db_index=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    entry_into_force_year = year_field(_("entered into force"))
    entry_into_force_on = models.DateField(_("entered into force on"), null=True, blank=True)
    supplements = models.ForeignKey(
        "self",
        verbose_name=_("supplements"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supplemented_by",
        help_text=_("The instrument this one supplements (a protocol's parent convention)."),
    )
    official_text_url = models.URLField(_("official text"), blank=True)

    history = entry_history("custodians")

    class Meta(Entry.Meta):
        verbose_name = _("legal instrument")
        verbose_name_plural = _("legal instruments")
        permissions = [("publish_legalinstrument", "Can publish and archive legal instruments")]
        indexes = [
            *entry_indexes("instr"),
            models.Index(fields=["adopted_year", "name"], name="instr_year_name"),
        ]
        constraints = [
            year_in_range("adopted_year", "instr"),
            year_in_range("entry_into_force_year", "instr"),
            models.CheckConstraint(
                condition=models.Q(entry_into_force_year__isnull=True)
                | models.Q(adopted_year__isnull=True)
                | models.Q(entry_into_force_year__gte=models.F("adopted_year")),
                name="instr_force_not_before_adoption_year",
            ),
            models.CheckConstraint(
                condition=models.Q(entry_into_force_on__isnull=True)
                | models.Q(adopted_on__isnull=True)
                | models.Q(entry_into_force_on__gte=models.F("adopted_on")),
                name="instr_force_not_before_adoption_date",
            ),
        ]

    def get_absolute_url(self):
        return record_url("resources:instrument-detail", self.slug)

    def clean(self):
        super().clean()
        errors = {}
        for date_field, year_field_name in (
            ("adopted_on", "adopted_year"),
            ("entry_into_force_on", "entry_into_force_year"),
        ):
            date, year = getattr(self, date_field), getattr(self, year_field_name)
            if date and not year:
                # A full date settles the year; the year alone stands when no date is known.
                setattr(self, year_field_name, date.year)
            elif date and year and date.year != year:
                errors[date_field] = gettext("The date is in %(date_year)s but the year says %(year)s.") % {
                    "date_year": date.year,
                    "year": year,
                }
        if (
            self.adopted_year
            and self.entry_into_force_year
            and self.entry_into_force_year < self.adopted_year
        ):
            errors["entry_into_force_year"] = gettext("Entry into force cannot come before adoption.")
        if self.adopted_on and self.entry_into_force_on and self.entry_into_force_on < self.adopted_on:
            errors["entry_into_force_on"] = gettext("Entry into force cannot come before adoption.")
        if self.supplements_id and self.supplements_id == self.pk:
            errors["supplements"] = gettext("An instrument cannot supplement itself.")
        if errors:
            raise ValidationError(errors)


class Strategy(Entry):
    class Scope(models.TextChoices):
        REGIONAL = "regional", pgettext_lazy("scope of a strategy", "Regional")
        NATIONAL = "national", pgettext_lazy("scope of a strategy", "National")
        BILATERAL = "bilateral", pgettext_lazy("scope of a strategy", "Bilateral")
        MULTILATERAL = "multilateral", pgettext_lazy("scope of a strategy", "Multilateral")

    class Kind(models.TextChoices):
        PLAN_OF_ACTION = "plan_of_action", _("Plan of action")
        NATIONAL_STRATEGY = "national_strategy", _("National strategy or framework")
        COOPERATION = "cooperation", _("Cooperation arrangement")
        PROGRAMME = "programme", _("Programme")
        CASE_STUDY = "case_study", _("Case study")

    scope = models.CharField(verbose_name=_("scope"), max_length=20, choices=Scope.choices, db_index=True)
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    lead_organizations = models.ManyToManyField(
        Organization, verbose_name=_("lead organizations"), blank=True, related_name="led_strategies"
    )
    partner_organizations = models.ManyToManyField(
        Organization, verbose_name=_("partner organizations"), blank=True, related_name="partner_strategies"
    )
    implements = models.ManyToManyField(
        LegalInstrument, verbose_name=_("implements"), blank=True, related_name="implemented_by"
    )
    start_year = year_field(pgettext_lazy("first year of a strategy", "from"), db_index=True)
    end_year = year_field(pgettext_lazy("last year of a strategy", "until"))
    approaches = models.TextField(verbose_name=_("approaches"), blank=True)
    outcomes = models.TextField(
        _("outcomes and evidence"), blank=True, help_text=_("What is known of its effect, and how well.")
    )

    history = entry_history("lead_organizations", "partner_organizations", "implements")

    class Meta(Entry.Meta):
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        permissions = [("publish_strategy", "Can publish and archive strategies")]
        indexes = [*entry_indexes("strat"), models.Index(fields=["scope", "name"], name="strat_scope_name")]
        constraints = [
            year_in_range("start_year", "strat"),
            year_in_range("end_year", "strat"),
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(start_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="strat_period_in_order",
            ),
        ]

    def get_absolute_url(self):
        return record_url("resources:strategy-detail", self.slug)

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": gettext("The period cannot end before it starts.")})


class SupportService(Entry):
    provider = models.ForeignKey(
        Organization,
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="services",
    )
    service_types = models.ManyToManyField(
        ServiceType, verbose_name=_("service types"), blank=True, related_name="services"
    )
    populations = models.ManyToManyField(
        Population, verbose_name=_("populations"), blank=True, related_name="services"
    )
    # The help sections of country, home and service pages list only these: a tool
    # for investigators (Thorn's) is a support service no victim can contact.
    open_to_victims = models.BooleanField(
        _("victims can ask it for help"),
        default=True,
        help_text=_(
            "Whether a victim or survivor can contact it for help themselves. "
            "Only these are listed where the site offers help."
        ),
    )
    delivers_in_person = models.BooleanField(_("in person"), default=False)
    delivers_by_phone = models.BooleanField(_("by phone"), default=False)
    delivers_by_sms = models.BooleanField(_("by SMS / text"), default=False)
    delivers_online = models.BooleanField(_("online"), default=False)
    # Stored as E.164 or a short code's digits (resources/phones.py); the admin and the
    # suggestion form turn what a person types into that form.
    phone = models.CharField(
        verbose_name=_("phone"),
        max_length=40,
        blank=True,
        validators=[validate_stored_phone],
        help_text=_("With its country code (+1 …) or as dialled in the service's country."),
    )
    sms = models.CharField(
        _("SMS / text"),
        max_length=40,
        blank=True,
        validators=[validate_stored_phone],
        help_text=_("A number or short code that takes text messages."),
    )
    email = models.EmailField(verbose_name=_("email"), blank=True)
    contact_url = models.URLField(_("contact page"), blank=True)
    hours = models.CharField(verbose_name=_("hours"), max_length=120, blank=True)
    is_24_7 = models.BooleanField(_("open 24/7"), default=False)
    languages = models.CharField(verbose_name=_("languages"), max_length=300, blank=True)
    cost = models.CharField(verbose_name=_("cost"), max_length=120, blank=True)
    eligibility = models.TextField(verbose_name=_("eligibility"), blank=True)
    address = models.TextField(verbose_name=_("address"), blank=True)
    address_is_confidential = models.BooleanField(
        verbose_name=_("address is confidential"),
        default=True,
        help_text=_("A confidential address is never shown outside the admin (shelters)."),
    )
    no_contact_reason = models.TextField(
        _("why no contact channel"),
        blank=True,
        help_text=_("Required to publish a service with no phone, SMS, email, website or contact page."),
    )

    history = entry_history("service_types", "populations")

    objects = ServiceManager()

    class Meta(Entry.Meta):
        verbose_name = _("support service")
        verbose_name_plural = _("support services")
        permissions = [("publish_supportservice", "Can publish and archive support services")]
        indexes = entry_indexes("svc")

    def get_absolute_url(self):
        return record_url("resources:service-detail", self.slug)

    @property
    def has_contact_channel(self):
        return any(getattr(self, name) for name in CONTACT_CHANNELS)

    @property
    def public_address(self):
        """The address if it may be shown to the public, else an empty string."""
        return "" if self.address_is_confidential else self.address

    @property
    def delivery_modes(self):
        return [
            label
            for flag, label in (
                (self.delivers_in_person, gettext("in person")),
                (self.delivers_by_phone, gettext("by phone")),
                (self.delivers_by_sms, gettext("by SMS / text")),
                (self.delivers_online, gettext("online")),
            )
            if flag
        ]


ENTRY_MODELS = (Organization, LegalInstrument, Strategy, SupportService)

# The ways a person can reach a service.
CONTACT_CHANNELS = ("phone", "sms", "email", "website", "contact_url")
# Contact details: a change to any of them needs a Publisher's approval, whoever's record it is.
CONTACT_FIELDS = (*CONTACT_CHANNELS, "address", "hours")


def _links_change_the_version(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A change of an entry's links moves its version, as a save does.

    On the pre_ actions, so that the history record written after the change
    carries the new version.
    """
    if action not in ("pre_add", "pre_remove", "pre_clear") or getattr(instance, "_loaded_raw", False):
        return
    if not reverse:
        if action == "pre_clear" or pk_set:
            entries = type(instance)._base_manager.filter(pk=instance.pk)
            entries.update(version=models.F("version") + 1)
            instance.version = entries.values_list("version", flat=True).first() or instance.version
    elif model in ENTRY_MODELS:
        # From the other side (organization.custodian_of.add(...)): the entries are in pk_set,
        # or for a clear, every entry linked to ``instance`` through this relation.
        if pk_set is None:
            field = next(f for f in model._meta.many_to_many if f.remote_field.through is sender)
            entries = model._base_manager.filter(**{field.name: instance})
        else:
            entries = model._base_manager.filter(pk__in=pk_set)
        entries.update(version=models.F("version") + 1)


for _model in ENTRY_MODELS:
    for _field in _model._meta.local_many_to_many:
        m2m_changed.connect(_links_change_the_version, sender=_field.remote_field.through)


def _raw_loads_leave_history_alone(sender, instance, raw=False, **kwargs):
    """Records loaded as they are (loaddata, a restore) keep their own history and version.

    simple-history already skips a raw save; this makes it skip the links
    loaddata sets afterwards too, and keeps them from moving the version.
    """
    if raw and hasattr(sender._meta, "simple_history_manager_attribute"):
        instance._loaded_raw = True
        instance.skip_history_when_saving = True


pre_save.connect(_raw_loads_leave_history_alone, dispatch_uid="resources_raw_loads_leave_history_alone")
