from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("resources.api.urls")),
    path("suggest/", include("suggestions.urls")),
    path("", include("resources.urls")),
]
