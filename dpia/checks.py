"""System checks: the DPIA triage table in settings must add up before anything serves."""

from django.conf import settings
from django.core import checks

from . import rules


@checks.register(checks.Tags.compatibility)
def triage_table_is_valid(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    config = getattr(settings, "DPIA_TRIAGE", None) or rules.DEFAULT_TRIAGE
    try:
        rules.build_table(config)
    except rules.TriageConfigError as error:
        return [
            checks.Error(
                str(error),
                hint="Fix DPIA_TRIAGE (JSON in the shape of dpia.rules.DEFAULT_TRIAGE) or unset it.",
                id="dpia.E001",
            )
        ]
    return []
