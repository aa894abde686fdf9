"""Public HTML pages.

Every queryset starts from the visibility rules in resources/querysets.py:
``published()`` for lists, counts, facets, search and related records, and
``visible_to(user)`` for a detail page (staff may preview a draft). Anonymous
visitors get no cookie: no form here carries a CSRF token and no view touches
the session beyond reading it.
"""

import itertools
import re

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from django_countries import countries

from directory import languages
from pagecache.memo import query_parts, remember
from pagecache.middleware import uses_parameters
from resources import filters as entry_filters
from resources import kinds, selectors, translations
from resources.geography import Geography, region_tree
from resources.help import country_help
from resources.models import (
    Citation,
    Country,
    FocusArea,
    FormerSlug,
    LegalInstrument,
    PublicEntry,
    Region,
    Source,
    SupportService,
)
from resources.querysets import Coverage
from resources.readmodel import search
from resources.relations import public, with_public_relations
from resources.visuals.timeline import bounded_timeline

PAGE_SIZE = entry_filters.PAGE_SIZE
HOTLINE_SLUG = "hotline"
PAGE_RE = re.compile(r"[0-9]{1,7}")


def paginate(request, items, per_page=PAGE_SIZE, count=None):
    """The requested page; a malformed or out-of-range page number is a 404.

    ``count``, when the caller knows it, saves counting ``items`` again.
    """
    raw = request.GET.get("page", "1") or "1"
    if not PAGE_RE.fullmatch(raw):
        raise Http404("No such page.")
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not computed
    try:
        return paginator.page(int(raw))
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page.") from None


# Home, safety, search --------------------------------------------------------


def country_options():
    """[(ISO code, name)] of every country, by name: the choices of a country select.
    django-countries keeps its names sorted (accents aside: Åland Islands before Albania);
    naming each Country row instead took 11 ms a page."""
    present = set(Country.objects.values_list("code", flat=True))
    return [(country.code, country.name) for country in countries if country.code in present]


class CountryPickForm(forms.Form):
    """The home page's country picker: a plain GET form, no JavaScript, no geolocation.
    An ISO code in either case is accepted (``/?country=th`` is a link people share)."""

    country = entry_filters.LookupField(
        label=_("Your country"),
        required=False,
        queryset=Country.objects.select_related("region__parent__parent__parent"),
        lookup="code",
        pattern=entry_filters.COUNTRY_RE,
        upper=True,
        unknown=_("There is no country “%(value)s”."),
    )

    def choices(self):
        return [("", gettext("Choose a country")), *country_options()]


class HomeView(View):
    """Help first: the help box (for the chosen country, or every hotline) opens the page."""

    def get(self, request):
        uses_parameters(request, "country")
        picker = CountryPickForm(request.GET)
        valid = picker.is_valid()
        country = picker.cleaned_data["country"] if valid else None
        context = {
            "picker": picker,
            "help": None,
            "hotlines": [],
            "kinds": [
                {**kind.info(), "count": kind.model.objects.published().count()} for kind in kinds.KINDS
            ],
            "sources": Source.objects.only("title", "slug", "is_ai_generated"),
            "topics": FocusArea.objects.all(),
            "regions": Region.objects.filter(kind__in=[Region.Kind.CONTINENT, Region.Kind.GROUPING]).order_by(
                "kind", "name"
            ),
            "search_form": SearchForm(),
            "timeline": bounded_timeline(LegalInstrument.objects.published().only(*TIMELINE_FIELDS)),
        }
        if country is not None:
            context["help"] = country_help(country)
        else:
            context["hotlines"] = hotlines()
        response = render(request, "resources/home.html", context, status=200 if valid else 400)
        return languages.offering_language(request, response)


TIMELINE_FIELDS = (
    "name",
    "slug",
    "adopted_on",
    "adopted_year",
    "entry_into_force_on",
    "entry_into_force_year",
)


def hotlines():
    """Published hotlines a victim can call or text, wherever they are."""
    return translations.loaded_with(
        SupportService.objects.published()
        .open_to_victims()
        .with_term("service_type", HOTLINE_SLUG)
        .exclude(phone="", sms="")
        .select_related("provider")
        .prefetch_related("countries", "regions")
        .order_by("name", "pk")
    )


class SafetyView(TemplateView):
    template_name = "resources/safety.html"


class SearchForm(forms.Form):
    # No max_length: a longer query is cut (and the page says so), not refused.
    q = forms.CharField(label=_("Search the directory"), required=False, strip=True)


