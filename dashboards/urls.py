"""Mounted by config/urls.py: the public pages at performance/ (namespace
"performance") and the Data Board at data-board/ (namespace "data_board")."""

from django.urls import path

from . import views

public_urlpatterns = [
    path("", views.performance, name="index"),
    path("methodology/", views.methodology, name="methodology"),
    path("data.csv", views.data_csv, name="data-csv"),
]

board_urlpatterns = [
    path("", views.board_page, name="index"),
    path("pack.pdf", views.board_pdf, name="pdf"),
    path("commentary/", views.board_commentary, name="commentary"),
    path("returns/", views.returns, name="returns"),
    path("returns.csv", views.returns_csv, name="returns-csv"),
]
