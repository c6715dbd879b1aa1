"""Counts print with thousands separators ("77,842 requests", not "77842")."""

from django.template.loader import render_to_string


def test_my_work_counts_have_thousands_separators():
    html = render_to_string(
        "requests_tracker/_my_work.html",
        {"counts": {"open": 12345, "overdue": 1200, "due_this_week": 7}, "rows": []},
    )
    assert "12,345" in html
    assert "1,200" in html
