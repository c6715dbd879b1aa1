from django.urls import path

from .api import MonthlyPerformanceView

urlpatterns = [
    path("performance/monthly/", MonthlyPerformanceView.as_view(), name="performance-monthly"),
]