class SearchView(View):
    """One ranked list across the four kinds (resources/readmodel/search.py)."""

    limit = 1000  # the best matches shown; a query matching more says so

    def get(self, request):
        uses_parameters(request, *SearchForm.base_fields, "page")
        form = SearchForm(request.GET)
        context = {"form": form, "query": "", "page_obj": None, "results": []}
        if not form.is_valid():
            return render(request, "resources/search.html", context, status=400)
        typed = form.cleaned_data["q"]
        query = typed[: search.MAX_QUERY]
        context.update(query=query, cut=len(typed) > len(query))
        if query:
            understood = search.understand(query)
            ids = search.ranked_ids(understood, self.limit + 1)
            page = paginate(request, ids[: self.limit])
            context.update(
                understood=understood,
                page_obj=page,
                results=search_results(page.object_list),
                total=len(ids[: self.limit]),
                more=len(ids) > self.limit,
                countries=list(Country.objects.filter(code__in=understood.countries)),
            )
            if not ids:
                context["hotlines"] = hotlines()
        return render(request, "resources/search.html", context)


def search_results(ids):
    """[{"kind": label, "entry": record}] for read-model ``ids``, in their order: each
    record loaded from its own table (one query per kind on the page) for its row."""
    keys = [(row.kind, row.record_id) for row in map(PublicEntry.objects.in_bulk(ids).get, ids)]
    wanted = {}
    for key, record_id in keys:
        wanted.setdefault(key, []).append(record_id)
    records = {}
    for key, record_ids in wanted.items():
        kind = kinds.BY_KEY[key]
        for record in kind.model.objects.published().filter(pk__in=record_ids):
            records[(key, record.pk)] = {"kind": kind.singular, "entry": record}
    translations.attach([result["entry"] for result in records.values()])
    return [records[key] for key in keys if key in records]


# Lists --------------------------------------------------------------------------

ORDERING_LABELS = {
    "name": _("Name, A to Z"),
    "-name": _("Name, Z to A"),
    "-modified": _("Recently updated"),
    "modified": _("Least recently updated"),
    "-created": _("Newest in the directory"),
    "created": _("Oldest in the directory"),
    "founded_year": _("Founded, oldest first"),
    "-founded_year": _("Founded, newest first"),
    "adopted_year": _("Adopted, oldest first"),
    "-adopted_year": _("Adopted, newest first"),
    "entry_into_force_year": _("In force, oldest first"),
    "-entry_into_force_year": _("In force, newest first"),
    "start_year": _("Starting year, oldest first"),
    "-start_year": _("Starting year, newest first"),
    "end_year": _("Ending year, earliest first"),
    "-end_year": _("Ending year, latest first"),
}


class EntryListView(View):
    """The list page of one kind (``as_view(kind=...)``): its filters, facets, visuals."""

    kind = None
    template_name = "resources/entry_list.html"

    @property
    def model(self):
        return self.kind.model

    @property
    def filterset_class(self):
        return self.kind.filterset_class

    def get(self, request):
        filterset = selectors.filtered(self.kind, request.GET)
        uses_parameters(request, *filterset.filters, "page", "layer")  # layer: the map's
        valid = filterset.is_valid()
        context = {
            "kind": self.kind.info(),
            "filterset": filterset,
            "errors": [] if valid else error_list(filterset),
            "page_obj": None,
        }
        if valid:
            count, share, context["controls"], context["explore_results"] = remember(
                # The summary's shape is in its name: a new shape reads no entry of an old one.
                "list-summary",
                # The summary is in the page's language: kept once for each.
                (self.model._meta.label, translation.get_language(), query_parts(request, request.GET)),
                lambda: self.summary(request, filterset, context["kind"]),
            )
            queryset = selectors.listing(filterset.qs, count=lambda: count, share=lambda: share)
            context["page_obj"] = paginate(request, queryset, count=count)
            if not count:
                context["next_steps"] = next_steps(request, filterset, context["controls"])
        else:
            context["controls"] = controls(request, filterset, [], self.model)
        context["active"] = any(request.GET.get(name) for name in filterset.filters if name != "ordering")
        return render(request, self.template_name, context, status=200 if valid else 400)

    def summary(self, request, filterset, kind):
        """What every page of these results shares: how many there are and what part of
        the kind that is (``EntryFilter.share``), the filter controls with their facet
        counts, and the ways to explore them as HTML. Kept by ``remember()`` until the data
        changes."""
        facets = filterset.facet_counts()
        context = {"kind": kind, **self.explore_links(request)}
        if self.kind.timeline:
            context["timeline"] = bounded_timeline(filterset.qs.only(*TIMELINE_FIELDS))
        return (
            filterset.total(),
            filterset.share(),
            controls(request, filterset, facets, self.model),
            render_to_string("partials/explore_results.html", context, request),
        )

    def explore_links(self, request):
        """The same results on the explore pages' map and matrix (resources/explore_views.py).

        Linked rather than drawn here: counting every country and region under the
        filters costs many times what the list itself does, and most visits only read it.
        """
        params = request.GET.copy()
        params.pop("page", None)
        params["of"] = self.kind.key
        query = params.urlencode()
        return {
            "map_url": f"{reverse('resources:explore-map')}?{query}",
            "matrix_url": f"{reverse('resources:explore-matrix')}?{query}",
        }


