"""Addresses for following and indexing the directory: Atom feeds, sitemap.xml, robots.txt."""

from django.urls import path

from . import feeds, kinds, sitemaps

app_name = "share"

urlpatterns = [
    path("feed.atom", feeds.EntryFeed(), name="feed"),
    *(
        path(f"{kind.path}/feed.atom", feeds.KindFeed(), {"kind": kind.path}, name=f"{kind.key}-feed")
        for kind in kinds.KINDS
    ),
    path("regions/<slug:slug>/feed.atom", feeds.RegionFeed(), name="region-feed"),
    path("countries/<str:code>/feed.atom", feeds.CountryFeed(), name="country-feed"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
]
