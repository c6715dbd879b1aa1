from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Timeliness dashboards"

    def ready(self) -> None:
        from core import outbox
        from requests_tracker.vocabularies import TIMELINESS_STREAM

        from . import checks, services  # noqa: F401 - checks register themselves

        # Request services announce changes to "timeliness"; the snapshots listen.
        outbox.register(TIMELINESS_STREAM, services.recompute_announced)
