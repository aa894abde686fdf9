"""/api/hsds/: the HSDS 3.0 API reference's paths, spelled as it spells them (no trailing slash)."""

from django.urls import path

from . import views

app_name = "hsds"

urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    path("openapi.json", views.OpenAPIView.as_view(), name="openapi"),
    path("services", views.ServiceList.as_view(), name="services"),
    path("services/<str:id>", views.ServiceDetail.as_view(), name="service"),
    path("organizations", views.OrganizationList.as_view(), name="organizations"),
    path("organizations/<str:id>", views.OrganizationDetail.as_view(), name="organization"),
    path("taxonomies", views.TaxonomyList.as_view(), name="taxonomies"),
    path("taxonomies/<str:id>", views.TaxonomyDetail.as_view(), name="taxonomy"),
    path("taxonomy_terms", views.TaxonomyTermList.as_view(), name="taxonomy-terms"),
    path("taxonomy_terms/<str:id>", views.TaxonomyTermDetail.as_view(), name="taxonomy-term"),
]
