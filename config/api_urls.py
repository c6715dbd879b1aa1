"""The one API router at /api/v1/: every resource, and one root that lists them all."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from breaches.api.views import BreachViewSet
from casefile.api.urls import urlpatterns as casefile_urls
from dashboards.api import MonthlyPerformanceView
from disclosure.api.views import DisclosureLogViewSet
from dpia.api.views import AssessmentViewSet
from intake.api import PublicRequestView
from requests_tracker.api.views import RequestViewSet


class Router(DefaultRouter):
    """DefaultRouter whose root also lists the API's plain views (not viewsets)."""

    #: root entry → URL name
    views = {
        "performance/monthly": "performance-monthly",
        "public/requests": "public-requests",
    }

    def get_api_root_view(self, api_urls=None):
        root = {
            prefix: self.routes[0].name.format(basename=basename)
            for prefix, _, basename in self.registry
        }
        root.update(self.views)
        return self.APIRootView.as_view(api_root_dict=root)


router = Router(trailing_slash=True)
router.register("requests", RequestViewSet, basename="request")
router.register("breaches", BreachViewSet, basename="breach")
router.register("assessments", AssessmentViewSet, basename="assessment")
router.register("disclosure-log", DisclosureLogViewSet, basename="disclosure-log")

urlpatterns = [
    path("performance/monthly/", MonthlyPerformanceView.as_view(), name="performance-monthly"),
    # Requests made online by the public (intake app): anonymous, POST only.
    path("public/requests/", PublicRequestView.as_view(), name="public-requests"),
    # The case file (documents, data requests): plain views under the requests' prefix.
    *casefile_urls,
    *router.urls,
]
