from django.urls import path

from . import views

app_name = "requests"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("mine/", views.my_work, name="my_work"),
    path("export.csv", views.export_csv, name="export"),
    path("assign/", views.bulk_assign, name="bulk_assign"),
    path("team/", views.team, name="team"),
    path("new/", views.choose_kind, name="new"),
    path("new/<slug:kind>/", views.log_request, name="log"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/logged/", views.logged, name="logged"),
    path("<int:pk>/<slug:action>/", views.request_action, name="action"),
]
