"""How published numbers are rounded: one rule for every figure (docs/metrics.md,
"Percentages, rounding and no data")."""

from __future__ import annotations


def round_pct(value: float | None, places: int = 1) -> float | None:
    """Half-up rounding for published percentages (76.25 → 76.3, never banker's).

    Python's round() rounds half to even on the binary value (round(12.25, 1) is 12.2),
    which is not what a reader checking a figure by hand expects. The 1e-9 absorbs a
    binary representation error just below a half."""
    if value is None:
        return None
    scale: int = 10**places
    return int(value * scale + 0.5 + 1e-9) / scale
