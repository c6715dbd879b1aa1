from rest_framework.routers import DefaultRouter

from .views import AssessmentViewSet

router = DefaultRouter(trailing_slash=True)
router.register("assessments", AssessmentViewSet, basename="assessment")

urlpatterns = router.urls
