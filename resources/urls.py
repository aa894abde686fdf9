from django.urls import path

from . import explore_views, views

app_name = "resources"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path("organizations/<slug:slug>/", views.OrganizationDetailView.as_view(), name="organization-detail"),
    path("instruments/", views.InstrumentListView.as_view(), name="instrument-list"),
    path("instruments/<slug:slug>/", views.InstrumentDetailView.as_view(), name="instrument-detail"),
    path("strategies/", views.StrategyListView.as_view(), name="strategy-list"),
    path("strategies/<slug:slug>/", views.StrategyDetailView.as_view(), name="strategy-detail"),
    path("services/", views.ServiceListView.as_view(), name="service-list"),
    path("services/<slug:slug>/", views.ServiceDetailView.as_view(), name="service-detail"),
    path("regions/", views.RegionListView.as_view(), name="region-list"),
    path("regions/<slug:slug>/", views.RegionDetailView.as_view(), name="region-detail"),
    path("countries/<str:code>/", views.CountryDetailView.as_view(), name="country-detail"),
    path("countries/<str:code>/print/", views.CountryHelpSheetView.as_view(), name="country-print"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("sources/", views.SourceListView.as_view(), name="source-list"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source-detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("safety/", views.SafetyView.as_view(), name="safety"),
    path("explore/", explore_views.ExploreView.as_view(), name="explore"),
    path("explore/map/", explore_views.MapView.as_view(), name="explore-map"),
    path("explore/matrix/", explore_views.MatrixView.as_view(), name="explore-matrix"),
]
