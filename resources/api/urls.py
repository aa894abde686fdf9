from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from resources import kinds

from . import hsds, views
from .negotiation import RootView, SchemaView

app_name = "api"

# (prefix, viewset, basename) of each kind of entry (resources/kinds.py).
ENTRY_ENDPOINTS = [(kind.path, views.ENTRY_VIEWSETS[kind.key], kind.key) for kind in kinds.KINDS]

router = DefaultRouter()
router.APIRootView = RootView
router.include_format_suffixes = False
for prefix, viewset, basename in ENTRY_ENDPOINTS:
    router.register(prefix, viewset, basename=basename)
router.register("regions", views.RegionViewSet, basename="region")
router.register("countries", views.CountryViewSet, basename="country")
router.register("focus-areas", views.FocusAreaViewSet, basename="focus-area")
router.register("service-types", views.ServiceTypeViewSet, basename="service-type")
router.register("populations", views.PopulationViewSet, basename="population")
router.register("sources", views.SourceViewSet, basename="source")

# Exports end in their format, with no trailing slash, so they are declared
# here rather than as router actions.
exports = [
    path(f"{prefix}/export.{fmt}", viewset.as_view({"get": f"export_{fmt}"}), name=f"{basename}-export-{fmt}")
    for prefix, viewset, basename in ENTRY_ENDPOINTS
    for fmt in ("csv", "ndjson")
]

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    # The split view serves its script from a URL rather than inline, as the
    # Content-Security-Policy requires.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    *exports,
    # Open Referral HSDS 3.0 (resources/hsds.py, docs/api.md).
    path("hsds/organizations/", hsds.HSDSOrganizationsView.as_view(), name="hsds-organizations"),
    path("hsds/services/", hsds.HSDSServicesView.as_view(), name="hsds-services"),
    path("hsds/datapackage.zip", hsds.HSDSDataPackageView.as_view(), name="hsds-datapackage"),
    path("", include(router.urls)),
]
