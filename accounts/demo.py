"""The demo users of `manage.py create_demo_users` (development only)."""

from .models import Role

DEMO_PASSWORD = "rights-desk-demo"
DEMO_USERS = [
    ("caseworker", Role.CASEWORKER, "Casey", "Worker"),
    ("teamlead", Role.TEAM_LEAD, "Terry", "Lead"),
    ("dpo", Role.DPO, "Dana", "Officer"),
    ("board", Role.DATA_BOARD, "Bailey", "Board"),
    ("admin", Role.ADMIN, "Alex", "Admin"),
]
DEMO_USERNAMES = frozenset(username for username, *_ in DEMO_USERS)
