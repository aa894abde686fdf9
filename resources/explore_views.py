"""The explore pages: a world coverage map and a region-by-focus-area matrix.

Both count all four kinds of published entry, or one kind under that kind's list
filters (``?of=instrument&scope=regional``): then each number links to the list
it counts. The instrument timeline is on the instrument list and the home page.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views import View
from django.views.generic import TemplateView

from pagecache.middleware import uses_parameters
from resources import kinds, selectors
from resources.views import error_list
from resources.visuals.pages import coverage_map, coverage_matrix


class ExploreView(TemplateView):
    template_name = "resources/explore.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kinds"] = [kind.info() for kind in kinds.KINDS]
        return context


class ExploreVisualView(View):
    """One kind under its filters, or every kind; ``draw(querysets, params, list_url, noun)``."""

    template_name = None
    excluded = ()  # the filters the visual leaves out: its own dimension

    def draw(self, querysets, params, list_url, noun):
        raise NotImplementedError

    parameters = ("of",)  # and its kind's filters

    def get(self, request):
        uses_parameters(request, *self.parameters)
        key = request.GET.get("of", "")
        if key and key not in kinds.BY_KEY:
            raise Http404("No such kind of entry.")
        kind = kinds.BY_KEY.get(key)
        context = {
            "kind": kind.info() if kind else None,
            "kind_links": [
                (gettext("All kinds"), reverse(self.url_name), kind is None),
                *((k.plural, f"{reverse(self.url_name)}?of={k.key}", k is kind) for k in kinds.KINDS),
            ],
            "errors": [],
        }
        if kind is None:
            # Translators: what the map counts when it counts every kind of entry.
            noun = gettext("entries")
            querysets, list_url = [selectors.published(k) for k in kinds.KINDS], None
        else:
            filterset = selectors.filtered(kind, request.GET)
            uses_parameters(request, *self.parameters, *filterset.filters)
            if not filterset.is_valid():
                context["errors"] = error_list(filterset)
                return render(request, self.template_name, context, status=400)
            querysets = [filterset.queryset_without(*self.excluded)]
            list_url, noun = context["kind"]["list_url"], context["kind"]["plural"].lower()
            params = request.GET.copy()
            params.pop("of", None)
            params.pop("layer", None)
            context["list_link"] = list_url + ("?" + params.urlencode() if params else "")
            ignored = ("ordering", *self.excluded)
            context["filtered"] = any(request.GET.get(n) for n in filterset.filters if n not in ignored)
        context["visual"] = self.draw(querysets, request.GET, list_url, noun)
        return render(request, self.template_name, context)


class MapView(ExploreVisualView):
    template_name = "resources/explore_map.html"
    url_name = "resources:explore-map"
    excluded = ("country",)
    parameters = ("of", "layer")

    def draw(self, querysets, params, list_url, noun):
        return coverage_map(querysets, params, list_url, noun)


class MatrixView(ExploreVisualView):
    template_name = "resources/explore_matrix.html"
    url_name = "resources:explore-matrix"
    excluded = ("region", "focus_area")

    def draw(self, querysets, params, list_url, noun):
        return coverage_matrix(querysets, params, list_url)
