from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("no-access/", views.no_access, name="no-access"),
    path("two-factor/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path(
        "two-factor/recovery-codes/",
        views.two_factor_recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path("access-review/", views.access_review, name="access-review"),
]