def next_steps(request, filterset, controls):
    """What an empty result offers instead: the filters that narrowed it, each with a link
    that drops it, and, when a country was chosen, that country for its help section."""
    dropped = []
    for control in controls:
        name, value = control["name"], control["value"]
        if not value or name in ("ordering", "page"):
            continue
        query = request.GET.copy()
        query.pop(name, None)
        query.pop("page", None)
        dropped.append(
            {"label": control["label"], "value": control["value_label"], "query": query.urlencode()}
        )
    return {"filters": dropped, "country": filterset.form.cleaned_data.get("country")}


def error_list(filterset):
    """[(field id or "", label, message)] for the error summary at the top of the page."""
    form = filterset.form
    errors = []
    for name, messages in form.errors.items():
        if name == "__all__":
            errors.extend(("", "", str(m)) for m in messages)
        else:
            label = str(filterset.filters[name].label or name)
            errors.extend((f"id_{name}", label, str(m)) for m in messages)
    return errors


def controls(request, filterset, facets, model):
    """What the filter form shows, in order, with the submitted values and their errors."""
    form_errors = filterset.form.errors
    facet_values = {facet.name: values for facet, values in facets}
    items = []

    def add(name, kind, **extra):
        flt = filterset.filters[name]
        items.append(
            {
                "name": name,
                "id": f"id_{name}",
                "label": str(flt.label or name),
                "help": str(flt.extra.get("help_text", "")),
                "kind": kind,
                "value": request.GET.get(name, "")[: entry_filters.QUERY_MAX_LENGTH],
                "errors": form_errors.get(name, []),
                **extra,
            }
        )

    add("q", "text")
    uncounted = getattr(filterset, "uncounted", ())
    for facet in filterset.facets:
        extra = {}
        if facet.name in facet_values:
            options = [
                (v.value, str(v.label) if v.count is None else f"{v.label} ({v.count})")
                for v in facet_values[facet.name]
            ]
        elif facet.choices:
            options = [(value, str(label)) for value, label in facet.choices]
        else:
            options = []
        if facet.name in uncounted and not request.GET.get(facet.name):
            extra["help"] = gettext(
                "Too many to list here: narrow the results to %(most)s or fewer to choose among them."
            ) % {"most": number_format(facet.most, force_grouping=True)}
        add(facet.name, "select", options=options, **extra)
    add("region", "select", options=list(Region.objects.order_by("name").values_list("slug", "name")))
    add("country", "select", options=country_options())
    if "year_min" in filterset.filters:
        add("year_min", "number")
        add("year_max", "number")
    ordering_options = [
        (choice, str(ORDERING_LABELS.get(choice, choice)))
        for field in filterset.filters["ordering"].param_map
        for choice in (field, f"-{field}")
    ]
    # No "prefix with -" help: that is the API's way; the page offers each order by name.
    add("ordering", "select", options=ordering_options, empty_label=gettext("Default order"), help="")
    # The chosen value by its name alone (a facet option's label also carries its count).
    chosen = {facet.name: str(v.label) for facet, values in facets for v in values if v.selected}
    for item in items:
        item["value_label"] = item["value"]
        if item["kind"] == "select" and item["value"]:
            item["known"] = any(str(value) == item["value"] for value, _ in item["options"])
            options = {str(value): label for value, label in item["options"]}
            item["value_label"] = chosen.get(item["name"]) or options.get(item["value"], item["value"])
    return items


# Detail pages -------------------------------------------------------------------


