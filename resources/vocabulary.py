"""The names of the directory's fixed vocabulary (regions and groupings, focus areas, service
types, populations), marked for translation: the fixtures hold them in English, the
catalogs under locale/ in every other language, and ``Region.label`` and
``TaxonomyTerm.label`` show them in the page's language. A name staff change in the admin
shows in English until the catalogs have it (tests/test_catalogs.py checks that every name
in the fixtures is here).
"""

from django.utils.translation import pgettext_lazy

# The context of each vocabulary's names in the catalogs, by model name.
CONTEXTS = {
    "region": "region",
    "focusarea": "focus area",
    "servicetype": "service type",
    "population": "population",
}

REGIONS = (
    pgettext_lazy("region", "World"),
    pgettext_lazy("region", "Africa"),
    pgettext_lazy("region", "Northern Africa"),
    pgettext_lazy("region", "Sub-Saharan Africa"),
    pgettext_lazy("region", "Eastern Africa"),
    pgettext_lazy("region", "Middle Africa"),
    pgettext_lazy("region", "Southern Africa"),
    pgettext_lazy("region", "Western Africa"),
    pgettext_lazy("region", "Americas"),
    pgettext_lazy("region", "Latin America and the Caribbean"),
    pgettext_lazy("region", "Caribbean"),
    pgettext_lazy("region", "Central America"),
    pgettext_lazy("region", "South America"),
    pgettext_lazy("region", "Northern America"),
    pgettext_lazy("region", "Asia"),
    pgettext_lazy("region", "Central Asia"),
    pgettext_lazy("region", "Eastern Asia"),
    pgettext_lazy("region", "South-eastern Asia"),
    pgettext_lazy("region", "Southern Asia"),
    pgettext_lazy("region", "Western Asia"),
    pgettext_lazy("region", "Europe"),
    pgettext_lazy("region", "Eastern Europe"),
    pgettext_lazy("region", "Northern Europe"),
    pgettext_lazy("region", "Southern Europe"),
    pgettext_lazy("region", "Western Europe"),
    pgettext_lazy("region", "Oceania"),
    pgettext_lazy("region", "Australia and New Zealand"),
    pgettext_lazy("region", "Melanesia"),
    pgettext_lazy("region", "Micronesia"),
    pgettext_lazy("region", "Polynesia"),
    pgettext_lazy("region", "Antarctica"),
    pgettext_lazy("region", "European Union"),
    pgettext_lazy("region", "Council of Europe member states"),
    pgettext_lazy("region", "ASEAN member states"),
)

FOCUS_AREAS = (
    pgettext_lazy("focus area", "Prevention"),
    pgettext_lazy("focus area", "Protection"),
    pgettext_lazy("focus area", "Prosecution"),
    pgettext_lazy("focus area", "Partnership"),
)

SERVICE_TYPES = (
    pgettext_lazy("service type", "Shelter and safe housing"),
    pgettext_lazy("service type", "Counselling and mental-health support"),
    pgettext_lazy("service type", "Legal assistance"),
    pgettext_lazy("service type", "Medical care"),
    pgettext_lazy("service type", "Vocational training and education"),
    pgettext_lazy("service type", "Hotline or helpline"),
    pgettext_lazy("service type", "Reintegration and job placement"),
    pgettext_lazy("service type", "Rescue and victim identification"),
    pgettext_lazy("service type", "Basic needs"),
)

POPULATIONS = (
    pgettext_lazy("population", "Survivors of trafficking"),
    pgettext_lazy("population", "Women and girls"),
    pgettext_lazy("population", "Children"),
    pgettext_lazy("population", "Migrants"),
    pgettext_lazy("population", "Survivors of sex trafficking"),
    pgettext_lazy("population", "Survivors of labour trafficking"),
    pgettext_lazy("population", "At-risk communities"),
    pgettext_lazy("population", "Law enforcement and front-line professionals"),
)
