from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from directory import health
from resources import sitemaps

# A database outage is a 503 with Retry-After; any other uncaught error a 500.
handler500 = "directory.errors.server_error"

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/v1/", include("resources.api.urls")),
    # Open Referral HSDS 3.0, as its API reference spells its paths (resources/hsds_api/).
    path("api/hsds/", include("resources.hsds_api.urls")),
    # One sitemap for every language: each page lists its addresses in the others.
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
]

# The pages people read, in each language: English unprefixed, as they always were, the
# others under their code (directory/languages.py).
urlpatterns += i18n_patterns(
    path("suggest/", include("suggestions.urls")),
    path("", include("resources.share_urls")),
    path("", include("resources.urls")),
    prefix_default_language=False,
)
