from django.apps import AppConfig


class BreachesConfig(AppConfig):
    name = "breaches"
    verbose_name = "Personal-data breaches"

    def ready(self) -> None:
        from core import outbox

        from . import snapshots

        outbox.register(snapshots.STREAM, snapshots.recompute_announced)
