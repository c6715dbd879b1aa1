"""System checks: the Board's targets and amber band must make sense before anything
serves (`check`, `migrate` and `runserver` stop on an error)."""

from django.conf import settings
from django.core import checks


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


@checks.register(checks.Tags.compatibility)
def board_thresholds_are_valid(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    target = _number(getattr(settings, "BOARD_TARGET_PERCENT", None))
    band = _number(getattr(settings, "BOARD_AMBER_BAND", None))
    if target is None or not 0 < target <= 100:
        errors.append(
            checks.Error(
                f"BOARD_TARGET_PERCENT must be a percentage above 0 and at most 100, not "
                f"{getattr(settings, 'BOARD_TARGET_PERCENT', None)!r}.",
                id="dashboards.E001",
            )
        )
    targets = getattr(settings, "TIMELINESS_TARGETS", {}) or {}
    for kind, value in targets.items():
        number = _number(value)
        if number is None or not 0 < number <= 100:
            errors.append(
                checks.Error(
                    f"The timeliness target for {kind} must be above 0 and at most 100, "
                    f"not {value!r}.",
                    id="dashboards.E002",
                )
            )
    lowest = min([_number(v) or 0 for v in targets.values()] + [target or 0])
    if band is None or band < 0 or (lowest and band >= lowest):
        errors.append(
            checks.Error(
                f"BOARD_AMBER_BAND must be 0 or more percentage points and below every "
                f"target ({lowest:g}), not {getattr(settings, 'BOARD_AMBER_BAND', None)!r}.",
                hint="Amber covers the points just below the target: 5 means a month 85–89.9% "
                "against a 90% target is amber.",
                id="dashboards.E003",
            )
        )
    return errors  # type: ignore[return-value]
