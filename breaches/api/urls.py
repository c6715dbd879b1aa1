from rest_framework.routers import DefaultRouter

from .views import BreachViewSet

router = DefaultRouter(trailing_slash=True)
router.register("breaches", BreachViewSet, basename="breach")

urlpatterns = router.urls
