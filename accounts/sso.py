"""What a single sign-on user's claims mean here: pure functions, no Django models.

A claim may hold one value or a list (Entra ID's `groups` is a list of object ids; an
app-roles claim is a list of names)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


def claim_values(claims: Mapping[str, object], name: str) -> list[str]:
    value = claims.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return [str(value)]


@dataclass(frozen=True)
class Mapped:
    roles: frozenset[str]
    #: The unit's name, or None when no claim value names one.
    unit: str | None


def map_claims(
    claims: Mapping[str, object],
    *,
    role_claim: str,
    role_map: Mapping[str, str],
    unit_claim: str,
    unit_map: Mapping[str, str],
) -> Mapped:
    """The roles every mapped claim value grants, and the unit of the first claim value
    (in the claim's order) that names one."""
    roles = frozenset(role_map[v] for v in claim_values(claims, role_claim) if v in role_map)
    unit = next((unit_map[v] for v in claim_values(claims, unit_claim) if v in unit_map), None)
    return Mapped(roles=roles, unit=unit)


def config_errors(*, role_map: object, unit_map: object, known_roles: set[str]) -> list[str]:
    """What is wrong with the mapping settings, as sentences (empty: nothing)."""
    errors = []
    for name, mapping in (("OIDC_ROLE_MAP", role_map), ("OIDC_UNIT_MAP", unit_map)):
        if not isinstance(mapping, dict):
            errors.append(f"{name} must be a JSON object of claim value -> name.")
            continue
        for key, value in mapping.items():
            if not isinstance(key, str) or not key or not isinstance(value, str) or not value:
                errors.append(f"{name}: {key!r} -> {value!r} is not text -> text.")
    if isinstance(role_map, dict):
        for key, value in role_map.items():
            if isinstance(value, str) and value and value not in known_roles:
                errors.append(
                    f"OIDC_ROLE_MAP: {key!r} maps to {value!r}, which is not a role "
                    f"(one of {', '.join(sorted(known_roles))})."
                )
    return errors
