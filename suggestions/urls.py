from django.urls import path

from . import views

app_name = "suggestions"

urlpatterns = [
    path("listing/", views.suggest_listing, name="listing"),
    path("thanks/", views.thanks, name="thanks"),
    path("<str:kind>/<slug:slug>/", views.suggest_correction, name="correction"),
]
