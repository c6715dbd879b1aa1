"""docs/permissions.md's role-set table is the policy module's, both ways."""

import re
from pathlib import Path

from accounts.models import Role
from core import policy

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def _documented() -> dict[str, set[str]]:
    text = DOC.read_text()
    section = text.split("## Role sets", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([A-Z_]+)` \| ([a-z_, ]+) \|", section, re.M)
    return {name: {role.strip() for role in roles.split(",")} for name, roles in rows}


def _in_code() -> dict[str, set[str]]:
    return {
        name: {str(role) for role in value}
        for name, value in vars(policy).items()
        if name.isupper()
        and isinstance(value, tuple)
        and value
        and all(isinstance(role, str) and role in Role.values for role in value)
    }


def test_the_role_set_table_matches_core_policy():
    documented, code = _documented(), _in_code()
    assert documented, "docs/permissions.md has no role-set table"
    assert documented == code


def test_every_documented_role_exists():
    for name, roles in _documented().items():
        assert roles <= set(Role.values), name
