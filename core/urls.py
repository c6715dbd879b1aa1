from django.urls import path

from . import notify, views

urlpatterns = [
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("access-log/", views.access_log, name="access-log"),
    path("access-log/export.csv", views.access_log_export, name="access-log-export"),
    path("access-log/unusual/", views.unusual_access, name="unusual-access"),
    path("role-changes/", views.role_changes, name="role-changes"),
    path("role-changes/export.csv", views.role_changes_export, name="role-changes-export"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("notify/delivery-receipts", notify.delivery_receipt, name="notify-delivery-receipt"),
    path("jobs/<int:pk>/download", views.job_download, name="job-download"),
]
