from django.urls import path

from . import views

urlpatterns = [
    path(
        "requests/<int:pk>/documents/",
        views.RequestDocumentsView.as_view(),
        name="request-documents",
    ),
    path(
        "requests/<int:pk>/data-requests/",
        views.RequestDataRequestsView.as_view(),
        name="request-data-requests",
    ),
    path("requests/<int:pk>/letters/", views.RequestLettersView.as_view(), name="request-letters"),
    path("requests/<int:pk>/emails/", views.RequestEmailsView.as_view(), name="request-emails"),
    path(
        "documents/<int:pk>/content/", views.DocumentContentView.as_view(), name="document-content"
    ),
    path(
        "documents/<int:pk>/confirm-release/",
        views.ConfirmReleaseView.as_view(),
        name="document-confirm-release",
    ),
    path("documents/<int:pk>/release/", views.ReleaseView.as_view(), name="document-release"),
    path(
        "data-requests/<int:pk>/chase/",
        views.DataRequestChaseView.as_view(),
        name="data-request-chase",
    ),
    path(
        "data-requests/<int:pk>/received/",
        views.DataRequestReceivedView.as_view(),
        name="data-request-received",
    ),
]
