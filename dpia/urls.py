from django.urls import path

from . import views

app_name = "dpia"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("calendar/", views.review_calendar_page, name="calendar"),
    path("pipeline/", views.pipeline_page, name="pipeline"),
    path("export.csv", views.export_csv, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