class EntryDetailView(View):
    """A record's page (``as_view(kind=...)``); staff may preview a draft."""

    kind = None

    def get_queryset(self):
        return with_public_relations(self.kind.model.objects.visible_to(self.request.user))

    def get(self, request, slug):
        self.request = request
        try:
            entry = get_object_or_404(self.get_queryset(), slug=slug)
        except Http404:
            renamed = self.renamed(slug)
            if renamed is None:
                raise
            return redirect(renamed, permanent=True)
        citations = list(entry.citations.all())
        context = {
            "object": entry,
            "entry": entry,
            "kind": self.kind.info(),
            "citations": [c for c in citations if not c.correction],
            "corrections": [c for c in citations if c.correction],
            # The records it names by a to-one relation, when the public may see them.
            **{name: public(getattr(entry, name)) for name in self.kind.public_to_one},
        }
        translations.attach([context[name] for name in self.kind.public_to_one])
        return render(request, f"resources/{self.kind.key}_detail.html", context)

    def renamed(self, slug):
        """The record that used to have ``slug``, if it is visible here: old links keep working."""
        model = self.kind.model
        pk = FormerSlug.objects.current_pk(model, slug)
        if pk is None:
            return None
        return model.objects.visible_to(self.request.user).filter(pk=pk).first()


# Places, topics, sources --------------------------------------------------------


def entries_by_kind(make_queryset):
    """[(kind info, [entries])] for the four kinds, each from ``make_queryset(published)``
    where ``published`` is the kind's list selector."""
    sections = [(kind.info(), list(make_queryset(selectors.published(kind)))) for kind in kinds.KINDS]
    translations.attach([entry for _, entries in sections for entry in entries])
    return sections


class RegionListView(TemplateView):
    template_name = "resources/region_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        countries = {}
        for country in Country.objects.all():
            countries.setdefault(country.region_id, []).append(country)
        regions = region_tree(Region.objects.all())
        for region in regions:
            region.country_list = sorted(countries.get(region.pk, []), key=lambda c: c.name)
        context["tree"] = [r for r in regions if r.kind != Region.Kind.GROUPING]
        context["groupings"] = [r for r in regions if r.kind == Region.Kind.GROUPING]
        return context


class RegionDetailView(View):
    def get(self, request, slug):
        region = get_object_or_404(Region.objects.select_related("parent"), slug=slug)
        countries = Country.objects.filter(pk__in=Geography.load().countries_in(region.pk))
        context = {
            "region": region,
            "ancestors": list(reversed(region.ancestors())),
            "children": list(region.children.all()),
            "countries": sorted(countries, key=lambda c: c.name),
            "sections": entries_by_kind(
                lambda published: published.in_region(region).prefetch_related("regions", "countries")
            ),
        }
        return render(request, "resources/region_detail.html", context)


# Entries listed in each group of a country page; "see all" links to the kind's list. Ten,
# as in its help section: a phone shows a page a reader can get through, and the page
# renders about a hundred entries rather than two hundred and fifty.
SECTION_LIMIT = 10
COVERAGE_ORDER = [
    (Coverage.NATIONAL, _("National: names this country")),
    (Coverage.REGIONAL, _("Regional: covers a region this country is in")),
    (Coverage.GLOBAL, _("Global: applies everywhere")),
]


class CountryDetailView(View):
    """A country's page: help first (resources/help.py), then what applies there."""

    template_name = "resources/country_detail.html"

    def get(self, request, code):
        if not re.fullmatch(r"[A-Za-z]{2}", code):
            raise Http404("No such country.")
        if code != code.lower():
            return redirect(request.resolver_match.view_name, code=code.lower(), permanent=True)
        country = get_object_or_404(
            Country.objects.select_related("region__parent__parent__parent"), code=code.upper()
        )
        return render(request, self.template_name, self.get_context(country))

    def get_context(self, country):
        sections = [
            self.section(kind.info(), selectors.published(kind), country)
            for kind in kinds.KINDS
            if kind.model is not SupportService
        ]
        # The services a victim can contact are in the help section above; the rest follow.
        professional = {**kinds.of(SupportService).info(), "plural": gettext("Services for professionals")}
        professional["key"] = "professional-services"
        others = self.section(professional, selectors.published(kinds.of(SupportService)), country)
        if others[2]:
            sections.append(others)
        help_ = country_help(country, translated=False)
        translations.attach(
            [
                *help_.services,
                *(entry for _, groups, _ in sections for _, _, entries, _ in groups for entry in entries),
            ]
        )
        return {
            "country": country,
            "help": help_,
            "regions": list(reversed([country.region, *country.region.ancestors()])),
            "groupings": list(country.groupings.all()),
            "sections": sections,
        }

    @staticmethod
    def section(kind, queryset, country):
        """(kind info, [(coverage, label, [the first entries], how many)], total) of
        ``queryset`` covering ``country``; the rest of each group is in the kind's list."""
        found = queryset.covering_groups(country, SECTION_LIMIT)
        groups = []
        for value, label in COVERAGE_ORDER:
            count, entries = found.get(value, (0, []))
            groups.append((value, label, entries, count))
        return (kind, groups, sum(count for count, _ in found.values()))


