"""Caseworker and team-lead pages: thin views that read through selectors and write
through services, exactly as the API does. One module per page family: lists (My work,
the request list, bulk assign, CSV, the team page), intake (logging a request) and
detail (the request page and its actions)."""

from .detail import PAGE_TEXT, request_action, request_detail, slug_of
from .intake import choose_kind, log_request, logged
from .lists import (
    bulk_assign,
    export_csv,
    home_context,
    my_work,
    my_work_context,
    request_list,
    team,
)

__all__ = [
    "PAGE_TEXT",
    "bulk_assign",
    "choose_kind",
    "export_csv",
    "home_context",
    "log_request",
    "logged",
    "my_work",
    "my_work_context",
    "request_action",
    "request_detail",
    "request_list",
    "slug_of",
    "team",
]
