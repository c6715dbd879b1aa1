from django.urls import path

from . import views

app_name = "breaches"

urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.record, name="record"),
    path("export.csv", views.export_csv, name="export"),
    path("analysis/", views.analysis, name="analysis"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path(
        "<int:pk>/actions/complete/",
        views.act,
        {"name": "complete-action"},
        name="complete_action",
    ),
    path("<int:pk>/<slug:name>/", views.act, name="act"),
]