class CountryHelpSheetView(CountryDetailView):
    """One A4 page a caseworker can print and hand out: the country's help, nothing else."""

    template_name = "resources/country_print.html"

    def get_context(self, country):
        return {"country": country, "help": country_help(country)}


class TopicDetailView(View):
    def get(self, request, slug):
        area = get_object_or_404(FocusArea, slug=slug)
        context = {
            "topic": area,
            "sections": entries_by_kind(lambda published: published.with_term("focus_area", area.slug)),
            "topics": FocusArea.objects.all(),
        }
        return render(request, "resources/topic_detail.html", context)


class SourceListView(TemplateView):
    template_name = "resources/source_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sources"] = Source.objects.all()
        return context


class SourceDetailView(View):
    def get(self, request, slug):
        source = get_object_or_404(Source, slug=slug)
        citations = [
            c
            for c in Citation.objects.filter(source=source).prefetch_related("entry").order_by("pk")
            if c.entry is not None and c.entry.is_published
        ]
        translations.attach([citation.entry for citation in citations])
        html, located, missing = highlight(source.text, citations)
        context = {"source": source, "text_html": html, "located": located, "missing": missing}
        return render(request, "resources/source_detail.html", context)


def locate(text, quote):
    """Where ``quote`` occurs in ``text`` with any whitespace between its words, or None."""
    words = quote.split()
    if not words:
        return None
    match = re.search(r"\s+".join(re.escape(word) for word in words), text)
    return match.span() if match else None


def highlight(text, citations):
    """The text as HTML, each located citation in ``<mark id="citation-<pk>">``, followed by
    links to the records citing it. Overlapping passages are split into segments; a
    citation's id goes on the segment where it starts.

    Returns (html, located citations in text order, citations whose passage was not found).
    """
    spans, missing = [], []
    for citation in citations:
        span = locate(text, citation.quote)
        if span is None:
            missing.append(citation)
        else:
            spans.append((span[0], span[1], citation))
    spans.sort(key=lambda s: (s[0], -s[1], s[2].pk))
    bounds = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    parts = []
    for start, end in itertools.pairwise(bounds):
        covering = [s for s in spans if s[0] <= start and s[1] >= end]
        chunk = escape(text[start:end])
        if not covering:
            parts.append(chunk)
            continue
        starting = [s[2] for s in covering if s[0] == start]
        corrected = any(s[2].correction for s in covering)
        css = "cited corrected" if corrected else "cited"
        if starting:
            opening = "".join(format_html('<mark id="{}" class="{}">', c.anchor, css) for c in starting)
            parts.append(opening + chunk + "</mark>" * len(starting))
        else:
            parts.append(format_html('<mark class="{}">', css) + chunk + "</mark>")
        ending = [s[2] for s in covering if s[1] == end]
        if ending:
            links = ", ".join(cited_by(c) for c in ending)
            # Translators: after a highlighted passage; "records" are links to the records citing it.
            cited = html_message(gettext("[cited by %(records)s]"), records=mark_safe(links))
            parts.append(format_html('<span class="cited-by"> {}</span>', cited))
    return mark_safe("".join(parts)), [s[2] for s in spans], missing


def html_message(message, **values):
    """A translated ``message`` with ``%(name)s`` placeholders as HTML: the message escaped,
    each value escaped unless it is already HTML."""
    escaped = {name: conditional_escape(value) for name, value in values.items()}
    return mark_safe(conditional_escape(message) % escaped)


def cited_by(citation):
    """A link to the record citing a passage, saying so when the citation corrects it."""
    name = translations.shown(citation.entry, "name").html()
    link = format_html('<a href="{}">{}</a>', citation.entry.get_absolute_url(), name)
    if not citation.correction:
        return link
    # Translators: after the name of a record that cites a passage and corrects it.
    return html_message(gettext("%(record)s (corrected)"), record=link)
