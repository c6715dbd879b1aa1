from django.urls import path

from . import letter_views, views

app_name = "casefile"

urlpatterns = [
    path("requests/<int:pk>/documents/", views.upload, name="upload"),
    path("requests/<int:pk>/data-requests/", views.data_request_new, name="data_request_new"),
    path("requests/<int:pk>/letters/", letter_views.letter_new, name="letter_new"),
    path("requests/<int:pk>/timeline.csv", letter_views.timeline_csv, name="timeline_csv"),
    path("letter-templates/", letter_views.template_list, name="template_list"),
    path("letter-templates/<slug:key>/", letter_views.template_edit, name="template_edit"),
    path("documents/<int:pk>/", views.document_download, name="download"),
    path("documents/<int:pk>/confirm-release/", views.confirm_release, name="confirm_release"),
    path("documents/<int:pk>/release/", views.release, name="release"),
    path("data-requests/<int:pk>/chase/", views.data_request_chase, name="chase"),
    path("data-requests/<int:pk>/received/", views.data_request_received, name="received"),
]
