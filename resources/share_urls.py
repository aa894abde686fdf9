"""Addresses for following the directory: its Atom feeds, in each language.

sitemap.xml and robots.txt, one for every language, are in directory/urls.py."""

from django.urls import path

from . import feeds, kinds

app_name = "share"

urlpatterns = [
    path("feed.atom", feeds.EntryFeed(), name="feed"),
    *(
        path(f"{kind.path}/feed.atom", feeds.KindFeed(), {"kind": kind.path}, name=f"{kind.key}-feed")
        for kind in kinds.KINDS
    ),
    path("regions/<slug:slug>/feed.atom", feeds.RegionFeed(), name="region-feed"),
    path("countries/<str:code>/feed.atom", feeds.CountryFeed(), name="country-feed"),
]
