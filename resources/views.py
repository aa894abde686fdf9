"""Public HTML pages."""

from django.views.generic import TemplateView

HomeView = OrganizationListView = OrganizationDetailView = TemplateView
InstrumentListView = InstrumentDetailView = StrategyListView = StrategyDetailView = TemplateView
ServiceListView = ServiceDetailView = RegionDetailView = CountryDetailView = TemplateView
TopicDetailView = SourceDetailView = TemplateView
