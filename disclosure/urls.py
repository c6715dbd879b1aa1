"""Mounted at /disclosure-log/ (namespace "disclosure") by config/urls.py."""

from django.urls import path

from . import views
from .feeds import DisclosureLogFeed

app_name = "disclosure"

urlpatterns = [
    path("", views.log, name="log"),
    path("disclosure-log.csv", views.log_csv, name="csv"),
    path("feed/", DisclosureLogFeed(), name="feed"),
    path("<int:pk>/", views.item_page, name="item"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document"),
    path("manage/", views.manage, name="manage"),
    path("requests/<int:pk>/publish/", views.publish, name="publish"),
    path("requests/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
