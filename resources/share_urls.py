"""Addresses for following and indexing the directory: Atom feeds, sitemap.xml, robots.txt."""

from django.urls import path, re_path

from . import feeds, sitemaps

app_name = "share"

urlpatterns = [
    path("feed.atom", feeds.EntryFeed(), name="feed"),
    re_path(
        r"^(?P<kind>organizations|instruments|strategies|services)/feed\.atom$",
        feeds.KindFeed(),
        name="kind-feed",
    ),
    path("regions/<slug:slug>/feed.atom", feeds.RegionFeed(), name="region-feed"),
    path("countries/<str:code>/feed.atom", feeds.CountryFeed(), name="country-feed"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
]
