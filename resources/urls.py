from django.urls import path

from . import explore_views, kinds, views

app_name = "resources"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    *(
        url
        for kind in kinds.KINDS
        for url in (
            path(f"{kind.path}/", views.EntryListView.as_view(kind=kind), name=f"{kind.key}-list"),
            path(
                f"{kind.path}/<slug:slug>/",
                views.EntryDetailView.as_view(kind=kind),
                name=f"{kind.key}-detail",
            ),
        )
    ),
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
